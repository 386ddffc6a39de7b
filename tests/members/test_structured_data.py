"""The organization page's schema.org JSON-LD says what the page says, in its language."""

import html
import re

import pytest

from members.models import MemberOrganization
from tests.factories import MembershipFactory, NetworkFactory, OrganizationFactory
from tests.helpers import TAGS, canonical, structured_data, text_of

pytestmark = pytest.mark.django_db

PAGES = {
    "en": "/en/organizations/astra/",
    "sr-latn": "/sr-latn/organizacije/astra/",
    "sr": "/sr/organizacije/astra/",
}


@pytest.fixture
def ecosoc(astra):
    ecosoc = NetworkFactory(
        slug_en="ecosoc", name_en="UN ECOSOC", short_name_en="ECOSOC", kind="un_status"
    )
    MembershipFactory(network=ecosoc, organization=astra, role="consultative_status", since=2010)
    return ecosoc


@pytest.fixture
def astra_page_data(network, ecosoc, astra):
    astra.acronym_en = astra.acronym_sr_latn = "ASTRA"
    astra.name_en = "ASTRA – Anti-Trafficking Action"
    astra.name_sr_latn = "ASTRA – Akcija protiv trgovine ljudima"
    astra.website = "https://astra.rs"
    astra.save()


@pytest.mark.parametrize("language", ["en", "sr-latn", "sr"])
def test_organization_data_says_what_the_page_says(client, astra_page_data, language):
    page = client.get(PAGES[language]).content.decode()
    data = structured_data(page)

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NGO"
    assert data["name"] == text_of(page, r"<h1>(.*?)</h1>")
    assert data["alternateName"] == "ASTRA"
    assert data["url"] == canonical(page)
    assert data["sameAs"] == "https://astra.rs"
    assert html.escape(data["description"]) in page
    assert data["mainEntityOfPage"]["inLanguage"] == TAGS[language]
    town = text_of(page, r'<p class="page-header__kind">(.*?)</p>')
    assert town.startswith(data["address"]["addressLocality"] + ",")
    assert data["address"]["addressCountry"] == "RS"
    # The networks as the page lists them; the UN status is listed, but is no membership.
    listed = re.findall(
        r'<li class="member-list__item">\s*<a href="([^"]+)">(.*?)</a>\s*'
        r'<span class="member-list__meta">(.*?)</span>',
        page,
        re.DOTALL,
    )
    assert len(listed) == 2
    (role,) = data["memberOf"]
    href, name, meta = listed[0]
    assert role["memberOf"] == {
        "@type": "NGO",
        "name": html.unescape(name),
        "url": f"http://testserver{href}",
    }
    assert html.unescape(meta).startswith(role["roleName"])
    assert role["startDate"] == "2002"


def test_organization_data_in_each_language(client, astra_page_data):
    english = structured_data(client.get(PAGES["en"]).content.decode())
    assert english["name"] == "ASTRA – Anti-Trafficking Action"
    assert english["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Belgrade",
        "addressCountry": "RS",
    }
    assert english["memberOf"] == [
        {
            "@type": "OrganizationRole",
            "roleName": "Founder and coordinator",
            "startDate": "2002",
            "memberOf": {
                "@type": "NGO",
                "name": "Anti-Trafficking Network",
                "url": "http://testserver/en/networks/at-network/",
            },
        }
    ]
    latin = structured_data(client.get(PAGES["sr-latn"]).content.decode())
    assert latin["address"]["addressLocality"] == "Beograd"
    assert latin["memberOf"][0]["roleName"] == "Osnivačica i koordinatorka"
    assert latin["memberOf"][0]["memberOf"]["name"] == "Antitrafiking mreža"
    cyrillic = structured_data(client.get(PAGES["sr"]).content.decode())
    assert cyrillic["name"] == "ASTRA – Акција против трговине људима"
    assert cyrillic["address"]["addressLocality"] == "Београд"
    assert cyrillic["memberOf"][0]["roleName"] == "Оснивачица и координаторка"
    assert cyrillic["memberOf"][0]["memberOf"] == {
        "@type": "NGO",
        "name": "Антитрафикинг мрежа",
        "url": "http://testserver/sr/mreze/at-mreza/",
    }


def test_unpublished_networks_are_left_out(client, network, astra):
    MembershipFactory(
        organization=astra, network__name_en="Hidden network", network__is_published=False
    )
    page = client.get(PAGES["en"]).content.decode()
    names = [role["memberOf"]["name"] for role in structured_data(page)["memberOf"]]
    assert names == ["Anti-Trafficking Network"]
    assert "Hidden network" not in page


def test_an_organization_in_no_network_has_no_member_of(client, db):
    OrganizationFactory(slug_en="alone", website="", acronym_en="")
    data = structured_data(client.get("/en/organizations/alone/").content.decode())
    assert "memberOf" not in data
    assert "sameAs" not in data
    assert "alternateName" not in data


def test_a_name_cannot_break_out_of_the_script_element(client, network):
    evil = "Evil </script><script>alert(1)</script> & <!-- co"
    organization = MembershipFactory(network=network, organization__slug_en="evil").organization
    # Saving would strip the tags (core.sanitize); a row written some other way keeps them.
    MemberOrganization.objects.filter(pk=organization.pk).update(name_en=evil)
    page = client.get("/en/organizations/evil/").content.decode()
    assert page.count("</script>") == 1
    assert page.count("<script") == 1
    assert structured_data(page)["name"] == evil


@pytest.mark.parametrize("count", [1, 30])
def test_structured_data_costs_no_query(client, django_assert_num_queries, astra, count):
    for network in NetworkFactory.create_batch(count):
        MembershipFactory(network=network, organization=astra)
    with django_assert_num_queries(2):  # the organization, its memberships
        page = client.get(PAGES["en"]).content.decode()
    assert len(structured_data(page)["memberOf"]) == count
