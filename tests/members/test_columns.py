"""The directory fetches only the columns it shows, in the page's language and its
fallbacks: not every text of every language that modeltranslation keeps on a row."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def selected_columns(sql, table):
    """The columns of ``table`` in a query's SELECT list (not its WHERE or ORDER BY)."""
    # Up to the query's own FROM: a subquery's (in the SELECT list) names its table with
    # an alias ("U0").
    select = re.split(r' FROM "\w+"(?= INNER| LEFT| WHERE| ORDER| GROUP| LIMIT|$)', sql)[0]
    return set(re.findall(rf'"{table}"\."(\w+)"', select))


def query_from(queries, table, marker=""):
    matches = [q["sql"] for q in queries if f'FROM "{table}"' in q["sql"] and marker in q["sql"]]
    assert len(matches) == 1, matches
    return matches[0]


def directory_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return queries.captured_queries


def test_an_english_directory_page_selects_english_and_its_fallback_only(client, network):
    queries = directory_queries(client, "/en/organizations/")
    organizations = selected_columns(
        query_from(queries, "members_memberorganization", "LIMIT"), "members_memberorganization"
    )
    # English falls back to Serbian Latin; no Cyrillic column, no description at all.
    assert {"name_en", "name_sr_latn", "acronym_en", "acronym_sr_latn", "slug_en"} <= organizations
    assert not {c for c in organizations if c.endswith("_sr")}
    assert not {c for c in organizations if c.startswith(("description", "logo_alt"))}
    assert "generated_translations" not in organizations
    assert "search_text" not in organizations
    # The cards' towns are the town filter's own objects: its query selects the name in
    # English and its fallback, what the map needs, and the slug in every language.
    assert not selected_columns(
        query_from(queries, "members_memberorganization", "LIMIT"), "members_town"
    )
    towns = selected_columns(query_from(queries, "members_town"), "members_town")
    assert towns == {
        "id",
        "name_en",
        "name_sr_latn",
        "country",
        "latitude",
        "longitude",
        "slug_en",
        "slug_sr_latn",
        "slug_sr",
    }


def test_a_cyrillic_directory_page_selects_its_fallbacks_too(client, network):
    queries = directory_queries(client, "/sr/organizacije/")
    organizations = selected_columns(
        query_from(queries, "members_memberorganization", "LIMIT"), "members_memberorganization"
    )
    # Cyrillic falls back to Latin, then English (settings.MODELTRANSLATION_FALLBACK_LANGUAGES).
    assert {"name_sr", "name_sr_latn", "name_en"} <= organizations
    assert not {c for c in organizations if c.startswith("description")}


def test_the_directory_filters_select_only_what_their_choices_show(client, network):
    queries = directory_queries(client, "/en/organizations/")
    networks = selected_columns(query_from(queries, "networks_network"), "networks_network")
    # The slug in every language (a choice is found by any), the short name in English
    # and its fallback; none of the long texts.
    assert networks == {
        "id",
        "slug_en",
        "slug_sr_latn",
        "slug_sr",
        "short_name_en",
        "short_name_sr_latn",
    }
    # The networks shown beside each organization are the filter's own: of the
    # memberships, the page asks only which organization is in which network.
    (memberships,) = [
        q["sql"]
        for q in queries
        if "ORDER BY" in q["sql"] and q["sql"].startswith('SELECT "members_membership"')
    ]
    assert selected_columns(memberships, "members_membership") == {
        "organization_id",
        "network_id",
    }
    assert not selected_columns(memberships, "networks_network")


@pytest.mark.parametrize("count", [1, 30])
def test_trimmed_columns_cost_no_query_per_row_in_any_language(
    client, django_assert_num_queries, network, count
):
    for organization in OrganizationFactory.create_batch(count, acronym_en="ACR"):
        MembershipFactory(network=network, organization=organization)
    for url in ("/en/organizations/", "/sr-latn/organizacije/", "/sr/organizacije/"):
        with django_assert_num_queries(6):
            response = client.get(url)
        assert response.content.decode().count('class="org-list__item"') == count + 2
