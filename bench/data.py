"""The benchmark's own data: a directory that has outgrown its first year.

By default 50 networks, 1,000 organizations in 20 towns of six countries and 3,000
memberships, one network (the "large" one) with 300 members. Every translated text is
written in English and Serbian Latin, and the Serbian Cyrillic is made from the Latin by
the same pipeline an editor's save runs (``prepare_texts``: sanitising, transliteration,
slugs, search keys), so the rows are what the admin would have stored. They are then
inserted with ``bulk_create``, which skips only ``save()`` itself: the logo renditions
(there are no logos) and the signals that invalidate the page cache (done once at the end).

Every row is marked twice, so that removing it can never touch real content: its slugs
start with ``bench-`` in every language, and organizations and networks have a website
on ``bench.invalid`` (a name that can never exist, RFC 2606).
"""

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from modeltranslation.utils import build_localized_fieldname

from core.cache import invalidate_pages
from members.models import MemberOrganization, Membership, Town
from networks.models import Goal, Network

SLUG_PREFIX = "bench-"
LARGE_NETWORK_SLUG = f"{SLUG_PREFIX}large-network"
WEBSITE = "https://bench.invalid/"
# Well after the real networks' places on the home page.
FIRST_DISPLAY_ORDER = 10_000

# (Serbian Latin, English): the Cyrillic is generated. Searching "žena" finds a fifth.
# With their acronyms (Serbian Latin, English).
KINDS = (
    ("Udruženje građana", "Citizens’ Association", "UG", "CA"),
    ("Centar za prava žena", "Women’s Rights Centre", "CPŽ", "WRC"),
    ("Mreža za podršku", "Support Network", "MZP", "SN"),
    ("Fondacija", "Foundation", "FOND", "FDN"),
    ("Inicijativa mladih", "Youth Initiative", "IM", "YI"),
)
WORDS = (
    ("Sunce", "Sun"),
    ("Most", "Bridge"),
    ("Izvor", "Spring"),
    ("Svetionik", "Lighthouse"),
    ("Đerdan", "Necklace"),
    ("Čuvarkuća", "Houseleek"),
    ("Lipa", "Linden"),
    ("Žar", "Ember"),
)
# (Serbian Latin, English, country, latitude, longitude)
TOWNS = (
    ("Novi Sad", "Novi Sad", "RS", "45.2671", "19.8335"),
    ("Kragujevac", "Kragujevac", "RS", "44.0128", "20.9114"),
    ("Subotica", "Subotica", "RS", "46.1000", "19.6658"),
    ("Čačak", "Čačak", "RS", "43.8914", "20.3497"),
    ("Užice", "Užice", "RS", "43.8586", "19.8488"),
    ("Zaječar", "Zaječar", "RS", "43.9042", "22.2847"),
    ("Šabac", "Šabac", "RS", "44.7489", "19.6908"),
    ("Leskovac", "Leskovac", "RS", "42.9981", "21.9461"),
    ("Vranje", "Vranje", "RS", "42.5514", "21.9003"),
    ("Sombor", "Sombor", "RS", "45.7742", "19.1122"),
    ("Pančevo", "Pančevo", "RS", "44.8708", "20.6403"),
    ("Kraljevo", "Kraljevo", "RS", "43.7258", "20.6894"),
    ("Sarajevo", "Sarajevo", "BA", "43.8563", "18.4131"),
    ("Banjaluka", "Banja Luka", "BA", "44.7722", "17.1910"),
    ("Zagreb", "Zagreb", "HR", "45.8150", "15.9819"),
    ("Rijeka", "Rijeka", "HR", "45.3271", "14.4422"),
    ("Podgorica", "Podgorica", "ME", "42.4304", "19.2594"),
    ("Skoplje", "Skopje", "MK", "41.9981", "21.4254"),
    ("Bitolj", "Bitola", "MK", "41.0297", "21.3292"),
    ("Beč", "Vienna", "AT", "48.2082", "16.3738"),
)


