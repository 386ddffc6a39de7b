"""The home page and a network's page fetch only the columns they show, in the page's
language and its fallbacks."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import MembershipFactory, NetworkFactory, OrganizationFactory
from tests.members.test_columns import query_from, selected_columns

pytestmark = pytest.mark.django_db


def page_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return queries.captured_queries


def test_the_home_page_selects_the_cards_columns_in_english_and_its_fallback(
    client, network, introduction
):
    queries = page_queries(client, "/en/")
    networks = selected_columns(query_from(queries, "networks_network"), "networks_network")
    assert {"name_en", "name_sr_latn", "summary_en", "summary_sr_latn"} <= networks
    # The cards show no description or relationship; slugs in every language stay (the
    # addresses of the page in each language).
    assert not {c for c in networks if c.startswith(("description", "astra_relationship"))}
    assert not {c for c in networks if c.endswith("_sr") and not c.startswith("slug")}
    introductions = selected_columns(
        query_from(queries, "networks_introduction"), "networks_introduction"
    )
    assert introductions == {"id", "title_en", "title_sr_latn", "text_en", "text_sr_latn"}


def test_a_network_page_selects_its_language_and_fallback_only(client, network):
    queries = page_queries(client, "/en/networks/at-network/")
    networks = selected_columns(
        query_from(queries, "networks_network", "LIMIT"), "networks_network"
    )
    assert {"description_en", "description_sr_latn", "slug_sr"} <= networks
    assert not {c for c in networks if c.endswith("_sr") and not c.startswith("slug")}
    assert "generated_translations" not in networks
    goals = selected_columns(query_from(queries, "networks_goal"), "networks_goal")
    assert goals == {"id", "network_id", "text_en", "text_sr_latn"}


def test_a_network_page_member_list_selects_what_it_shows(client, network):
    queries = page_queries(client, "/en/networks/at-network/")
    memberships = query_from(queries, "members_membership")
    organizations = selected_columns(memberships, "members_memberorganization")
    assert organizations == {
        "id",
        "slug_en",
        "slug_sr_latn",
        "name_en",
        "name_sr_latn",
        "is_astra",
        "town_id",
    }
    assert not {c for c in selected_columns(memberships, "members_membership") if c.endswith("_sr")}


def test_a_cyrillic_network_page_selects_cyrillic_and_its_fallbacks(client, network):
    queries = page_queries(client, "/sr/mreze/at-mreza/")
    memberships = query_from(queries, "members_membership")
    organizations = selected_columns(memberships, "members_memberorganization")
    assert {"name_sr", "name_sr_latn", "name_en"} <= organizations
    assert not {c for c in organizations if c.startswith(("description", "acronym"))}


@pytest.mark.parametrize("count", [1, 30])
def test_trimmed_columns_cost_no_query_per_member_in_any_language(
    client, django_assert_num_queries, network, count
):
    for organization in OrganizationFactory.create_batch(count):
        MembershipFactory(network=network, organization=organization, note_en="A note")
    for url in ("/en/networks/at-network/", "/sr-latn/mreze/at-mreza/", "/sr/mreze/at-mreza/"):
        with django_assert_num_queries(3):
            response = client.get(url)
        html = response.content.decode()
        assert html.count('class="member-list__item"') == count + 2


@pytest.mark.parametrize("count", [1, 30])
def test_trimmed_cards_cost_no_query_per_network_in_any_language(
    client, django_assert_num_queries, introduction, count
):
    NetworkFactory.create_batch(count)
    for url in ("/en/", "/sr-latn/", "/sr/"):
        with django_assert_num_queries(2):
            response = client.get(url)
        assert response.content.decode().count('<article class="card">') == count
