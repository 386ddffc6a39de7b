"""The benchmark's own data: a network far larger than any real one."""

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from modeltranslation.utils import build_localized_fieldname

from members.models import MemberOrganization, Membership, Town
from networks.models import Network

SLUG_PREFIX = "bench-"
LARGE_NETWORK_SLUG = f"{SLUG_PREFIX}large-network"


def _in_every_language(obj, **values):
    for code, _name in settings.LANGUAGES:
        for field, value in values.items():
            setattr(obj, build_localized_fieldname(field, code), value)


@transaction.atomic
def create_large_network(size=300):
    """A published network with `size` published member organizations (made anew)."""
    delete_bench_data()
    network = Network(
        kind=Network.Kind.EUROPEAN_NETWORK, founded_year=2000, display_order=999, is_published=True
    )
    _in_every_language(
        network,
        slug=LARGE_NETWORK_SLUG,
        name="Large Benchmark Network",
        short_name="LBN",
        summary="A generated network for the benchmark.",
        description="Generated for `make bench`.\n\nIt is not part of the content.",
        astra_relationship="None: generated data.",
        headquarters="Belgrade, Serbia",
        member_count_note=f"{size} generated organizations",
    )
    network.save()
    # A town of its own, so that removing the benchmark's data never touches a real one.
    town = Town(country="RS", latitude=Decimal("45.25"), longitude=Decimal("19.84"))
    _in_every_language(town, slug=f"{SLUG_PREFIX}novi-sad", name="Novi Sad")
    town.save()
    roles = Membership.Role.values
    for number in range(1, size + 1):
        organization = MemberOrganization(
            town=town, website="https://example.org/", is_published=True
        )
        _in_every_language(
            organization,
            slug=f"{SLUG_PREFIX}organization-{number:03d}",
            name=f"Benchmark Organization {number:03d}",
            description="A generated organization.",
        )
        organization.save()
        Membership.objects.create(
            network=network,
            organization=organization,
            role=roles[number % len(roles)],
            since=1990 + number % 35,
        )
    return network


def delete_bench_data():
    """Removes what create_large_network made; the real content is left alone."""
    slug = build_localized_fieldname("slug", settings.LANGUAGE_CODE)
    Network.objects.filter(**{f"{slug}__startswith": SLUG_PREFIX}).delete()
    MemberOrganization.objects.filter(**{f"{slug}__startswith": SLUG_PREFIX}).delete()
    # After its organizations: a town in use cannot be deleted.
    Town.objects.filter(**{f"{slug}__startswith": SLUG_PREFIX}).delete()
