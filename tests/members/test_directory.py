"""The directory's filters: each alone and combined, their counts, canonical addresses,
bad input, the query count and the map."""

import re
from decimal import Decimal

import pytest

from members.models import Membership
from tests.factories import MembershipFactory, NetworkFactory, OrganizationFactory, TownFactory

pytestmark = pytest.mark.django_db

COORDINATOR = Membership.Role.COORDINATOR
MEMBER = Membership.Role.MEMBER


@pytest.fixture
def towns():
    return {
        "belgrade": TownFactory(),
        "nis": TownFactory(name_en="Niš", latitude=Decimal("43.32"), longitude=Decimal("21.90")),
        "cacak": TownFactory(
            name_en="Čačak", latitude=Decimal("43.89"), longitude=Decimal("20.35")
        ),
        "sarajevo": TownFactory(
            name_en="Sarajevo",
            country="BA",
            latitude=Decimal("43.86"),
            longitude=Decimal("18.41"),
        ),
    }


@pytest.fixture
def directory(towns):
    """Two networks; organizations in Belgrade (2), Niš (2), Čačak (1) and Sarajevo (1)."""
    at = NetworkFactory(
        name_en="Anti-Trafficking Network",
        name_sr_latn="Antitrafiking mreža",
        short_name_en="AT Network",
        short_name_sr_latn="AT mreža",
        slug_en="at-network",
        slug_sr_latn="at-mreza",
    )
    ban = NetworkFactory(
        name_en="Balkans ACT Now",
        name_sr_latn="Balkans ACT Now",
        short_name_en="BAN",
        short_name_sr_latn="BAN",
        slug_en="ban",
        slug_sr_latn="ban",
    )
    orgs = {}
    for key, town, name in (
        ("astra", "belgrade", "Alpha"),
        ("cpes", "belgrade", "Beta"),
        ("girls", "nis", "Gamma"),
        ("women", "nis", "Delta"),
        ("cacak", "cacak", "Epsilon"),
        ("bosnia", "sarajevo", "Zeta"),
    ):
        orgs[key] = OrganizationFactory(
            name_en=name, name_sr_latn=name, slug_en=key, slug_sr_latn=key, town=towns[town]
        )
    MembershipFactory(network=at, organization=orgs["astra"], role=COORDINATOR)
    MembershipFactory(network=ban, organization=orgs["astra"], role=MEMBER)
    MembershipFactory(network=at, organization=orgs["girls"], role=MEMBER)
    MembershipFactory(network=at, organization=orgs["women"], role=MEMBER)
    MembershipFactory(network=at, organization=orgs["cacak"], role=MEMBER)
    MembershipFactory(network=ban, organization=orgs["bosnia"], role=COORDINATOR)
    MembershipFactory(network=ban, organization=orgs["cpes"], role=MEMBER)
    return {"at": at, "ban": ban, **orgs}


def listed(response):
    html = response.content.decode()
    return re.findall(r'<h2 class="org-list__name"><a href="/[^/]+/[^/]+/([^/]+)/"', html)


def options(response, name):
    """The filter's options as shown: {value: label}, in their order."""
    html = response.content.decode()
    select = re.search(rf'<select id="filter-{name}" name="{name}">(.*?)</select>', html, re.S)
    return dict(re.findall(r'<option value="([^"]*)"(?: selected)?>([^<]*)</option>', select[1]))


def selected(response, name):
    html = response.content.decode()
    select = re.search(rf'<select id="filter-{name}" name="{name}">(.*?)</select>', html, re.S)
    return re.findall(r'<option value="([^"]*)" selected>', select[1])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?network=at-network", {"astra", "girls", "women", "cacak"}),
        ("?role=coordinator", {"astra", "bosnia"}),
        ("?town=nis", {"girls", "women"}),
        ("?country=BA", {"bosnia"}),
    ],
)
def test_each_filter_alone(client, directory, query, expected):
    response = client.get("/en/organizations/" + query)
    assert response.status_code == 200
    assert set(listed(response)) == expected


def test_network_and_role_must_hold_in_one_membership(client, directory):
    # ASTRA coordinates the AT Network and is a member of BAN: it is not a BAN coordinator.
    response = client.get("/en/organizations/?network=ban&role=coordinator")
    assert listed(response) == ["bosnia"]
    response = client.get("/en/organizations/?network=at-network&role=coordinator")
    assert listed(response) == ["astra"]


def test_filters_combine_with_each_other_and_with_the_search(client, directory):
    response = client.get("/en/organizations/?country=RS&network=at-network&role=member&town=nis")
    assert sorted(listed(response)) == ["girls", "women"]
    response = client.get("/en/organizations/?network=at-network&q=gamma&town=nis")
    assert listed(response) == ["girls"]
    response = client.get("/en/organizations/?network=ban&town=nis")
    assert listed(response) == []
    assert "No organization matches this search." in response.content.decode()


