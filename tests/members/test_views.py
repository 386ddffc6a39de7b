import pytest

from tests.factories import MembershipFactory, NetworkFactory, OrganizationFactory, TownFactory

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
    OrganizationFactory(name_en="Alpha", town=TownFactory(name_en="Zrenjanin"))
    OrganizationFactory(name_en="Omega", town=TownFactory(name_en="Belgrade"))
    by_name = client.get("/en/organizations/").content.decode()
    assert by_name.index("Alpha") < by_name.index("Omega")
    by_city = client.get("/en/organizations/?sort=city").content.decode()
    assert by_city.index("Omega") < by_city.index("Alpha")


def test_directory_ignores_a_malformed_sort(client, db):
    OrganizationFactory(name_en="Alpha", town=TownFactory(name_en="Zrenjanin"))
    OrganizationFactory(name_en="Omega", town=TownFactory(name_en="Belgrade"))
    response = client.get("/en/organizations/?sort=%00;drop&sort=", follow=True)
    html = response.content.decode()
    assert response.redirect_chain == [("/en/organizations/", 301)]
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
    assert '<span class="member-list__meta">Članica</span>' in html
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
    # Organizations, their memberships, and the four filters' counts.
    with django_assert_num_queries(6):
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


SHUFFLED = ["Žabari", "Zaštita", "Šid", "Sunce", "Njegoš", "Novi dom", "Ljubav", "Lozinka",
            "Đurđevak", "Džep", "Dom", "Ćirilica", "Čuvari", "Cvet"]  # fmt: skip
IN_SERBIAN_ORDER = ["Cvet", "Čuvari", "Ćirilica", "Dom", "Džep", "Đurđevak", "Lozinka", "Ljubav",
                    "Novi dom", "Njegoš", "Sunce", "Šid", "Zaštita", "Žabari"]  # fmt: skip


@pytest.mark.parametrize(
    ("prefix", "names", "expected"),
    [
        ("/sr-latn/organizacije/", SHUFFLED, IN_SERBIAN_ORDER),
        (
            "/sr/organizacije/",
            ["Šid", "Sunce", "Njegoš", "Novi dom", "Ljubav", "Lozinka", "Džep", "Đurđevak"],
            ["Ђурђевак", "Лозинка", "Љубав", "Нови дом", "Његош", "Сунце", "Џеп", "Шид"],
        ),
    ],
)
def test_directory_sorts_in_the_order_of_the_serbian_alphabet(client, db, prefix, names, expected):
    for name in names:
        OrganizationFactory(name_sr_latn=name, name_sr="")
    html = client.get(prefix).content.decode()
    positions = [html.index(f">{name}</a>") for name in expected]
    assert positions == sorted(positions)


def test_directory_sorts_cities_in_serbian_order_too(client, db):
    for name, town in (("Prva", "Šabac"), ("Druga", "Subotica"), ("Treća", "Čačak")):
        OrganizationFactory(
            name_sr_latn=name, town=TownFactory(name_en=town, name_sr_latn=town, name_sr="")
        )
    html = client.get("/sr-latn/organizacije/?sort=city").content.decode()
    assert html.index(">Treća<") < html.index(">Druga<") < html.index(">Prva<")


@pytest.mark.parametrize("query", ["Nis", "nis", "NIŠ", "Ниш", "  niš  "])
def test_search_ignores_accents_case_and_script(client, network, query):
    for prefix in ("/sr-latn/organizacije/", "/sr/organizacije/", "/en/organizations/"):
        response = client.get(prefix, {"q": query}, follow=True)
        html = response.content.decode()
        assert response.status_code == 200
        assert html.count('class="org-list__item"') == 1, (prefix, query)
        assert "centar-za-devojke-nis/" in html or "centre-for-girls-nis/" in html


def test_search_finds_names_in_any_language_and_every_word(client, network):
    html = client.get("/sr-latn/organizacije/", {"q": "centre girls"}).content.decode()
    assert html.count('class="org-list__item"') == 1
    html = client.get("/sr-latn/organizacije/", {"q": "devojke beograd"}).content.decode()
    assert html.count('class="org-list__item"') == 0
    assert "Nijedna organizacija ne odgovara ovoj pretrazi." in html


@pytest.mark.parametrize("query", ["", "   ", "%", "_", "\x00", "' OR 1=1 --", "a" * 5000, "!!!"])
def test_search_survives_empty_and_malformed_queries(client, network, query):
    response = client.get("/en/organizations/", {"q": query, "sort": "city"}, follow=True)
    assert response.status_code == 200
    # Nothing searchable in it means no filter at all.
    count = response.content.decode().count('class="org-list__item"')
    assert count in (0, 2)
    if query.strip(" %_\x00!") == "":
        assert count == 2


def test_search_form_keeps_the_query_and_the_sort(client, network):
    html = client.get("/en/organizations/", {"q": "niš", "sort": "city"}).content.decode()
    assert 'role="search"' in html
    assert 'name="q" value="niš"' in html
    assert '<input type="hidden" name="sort" value="city">' in html
    assert 'href="/en/organizations/?q=ni%C5%A1"' in html


@pytest.mark.parametrize("count", [1, 30])
def test_search_query_count_does_not_grow(client, django_assert_num_queries, db, count):
    niš = TownFactory(name_en="Niš", name_sr_latn="Niš")
    for membership in MembershipFactory.create_batch(count, organization__town=niš):
        MembershipFactory(organization=membership.organization)
    # Organizations, their memberships, and the four filters' counts.
    with django_assert_num_queries(6):
        response = client.get("/sr/organizacije/", {"q": "nis", "sort": "city"})
    assert response.content.decode().count('class="org-list__item"') == count
