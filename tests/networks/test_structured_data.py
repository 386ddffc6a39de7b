"""The network page's schema.org JSON-LD says what the page says, in the page's language."""

import html
import re

import pytest

from members.models import MemberOrganization
from tests.factories import MembershipFactory, NetworkFactory
from tests.helpers import TAGS, canonical, structured_data, text_of

pytestmark = pytest.mark.django_db

PAGES = {
    "en": "/en/networks/at-network/",
    "sr-latn": "/sr-latn/mreze/at-mreza/",
    "sr": "/sr/mreze/at-mreza/",
}


@pytest.mark.parametrize("language", ["en", "sr-latn", "sr"])
def test_network_data_says_what_the_page_says(client, network, language):
    page = client.get(PAGES[language]).content.decode()
    data = structured_data(page)

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NGO"
    assert data["name"] == text_of(page, r"<h1>(.*?)</h1>")
    assert data["url"] == canonical(page)
    assert data["mainEntityOfPage"] == {
        "@type": "WebPage",
        "@id": canonical(page),
        "inLanguage": TAGS[language],
    }
    assert html.escape(data["description"]) in page
    assert data["sameAs"] == "https://atmreza.org"
    assert data["foundingDate"] == "2002"
    # Each member as the page lists it: its name, its page and its role as worded there.
    listed = re.findall(
        r'<li class="member-list__item">\s*<a href="([^"]+)">(.*?)</a>\s*'
        r'<span class="member-list__meta">(.*?)</span>',
        page,
        re.DOTALL,
    )
    assert len(listed) == len(data["member"]) == 2
    for role, (href, name, meta) in zip(data["member"], listed, strict=True):
        assert role["@type"] == "OrganizationRole"
        assert role["member"]["@type"] == "NGO"
        assert role["member"]["name"] == html.unescape(name)
        assert role["member"]["url"] == f"http://testserver{href}"
        assert role["roleName"] in html.unescape(meta)


def test_network_data_is_in_serbian_cyrillic_on_cyrillic_pages(client, network):
    data = structured_data(client.get("/sr/mreze/at-mreza/").content.decode())
    assert data["name"] == "Антитрафикинг мрежа"
    astra, centre = data["member"]
    assert astra["roleName"] == "Оснивачица и координаторка"
    assert astra["startDate"] == "2002"
    assert astra["member"]["url"] == "http://testserver/sr/organizacije/astra/"
    assert centre["member"]["name"] == "Центар за девојке"
    assert centre["roleName"] == "Чланица"
    assert "startDate" not in centre


def test_network_data_in_english_and_serbian_latin(client, network):
    english = structured_data(client.get(PAGES["en"]).content.decode())
    assert english["name"] == "Anti-Trafficking Network"
    assert english["member"][0] == {
        "@type": "OrganizationRole",
        "roleName": "Founder and coordinator",
        "startDate": "2002",
        "member": {
            "@type": "NGO",
            "name": "ASTRA",
            "url": "http://testserver/en/organizations/astra/",
        },
    }
    latin = structured_data(client.get(PAGES["sr-latn"]).content.decode())
    assert latin["name"] == "Antitrafiking mreža"
    assert latin["member"][0]["roleName"] == "Osnivačica i koordinatorka"
    assert latin["member"][1]["member"]["url"] == (
        "http://testserver/sr-latn/organizacije/centar-za-devojke-nis/"
    )


def test_a_start_date_is_as_precise_as_the_page(client, network):
    membership = network.memberships.get(organization__is_astra=True)
    membership.since_month, membership.since_day = 7, 23
    membership.save()
    page = client.get(PAGES["en"]).content.decode()
    assert "since 23 July 2002" in page
    assert structured_data(page)["member"][0]["startDate"] == "2002-07-23"


def test_unpublished_members_are_left_out(client, network):
    MembershipFactory(
        network=network, organization__name_en="Hidden", organization__is_published=False
    )
    page = client.get(PAGES["en"]).content.decode()
    names = [role["member"]["name"] for role in structured_data(page)["member"]]
    assert names == ["ASTRA", "Centre for Girls"]
    assert "Hidden" not in page


def test_a_network_that_lists_no_members_gives_astras_role_only(client, astra):
    network = NetworkFactory(slug_en="gaatw", website="")
    MembershipFactory(network=network, organization=astra, role="member", since=2005)
    page = client.get("/en/networks/gaatw/").content.decode()
    data = structured_data(page)
    assert 'id="members-title"' not in page
    assert [role["member"]["name"] for role in data["member"]] == ["ASTRA"]
    assert "sameAs" not in data


def test_the_un_status_is_an_organization_without_members(client, astra):
    ecosoc = NetworkFactory(
        slug_en="ecosoc",
        name_en="UN Economic and Social Council",
        short_name_en="ECOSOC",
        kind="un_status",
        founded_year=1945,
    )
    MembershipFactory(network=ecosoc, organization=astra, role="consultative_status", since=2010)
    page = client.get("/en/networks/ecosoc/").content.decode()
    data = structured_data(page)
    assert data["@type"] == "Organization"
    assert data["alternateName"] == "ECOSOC"
    # ASTRA holds a status with ECOSOC (the page says so) but is not its member.
    assert "Special consultative status" in page
    assert "member" not in data


def test_a_name_cannot_break_out_of_the_script_element(client, network):
    evil = "Evil </script><script>alert(1)</script> & <!-- co"
    organization = MembershipFactory(network=network).organization
    # Saving would strip the tags (core.sanitize); a row written some other way keeps them.
    MemberOrganization.objects.filter(pk=organization.pk).update(name_en=evil)
    page = client.get(PAGES["en"]).content.decode()
    assert page.count("</script>") == 1
    assert page.count("<script") == 1
    names = [role["member"]["name"] for role in structured_data(page)["member"]]
    assert evil in names


@pytest.mark.parametrize("count", [1, 30])
def test_structured_data_costs_no_query(client, django_assert_num_queries, network, count):
    MembershipFactory.create_batch(count, network=network)
    with django_assert_num_queries(3):  # the network, its goals, its memberships
        page = client.get(PAGES["en"]).content.decode()
    assert len(structured_data(page)["member"]) == count + 2