def test_each_choice_says_how_many_it_would_leave(client, directory):
    response = client.get("/en/organizations/?network=at-network")
    # Towns counted within the AT Network; Sarajevo has none there and is not offered.
    assert options(response, "town") == {
        "": "All towns",
        "belgrade": "Belgrade (1)",
        "cacak": "Čačak (1)",
        "nis": "Niš (2)",
    }
    # Networks counted with the other filters only: choosing another one stays possible.
    assert options(response, "network") == {
        "": "All networks",
        "at-network": "AT Network (4)",
        "ban": "BAN (3)",
    }
    assert options(response, "role") == {
        "": "All roles",
        "coordinator": "coordinator (1)",
        "member": "member (3)",
    }
    assert options(response, "country") == {"": "All countries", "RS": "Serbia (4)"}
    assert selected(response, "network") == ["at-network"]


def test_network_counts_follow_the_chosen_role(client, directory):
    response = client.get("/en/organizations/?role=coordinator")
    assert options(response, "network") == {
        "": "All networks",
        "at-network": "AT Network (1)",
        "ban": "BAN (1)",
    }


def test_choices_are_in_the_pages_language_and_serbian_alphabetical_order(client, directory):
    towns = options(client.get("/sr-latn/organizacije/"), "town")
    assert list(towns.values()) == [
        "Svi gradovi",
        "Beograd (2)",
        "Čačak (1)",
        "Niš (2)",
        "Sarajevo (1)",
    ]
    towns = options(client.get("/sr/organizacije/"), "town")
    assert list(towns.values())[1:] == ["Београд (2)", "Ниш (2)", "Сарајево (1)", "Чачак (1)"]
    countries = options(client.get("/sr-latn/organizacije/"), "country")
    assert list(countries.values())[1:] == ["Bosna i Hercegovina (1)", "Srbija (5)"]


def test_the_address_is_canonical(client, directory):
    response = client.get("/en/organizations/?town=nis&q=&network=at-network&sort=name&role=")
    assert response.status_code == 301
    assert response["Location"] == "/en/organizations/?network=at-network&town=nis"
    response = client.get("/en/organizations/?country=rs")
    assert response["Location"] == "/en/organizations/?country=RS"
    # Another language's slug: the address in the page's language.
    response = client.get("/en/organizations/?network=at-mreza")
    assert response["Location"] == "/en/organizations/?network=at-network"
    assert client.get("/en/organizations/?network=at-network&town=nis").status_code == 200


def test_filters_are_kept_across_the_language_switcher(client, directory):
    html = client.get("/en/organizations/?network=at-network&town=nis").content.decode()
    assert 'href="/sr-latn/organizacije/?network=at-mreza&amp;town=nis"' in html
    assert 'href="/sr/organizacije/?network=at-mreza&amp;town=nis"' in html
    canonical = (
        'rel="canonical" href="http://testserver/en/organizations/?network=at-network&amp;town=nis"'
    )
    assert canonical in html


def test_the_page_says_what_is_filtered_and_each_filter_can_be_removed(client, directory):
    response = client.get("/en/organizations/?network=at-network&q=a&town=nis")
    html = response.content.decode()
    assert "<h1>Member organizations: AT Network, Niš</h1>" in html
    assert "<title>Member organizations: AT Network, Niš · ASTRA</title>" in html
    assert '<a href="/en/organizations/?q=a&amp;town=nis">Remove “AT Network”</a>' in html
    assert '<a href="/en/organizations/?network=at-network&amp;q=a">Remove “Niš”</a>' in html
    assert '<a href="/en/organizations/?q=a">Remove all filters</a>' in html


