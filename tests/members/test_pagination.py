"""The directory in pages: addresses, navigation, counts and the map over the whole result."""

import re

import pytest

from members import directory
from members.models import MemberOrganization
from tests.factories import MembershipFactory, NetworkFactory, OrganizationFactory, TownFactory
from tests.helpers import canonical

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_pages(monkeypatch):
    """Two organizations a page, so that a few rows make several pages."""
    monkeypatch.setattr(directory, "PAGE_SIZE", 2)


def organizations(count, **kwargs):
    return [
        OrganizationFactory(name_en=f"Organization {number:02d}", **kwargs)
        for number in range(1, count + 1)
    ]


def cards(html):
    return re.findall(r'<h2 class="org-list__name"><a href="[^"]+">([^<]+)</a>', html)


def test_a_page_lists_fifty_organizations_and_the_count_is_the_whole_result(client):
    organizations(51)
    first = client.get("/en/organizations/").content.decode()
    second = client.get("/en/organizations/?page=2").content.decode()
    assert len(cards(first)) == 50
    assert cards(second) == ["Organization 51"]
    for html in (first, second):
        assert '<p class="result-count">51 organizations</p>' in html
        assert "<title>Member organizations" in html


def test_a_thousand_organizations_in_twenty_pages_with_grouped_counts(
    client, django_assert_num_queries
):
    town = TownFactory()
    MemberOrganization.objects.bulk_create(
        MemberOrganization(
            name=f"Organization {number:04d}",
            name_en=f"Organization {number:04d}",
            name_sr_latn=f"Organizacija {number:04d}",
            slug_en=f"organization-{number:04d}",
            slug_sr_latn=f"organizacija-{number:04d}",
            town=town,
            is_published=True,
        )
        for number in range(1, 1001)
    )
    with django_assert_num_queries(6):
        english = client.get("/en/organizations/?page=20").content.decode()
    assert '<p class="result-count">1,000 organizations</p>' in english
    assert len(cards(english)) == 50
    assert cards(english)[-1] == "Organization 1000"
    assert '<p class="pagination__status">Page 20 of 20</p>' in english
    assert "<title>Member organizations – page 20 of 20 · ASTRA</title>" in english
    serbian = client.get("/sr-latn/organizacije/").content.decode()
    assert '<p class="result-count">1.000 ' in serbian
    # The map and the town filter count the whole result, not the page.
    assert "Beograd (1.000)" in serbian


def test_page_one_has_no_parameter(client, small_pages):
    organizations(3)
    response = client.get("/en/organizations/?page=1")
    assert response.status_code == 301
    assert response["Location"] == "/en/organizations/"
    response = client.get("/en/organizations/?page=02&q=")
    assert response["Location"] == "/en/organizations/?page=2"


