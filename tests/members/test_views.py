import pytest

from tests.factories import MembershipFactory, NetworkFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def test_directory_lists_published_organizations_with_their_networks(client, network):
    OrganizationFactory(name_en="Hidden organization", is_published=False)
    response = client.get("/en/organizations/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Member organizations</h1>" in html
    assert 'href="/en/organizations/astra/"' in html
    assert "Centre for Girls" in html
    assert "Niš, Serbia" in html
    assert 'href="/en/networks/at-network/"' in html
    assert "Hidden organization" not in html


def test_directory_in_serbian(client, network):
    response = client.get("/sr-latn/organizacije/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Organizacije članice</h1>" in html
    assert "Centar za devojke" in html
    assert "Niš, Srbija" in html
    assert 'href="/sr-latn/mreze/at-mreza/"' in html


def test_directory_sorts_by_name_or_city(client, db):
    OrganizationFactory(name_en="Alpha", city_en="Zrenjanin")
    OrganizationFactory(name_en="Omega", city_en="Belgrade")
    by_name = client.get("/en/organizations/").content.decode()
    assert by_name.index("Alpha") < by_name.index("Omega")
    by_city = client.get("/en/organizations/?sort=city").content.decode()
    assert by_city.index("Omega") < by_city.index("Alpha")


def test_directory_ignores_a_malformed_sort(client, db):
    OrganizationFactory(name_en="Alpha", city_en="Zrenjanin")
    OrganizationFactory(name_en="Omega", city_en="Belgrade")
    response = client.get("/en/organizations/?sort=%00;drop&sort=")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Alpha") < html.index("Omega")


def test_organization_page_lists_its_networks_and_roles(client, network, astra):
    hidden = NetworkFactory(name_en="Hidden network", is_published=False)
    MembershipFactory(network=hidden, organization=astra)
    response = client.get("/en/organizations/astra/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>ASTRA · ASTRA</title>" in html
    assert 'href="/en/networks/at-network/"' in html
    assert "Founder and coordinator" in html
    assert "Hidden network" not in html


def test_organization_page_in_serbian(client, network):
    response = client.get("/sr-latn/organizacije/centar-za-devojke-nis/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Centar za devojke</h1>" in html
    assert "Član" in html
    assert (
        '<link rel="alternate" hreflang="en" '
        'href="http://testserver/en/organizations/centre-for-girls-nis/">' in html
    )


def test_unpublished_or_unknown_organization_is_404(client, network, astra):
    assert client.get("/en/organizations/nobody/").status_code == 404
    astra.is_published = False
    astra.save()
    assert client.get("/en/organizations/astra/").status_code == 404


@pytest.mark.parametrize("count", [1, 30])
def test_directory_query_count_does_not_grow(client, django_assert_num_queries, db, count):
    for membership in MembershipFactory.create_batch(count):
        MembershipFactory(organization=membership.organization)
    with django_assert_num_queries(2):  # organizations, their memberships
        response = client.get("/en/organizations/")
    assert response.content.decode().count('class="org-list__item"') == count


@pytest.mark.parametrize("count", [1, 30])
def test_organization_page_query_count_does_not_grow(
    client, django_assert_num_queries, astra, count
):
    for network in NetworkFactory.create_batch(count):
        MembershipFactory(network=network, organization=astra)
    with django_assert_num_queries(2):  # the organization, its memberships
        response = client.get("/en/organizations/astra/")
    assert response.content.decode().count('class="member-list__item"') == count