def test_headings_reflect_the_filters_in_serbian(client, directory):
    html = client.get("/sr-latn/organizacije/?network=at-mreza&role=member").content.decode()
    assert "<h1>Organizacije članice: AT mreža, članica</h1>" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?network=nowhere", "No network has the address “nowhere”"),
        ("?town=atlantis", "There is no town “atlantis” here"),
        ("?role=king", "“king” is not a role in a network"),
        ("?country=XX", "“XX” is not a country code"),
        ("?country=%00%00", None),
        ("?town=" + "x" * 5000, "There is no town “" + "x" * 100 + "”"),
        ("?network=%00", None),
        ("?role=%E2%80%AE&network=" + "%F0%9F%92%A5" * 10, "is not a role in a network"),
    ],
)
def test_unknown_or_malformed_filters_are_left_out_with_a_message(
    client, directory, query, message
):
    response = client.get("/en/organizations/" + query, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert len(listed(response)) == 6  # not filtered by what does not exist
    if message:
        assert message in html
        assert 'class="notice" role="status"' in html


def test_an_unknown_filter_beside_a_good_one_keeps_the_good_one(client, directory):
    response = client.get("/en/organizations/?network=nowhere&town=nis")
    assert sorted(listed(response)) == ["girls", "women"]
    assert options(response, "town")["nis"] == "Niš (2)"


def test_messages_are_translated(client, directory):
    html = client.get("/sr-latn/organizacije/?town=atlantis").content.decode()
    assert "Ovde nema grada „atlantis“: spisak nije filtriran po gradu." in html


def test_a_chosen_role_that_leaves_nothing_is_still_shown_as_chosen(client, directory):
    response = client.get("/en/organizations/?role=partner")
    assert listed(response) == []
    assert selected(response, "role") == ["partner"]
    assert "<h1>Member organizations: partner</h1>" in response.content.decode()


def test_unpublished_networks_and_organizations_are_not_counted(client, directory):
    hidden = NetworkFactory(slug_en="hidden", is_published=False)
    MembershipFactory(network=hidden, organization=directory["girls"], role=COORDINATOR)
    OrganizationFactory(town=directory["girls"].town, is_published=False)
    response = client.get("/en/organizations/")
    assert "hidden" not in options(response, "network")
    assert options(response, "role")["coordinator"] == "coordinator (2)"
    assert options(response, "town")["nis"] == "Niš (2)"
    assert listed(client.get("/en/organizations/?network=hidden", follow=True)) != []


@pytest.mark.parametrize("count", [1, 30])
def test_every_filter_set_costs_the_same_queries_at_any_size(
    client, django_assert_num_queries, directory, count
):
    town = directory["girls"].town
    for organization in OrganizationFactory.create_batch(count, town=town):
        MembershipFactory(network=directory["at"], organization=organization, role=MEMBER)
        MembershipFactory(network=directory["ban"], organization=organization)
    query = "?country=RS&network=at-network&q=organization&role=member&sort=city&town=nis"
    # Organizations, their memberships, and the four filters' counts.
    with django_assert_num_queries(6):
        response = client.get("/en/organizations/" + query)
    assert response.status_code == 200
    assert len(listed(response)) == count


class TestMap:
    def test_the_directory_marks_each_town_once_with_its_count(self, client, directory):
        html = client.get("/en/organizations/").content.decode()
        # The map, not the wordmark in the header (also an SVG).
        svg = re.search(r"<svg class=\"map__svg\".*?</svg>", html, re.S)[0]
        marks = re.findall(r'<a class="map__mark" href="([^"]+)" aria-label="([^"]+)"', svg)
        assert sorted(marks) == [
            ("/en/organizations/?town=belgrade", "Belgrade: 2 organizations"),
            ("/en/organizations/?town=cacak", "Čačak: 1 organization"),
            ("/en/organizations/?town=nis", "Niš: 2 organizations"),
            ("/en/organizations/?town=sarajevo", "Sarajevo: 1 organization"),
        ]
        # The same as a list beside it.
        assert '<a href="/en/organizations/?town=nis">Niš (2)</a>' in html

    def test_marks_keep_the_other_filters(self, client, directory):
        html = client.get("/en/organizations/?network=at-network").content.decode()
        assert 'href="/en/organizations/?network=at-network&amp;town=nis"' in html
        assert "town=sarajevo" not in html

    def test_a_town_without_coordinates_is_filtered_but_not_marked(self, client, directory):
        novi_sad = TownFactory(name_en="Novi Sad", latitude=None, longitude=None)
        OrganizationFactory(town=novi_sad)
        html = client.get("/en/organizations/").content.decode()
        assert '<option value="novi-sad">Novi Sad (1)</option>' in html
        assert "town=novi-sad" not in html

    def test_a_network_page_maps_its_members(self, client, directory):
        html = client.get("/en/networks/at-network/").content.decode()
        assert 'href="/en/organizations/?network=at-network&amp;town=nis"' in html
        assert 'aria-label="Niš: 2 organizations"' in html
        assert '<title id="map-title">Where the members are</title>' in html

    def test_a_network_in_several_countries_gets_a_map_of_the_region(self, client, directory):
        ban = client.get("/en/networks/ban/").content.decode()
        at = client.get("/en/networks/at-network/").content.decode()
        assert 'aria-label="Sarajevo: 1 organization"' in ban
        width = lambda html: float(re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', html)[1])  # noqa: E731
        height = lambda html: float(re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', html)[2])  # noqa: E731
        # Serbia is taller than wide; the region with Bosnia is wider.
        assert width(ban) / height(ban) > width(at) / height(at)


def test_home_groups_networks_by_scope(client, db):
    NetworkFactory(name_en="Global one", kind="global_alliance")
    NetworkFactory(name_en="National one", kind="national_network")
    NetworkFactory(name_en="European one", kind="european_network")
    NetworkFactory(name_en="UN one", kind="un_status")
    html = client.get("/en/").content.decode()
    headings = re.findall(r'<h2 id="scope-[a-z_]+-title" class="section-title">([^<]+)</h2>', html)
    assert headings == ["In Serbia", "In Europe", "Worldwide", "At the United Nations"]
    assert '<a href="#scope-european">In Europe (1)</a>' in html
    assert html.index("National one") < html.index("European one") < html.index("Global one")