@pytest.mark.parametrize("page", ["abc", "0", "-2", "1.5", "%00%002"])
def test_a_malformed_page_number_shows_the_first_page_with_a_notice(client, small_pages, page):
    organizations(3)
    response = client.get(f"/en/organizations/?page={page}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "is not a page number: the first page is shown." in html
    assert cards(html) == ["Organization 01", "Organization 02"]
    # Ignored values never become the canonical address's.
    assert canonical(html) == "http://testserver/en/organizations/"


def test_a_page_past_the_last_is_not_found(client, small_pages):
    organizations(3)
    assert client.get("/en/organizations/?page=2").status_code == 200
    response = client.get("/en/organizations/?page=3")
    assert response.status_code == 404
    assert '<html lang="en">' in response.content.decode()
    assert client.get("/en/organizations/?page=99999999999999999999").status_code == 404


def test_an_empty_directory_still_has_its_first_page(client):
    response = client.get("/en/organizations/")
    assert response.status_code == 200
    assert 'class="pagination"' not in response.content.decode()
    assert client.get("/en/organizations/?page=2").status_code == 404


def test_navigation_works_without_javascript_and_is_accessible(client, small_pages):
    organizations(9)  # five pages
    html = client.get("/en/organizations/?page=2").content.decode()
    nav = re.search(r'<nav class="pagination" aria-label="Pages">(.*?)</nav>', html, re.S)
    assert nav, "a navigation landmark with a name"
    nav = nav.group(1)
    assert '<p class="pagination__status">Page 2 of 5</p>' in nav
    assert '<a href="/en/organizations/" rel="prev">Previous page</a>' in nav
    assert '<a href="/en/organizations/?page=3" rel="next">Next page</a>' in nav
    assert (
        '<a href="/en/organizations/?page=2" aria-current="page" aria-label="Page 2">2</a>' in nav
    )
    assert nav.count('aria-current="page"') == 1
    assert '<a href="/en/organizations/?page=5" aria-label="Page 5">5</a>' in nav
    # The same relations in the head, for whatever reads them there.
    assert '<link rel="prev" href="/en/organizations/">' in html
    assert '<link rel="next" href="/en/organizations/?page=3">' in html
    assert "<title>Member organizations – page 2 of 5 · ASTRA</title>" in html


def test_distant_pages_are_elided(client, small_pages):
    organizations(25)  # thirteen pages
    nav = client.get("/en/organizations/?page=6").content.decode()
    numbers = re.findall(r'aria-label="Page (\d+)"', nav)
    assert numbers == ["1", "4", "5", "6", "7", "8", "13"]
    assert nav.count('<span aria-hidden="true">…</span>') == 2


def test_first_and_last_pages_have_one_direction(client, small_pages):
    organizations(3)
    first = client.get("/en/organizations/").content.decode()
    last = client.get("/en/organizations/?page=2").content.decode()
    assert 'rel="prev"' not in first
    assert 'rel="next"' in first
    assert 'rel="next"' not in last
    assert 'rel="prev"' in last
    assert "<title>Member organizations · ASTRA</title>" in first


def test_canonical_address_and_alternates_keep_the_page(client, small_pages):
    organizations(3)
    html = client.get("/en/organizations/?page=2").content.decode()
    assert canonical(html) == "http://testserver/en/organizations/?page=2"
    assert (
        '<link rel="alternate" hreflang="sr-Latn" '
        'href="http://testserver/sr-latn/organizacije/?page=2">' in html
    )
    assert (
        '<link rel="alternate" hreflang="sr-Cyrl" '
        'href="http://testserver/sr/organizacije/?page=2">' in html
    )
    # The language switcher leads to the same page in each language.
    assert '<a href="/sr-latn/organizacije/?page=2" lang="sr-Latn"' in html
    assert '<a href="/sr/organizacije/?page=2" lang="sr-Cyrl"' in html


def test_another_question_starts_at_its_first_page(client, small_pages, network):
    for organization in organizations(5):
        MembershipFactory(network=network, organization=organization)
    response = client.get("/en/organizations/?network=at-network&page=2")
    html = response.content.decode()
    assert response.status_code == 200
    assert len(cards(html)) == 2
    # Removing the filter, another order and the map's towns lead to a first page.
    assert re.search(r'<a href="/en/organizations/">Remove “[^”]+”</a>', html)
    assert '<a href="/en/organizations/?network=at-network&amp;sort=city">' in html
    assert 'href="/en/organizations/?network=at-network&amp;town=belgrade"' in html
    assert 'href="/en/organizations/?network=at-network&amp;town=nis"' in html
    # Only this page's own addresses (canonical, alternates, switcher) carry its number:
    # "page" sorts before "q", "role", "sort" and "town" in an address.
    assert "page=2&amp;" not in html


def test_the_map_and_filter_counts_cover_every_page(client, small_pages):
    nis = TownFactory(name_en="Niš", name_sr_latn="Niš")
    organizations(3, town=nis)
    organizations_in_belgrade = [
        OrganizationFactory(name_en=f"Belgrade organization {n}") for n in range(2)
    ]
    assert len(organizations_in_belgrade) == 2
    html = client.get("/en/organizations/?page=3").content.decode()
    assert '<p class="result-count">5 organizations</p>' in html
    assert ">Niš (3)</option>" in html
    assert ">Belgrade (2)</option>" in html
    assert 'aria-label="Niš: 3 organizations"' in html  # the map's mark
    assert ">Serbia (5)</option>" in html


@pytest.mark.parametrize("count", [1, 12])
def test_a_later_page_runs_as_many_queries_as_the_first(
    client, small_pages, django_assert_num_queries, count
):
    network = NetworkFactory()
    for organization in organizations(count + 2):
        MembershipFactory(network=network, organization=organization)
    with django_assert_num_queries(6):
        response = client.get("/en/organizations/?page=2")
    assert response.status_code == 200


def test_the_sitemap_lists_the_directory_but_not_its_pages(client, small_pages):
    organizations(5)
    xml = client.get("/sitemap.xml").content.decode()
    assert "/en/organizations/</loc>" in xml
    assert "page=" not in xml


def test_a_search_that_finds_nothing_asks_only_for_the_counts(client, django_assert_num_queries):
    organizations(3)
    # The four filters' counts say there is nothing: no page of rows, no memberships.
    with django_assert_num_queries(4):
        response = client.get("/en/organizations/?q=nobody")
    assert "No organization matches this search." in response.content.decode()