def _in_every_language(obj, **values):
    """The same text in every language (identifiers such as slugs)."""
    for code, _name in settings.LANGUAGES:
        for field, value in values.items():
            setattr(obj, build_localized_fieldname(field, code), value)


def _in_latin_and_english(obj, **values):
    """(Serbian Latin, English) per field; the Cyrillic comes from ``prepare_texts``."""
    for field, (latin, english) in values.items():
        setattr(obj, build_localized_fieldname(field, "sr-latn"), latin)
        setattr(obj, build_localized_fieldname(field, "en"), english)


def _prepared(objects):
    for obj in objects:
        obj.prepare_texts()
    return objects


def _pks(model, field="slug"):
    """{slug: pk} of the model's benchmark rows (bulk_create need not return the keys)."""
    slug = build_localized_fieldname(field, settings.LANGUAGE_CODE)
    rows = model.objects.filter(**{f"{slug}__startswith": SLUG_PREFIX}).values_list(slug, "pk")
    return dict(rows)


def membership_pairs(networks, organizations, memberships, large):
    """(network index, organization index) of every membership, each pair once.

    Network 0 (the large one) has the first ``large`` organizations; the rest are
    spread over the other networks, every organization in up to three of them.
    """
    if not 0 <= large <= organizations:
        raise ValueError(f"the large network cannot have {large} of {organizations} members")
    spread = memberships - large
    others = networks - 1
    if spread < 0 or spread > organizations * min(3, others):
        raise ValueError(
            f"{memberships} memberships do not fit {networks} networks and "
            f"{organizations} organizations with {large} in the large network"
        )
    pairs = [(0, number) for number in range(large)]
    for index in range(spread):
        round_, organization = divmod(index, organizations)
        # 17 × round stays distinct modulo `others` for rounds 0–2 when others > 34; for
        # fewer networks, consecutive networks (round) are distinct as long as round < others.
        step = 17 if others > 34 else 1
        pairs.append((1 + (organization + step * round_) % others, organization))
    return pairs


