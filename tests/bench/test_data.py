import re

import pytest
from django.conf import settings
from django.urls import reverse
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from bench.data import (
    LARGE_NETWORK_SLUG,
    create_bench_data,
    create_large_network,
    delete_bench_data,
    membership_pairs,
)
from members.models import MemberOrganization, Membership, Town
from networks.models import Goal, Network
from tests.factories import OrganizationFactory, TownFactory

pytestmark = pytest.mark.django_db

CYRILLIC = re.compile("[\u0400-\u04ff]")
# Filled only with a logo, and the bench's rows have none.
WITHOUT_TEXT = {"logo_alt"}


def bench_rows(model):
    return model.objects.filter(slug_en__startswith="bench-")


def test_large_network_is_served_with_the_same_queries_at_any_size(
    client, network, django_assert_num_queries
):
    created = create_large_network(size=12)
    assert created.slug_en == created.slug_sr_latn == LARGE_NETWORK_SLUG
    assert Membership.objects.filter(network=created).count() == 12
    with django_assert_num_queries(3):
        response = client.get(reverse("networks:network-detail", args=[LARGE_NETWORK_SLUG]))
    assert response.content.decode().count('class="member-list__item"') == 12


def test_makes_exactly_the_counts_asked():
    large = create_bench_data(networks=5, organizations=40, memberships=100, large=25)
    assert bench_rows(Network).count() == 5
    assert bench_rows(MemberOrganization).count() == 40
    assert Membership.objects.filter(network__slug_en__startswith="bench-").count() == 100
    assert large.memberships.count() == 25
    assert large.member_count == 25
    assert Goal.objects.filter(network__slug_en__startswith="bench-").count() == 10
    assert bench_rows(Town).count() == 20
    assert set(bench_rows(Town).values_list("country", flat=True)) > {"RS", "BA", "HR"}


@pytest.mark.parametrize("model", [Network, MemberOrganization, Town, Membership, Goal])
def test_every_translated_text_is_there_in_every_language(model):
    create_bench_data(networks=3, organizations=10, memberships=20, large=5)
    fields = set(translator.get_options_for_model(model).get_field_names()) - WITHOUT_TEXT
    rows = list(model.objects.filter(**_bench_filter(model)))
    assert rows
    for row in rows:
        for field in fields:
            for code, _name in settings.LANGUAGES:
                name = build_localized_fieldname(field, code)
                assert getattr(row, name), f"{model.__name__}.{name} of {row.pk} is empty"
        if "name" in fields or "text" in fields:
            text_field = "name" if "name" in fields else "text"
            # Made by the site's own transliteration, as an editor's save would.
            assert CYRILLIC.search(getattr(row, f"{text_field}_sr"))
            assert not CYRILLIC.search(getattr(row, f"{text_field}_sr_latn"))


def _bench_filter(model):
    if model is Membership:
        return {"network__slug_en__startswith": "bench-"}
    if model is Goal:
        return {"network__slug_en__startswith": "bench-"}
    return {"slug_en__startswith": "bench-"}


def test_rows_are_what_a_save_would_store(client):
    create_bench_data(networks=2, organizations=10, memberships=12, large=6)
    organization = bench_rows(MemberOrganization).get(slug_en="bench-organization-0002")
    assert organization.name_sr_latn == "Centar za prava žena „Sunce“ 0002"
    assert organization.name_sr == "Центар за права жена „Сунце“ 0002"
    assert organization.slug_sr == organization.slug_sr_latn == "bench-organization-0002"
    assert "zena" in organization.search_text  # folded: the directory's search finds it
    response = client.get("/en/organizations/?q=%C5%BEena")
    assert response.content.decode().count("Women’s Rights Centre") == 2


def test_membership_pairs_are_unique_and_fill_the_large_network_first():
    pairs = membership_pairs(networks=50, organizations=1000, memberships=3000, large=300)
    assert len(pairs) == len(set(pairs)) == 3000
    assert sum(network == 0 for network, _organization in pairs) == 300
    small = membership_pairs(networks=3, organizations=4, memberships=8, large=2)
    assert len(set(small)) == 8


@pytest.mark.parametrize(
    ("networks", "organizations", "memberships", "large"),
    [(5, 10, 5, 11), (2, 10, 30, 5), (5, 10, 3, 5)],
)
def test_membership_pairs_refuse_counts_that_cannot_be(networks, organizations, memberships, large):
    with pytest.raises(ValueError, match=r"large network|do not fit"):
        membership_pairs(networks, organizations, memberships, large)


def test_bench_data_is_made_anew_and_removed_without_touching_the_content(network):
    # A real organization whose slug happens to start like the bench's, in a real town.
    lookalike = OrganizationFactory(
        slug_en="bench-press-club", slug_sr_latn="bench-press-club", website="https://b.rs/"
    )
    create_bench_data(networks=2, organizations=3, memberships=4, large=2)
    create_bench_data(networks=2, organizations=5, memberships=6, large=3)  # replaces
    assert bench_rows(MemberOrganization).exclude(pk=lookalike.pk).count() == 5
    delete_bench_data()
    assert not Network.objects.filter(slug_en__startswith="bench-").exists()
    assert list(bench_rows(MemberOrganization)) == [lookalike]
    assert not bench_rows(Town).exists()
    assert Network.objects.filter(slug_en="at-network").exists()
    assert MemberOrganization.objects.filter(slug_en="astra").exists()
    assert Membership.objects.filter(network__slug_en="at-network").exists()
    assert set(Town.objects.values_list("name_en", flat=True)) == {"Belgrade", "Niš"}


def test_a_bench_looking_town_that_a_real_organization_uses_is_kept():
    town = TownFactory(name_en="Bench", slug_en="bench-town-01", slug_sr_latn="bench-town-01")
    OrganizationFactory(town=town)
    delete_bench_data()
    assert Town.objects.filter(pk=town.pk).exists()