@transaction.atomic
def create_bench_data(networks=50, organizations=1000, memberships=3000, large=300):
    """Replaces the benchmark's data with this many rows; returns the large network."""
    if networks < 1:
        raise ValueError("the benchmark needs at least its large network")
    pairs = membership_pairs(networks, organizations, memberships, large)
    delete_bench_data()

    towns = []
    for number, (latin, english, country, latitude, longitude) in enumerate(TOWNS, 1):
        town = Town(country=country, latitude=Decimal(latitude), longitude=Decimal(longitude))
        _in_every_language(town, slug=f"{SLUG_PREFIX}town-{number:02d}")
        _in_latin_and_english(town, name=(latin, english))
        towns.append(town)
    Town.objects.bulk_create(_prepared(towns))
    town_pks = list(_pks(Town).values())

    network_objects = []
    for number in range(networks):
        network = Network(
            kind=Network.Kind.values[number % len(Network.Kind.values)],
            founded_year=1990 + number % 35,
            website=WEBSITE,
            member_count=sum(1 for n, _o in pairs if n == number),
            display_order=FIRST_DISPLAY_ORDER + number,
            is_published=True,
        )
        slug = LARGE_NETWORK_SLUG if number == 0 else f"{SLUG_PREFIX}network-{number:02d}"
        _in_every_language(network, slug=slug)
        if number == 0:
            name = ("Velika mreža za merenje", "Large Benchmark Network")
            short_name = ("VMM", "LBN")
        else:
            name = (f"Mreža za merenje {number:02d}", f"Benchmark Network {number:02d}")
            short_name = (f"MM {number:02d}", f"BN {number:02d}")
        _in_latin_and_english(
            network,
            name=name,
            short_name=short_name,
            summary=(
                "Mreža napravljena za merenje brzine sajta; nije deo sadržaja.",
                "A network generated to measure the site’s speed; not part of the content.",
            ),
            description=(
                "Napravljena za `make bench`.\n\nPosle merenja se briše.",
                "Generated for `make bench`.\n\nIt is deleted after the measurement.",
            ),
            astra_relationship=("Nikakav: podaci za merenje.", "None: benchmark data."),
            headquarters=("Beograd, Srbija", "Belgrade, Serbia"),
            member_count_note=(
                "Organizacije napravljene za merenje",
                "Organizations generated for the benchmark",
            ),
            member_count_source=("Generator podataka", "The data generator"),
        )
        network_objects.append(network)
    Network.objects.bulk_create(_prepared(network_objects))
    network_pks = _pks(Network)
    ordered_networks = [network_pks[network.slug_en] for network in network_objects]

    goals = []
    for network_pk in ordered_networks:
        for order, (latin, english) in enumerate(
            (
                ("Zaštita prava žrtava trgovine ljudima", "Protecting victims’ rights"),
                ("Razmena znanja među članicama", "Sharing knowledge among members"),
            )
        ):
            goal = Goal(network_id=network_pk, order=order)
            _in_latin_and_english(goal, text=(latin, english))
            goals.append(goal)
    Goal.objects.bulk_create(_prepared(goals))

    organization_objects = []
    for number in range(organizations):
        kind_latin, kind_english, acronym_latin, acronym_english = KINDS[number % len(KINDS)]
        word_latin, word_english = WORDS[number // len(KINDS) % len(WORDS)]
        organization = MemberOrganization(
            town_id=town_pks[number % len(town_pks)], website=WEBSITE, is_published=True
        )
        _in_every_language(organization, slug=f"{SLUG_PREFIX}organization-{number + 1:04d}")
        _in_latin_and_english(
            organization,
            name=(
                f"{kind_latin} „{word_latin}“ {number + 1:04d}",
                f"{kind_english} “{word_english}” {number + 1:04d}",
            ),
            acronym=(acronym_latin, acronym_english),
            description=(
                "Organizacija napravljena za merenje brzine sajta.",
                "An organization generated to measure the site’s speed.",
            ),
        )
        organization_objects.append(organization)
    MemberOrganization.objects.bulk_create(_prepared(organization_objects), batch_size=250)
    organization_pks = _pks(MemberOrganization)
    ordered_organizations = [organization_pks[org.slug_en] for org in organization_objects]

    roles = Membership.Role.values
    membership_objects = []
    for index, (network, organization) in enumerate(pairs):
        membership = Membership(
            network_id=ordered_networks[network],
            organization_id=ordered_organizations[organization],
            role=roles[index % len(roles)],
            since=1990 + index % 35,
        )
        _in_latin_and_english(membership, note=("Članica od osnivanja", "A member from the start"))
        membership_objects.append(membership)
    Membership.objects.bulk_create(_prepared(membership_objects), batch_size=500)

    # bulk_create sends no signals: pages cached before now would not show these rows.
    invalidate_pages()
    return Network.objects.get(pk=ordered_networks[0])


def create_large_network(size=300):
    """Only the large network and its ``size`` organizations (the tests' small case)."""
    return create_bench_data(networks=1, organizations=size, memberships=size, large=size)


def _bench_rows(model, *, website=True):
    rows = model.objects.all()
    for code, _name in settings.LANGUAGES:
        slug = build_localized_fieldname("slug", code)
        rows = rows.filter(**{f"{slug}__startswith": SLUG_PREFIX})
    return rows.filter(website=WEBSITE) if website else rows


def delete_bench_data():
    """Removes what create_bench_data made; the real content is left alone."""
    # Their goals and memberships go with them (only bench rows are ever linked to them).
    _bench_rows(Network).delete()
    _bench_rows(MemberOrganization).delete()
    # After its organizations: a town still used by a real organization is kept.
    _bench_rows(Town, website=False).exclude(organizations__isnull=False).delete()
