import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import MembershipFactory, NetworkFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def url_in(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("en-GB,en;q=0.9", "/en/"),
        # A plain "sr" is Serbian in its default script, Cyrillic (as in BCP 47).
        ("sr-RS,sr;q=0.9", "/sr/"),
        ("sr-Cyrl-RS,sr;q=0.9", "/sr/"),
        ("sr-Latn-RS,sr-Latn;q=0.9", "/sr-latn/"),
        ("de", "/sr-latn/"),
        ("", "/sr-latn/"),
    ],
)
def test_root_sends_visitors_to_their_language(client, accept_language, expected):
    response = client.get("/", headers={"accept-language": accept_language})
    assert response.status_code == 302
    assert response["Location"] == expected


def test_home_page_in_english_shows_introduction_and_cards(client, network, introduction):
    response = client.get("/en/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "<title>Networking · ASTRA</title>" in html
    assert "ASTRA networks and cooperates with many organizations." in html
    assert 'href="/en/networks/at-network/"' in html
    assert "Anti-Trafficking Network" in html
    assert "National network" in html


def test_home_page_in_serbian_is_serbian(client, network, introduction):
    response = client.get("/sr-latn/")
    html = response.content.decode()
    assert '<html lang="sr-Latn">' in html
    assert "<title>Umrežavanje · ASTRA</title>" in html
    assert "ASTRA se umrežava i sarađuje sa brojnim organizacijama." in html
    assert 'href="/sr-latn/mreze/at-mreza/"' in html
    assert "Antitrafiking mreža" in html
    assert "Nacionalna mreža" in html
    assert "Preskoči na glavni sadržaj" in html


def test_home_page_hides_unpublished_networks(client, network):
    NetworkFactory(name_en="Hidden network", is_published=False)
    html = client.get("/en/").content.decode()
    assert "Anti-Trafficking Network" in html
    assert "Hidden network" not in html


def test_network_page_in_english(client, network):
    response = client.get("/en/networks/at-network/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Anti-Trafficking Network</h1>" in html
    assert "<p>First paragraph in English.</p>" in html
    assert html.index("Inform people at risk") < html.index("Raise visibility")
    assert "Founder and coordinator" in html
    assert "since 2002" in html
    assert "ASTRA founded the network." in html
    assert "Belgrade, Serbia" in html
    assert "8 member organizations" in html
    assert "source: ASTRA’s Networking page, as of 28 November 2026" in html
    assert 'href="https://atmreza.org"' in html
    assert 'href="/en/organizations/centre-for-girls-nis/"' in html
    assert "Niš" in html


def test_network_page_in_serbian_has_serbian_address_and_text(client, network):
    response = client.get("/sr-latn/mreze/at-mreza/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Antitrafiking mreža</h1>" in html
    assert "<p>Prvi pasus na srpskom.</p>" in html
    assert "Osnivačica i koordinatorka" in html
    assert "od 2002." in html
    assert "ASTRA je osnovala mrežu." in html
    assert "Beograd, Srbija" in html
    assert "izvor: stranica „Umrežavanje“ ASTRA-e, stanje na dan 28. novembra 2026." in html
    assert 'href="/sr-latn/organizacije/centar-za-devojke-nis/"' in html
    assert "Članice mreže" in html


def test_network_page_links_its_twin_in_every_language(client, network):
    html = client.get("/en/networks/at-network/").content.decode()
    assert '<link rel="canonical" href="http://testserver/en/networks/at-network/">' in html
    assert (
        '<link rel="alternate" hreflang="sr-Latn" href="http://testserver/sr-latn/mreze/at-mreza/">'
        in html
    )
    assert (
        '<link rel="alternate" hreflang="en" href="http://testserver/en/networks/at-network/">'
        in html
    )
    assert (
        '<link rel="alternate" hreflang="x-default" '
        'href="http://testserver/sr-latn/mreze/at-mreza/">' in html
    )
    # The switcher names each language in that language, with its own lang attribute.
    assert (
        'href="/sr-latn/mreze/at-mreza/" lang="sr-Latn" hreflang="sr-Latn">'
        '<span class="visually-hidden">Srpski </span>Latinica</a>' in html
    )
    assert (
        'href="/en/networks/at-network/" lang="en" hreflang="en" aria-current="true">English</a>'
        in html
    )


def test_slug_from_the_other_language_redirects_to_the_right_address(client, network):
    response = client.get("/sr-latn/mreze/at-network/")
    assert response.status_code == 301
    assert response["Location"] == "/sr-latn/mreze/at-mreza/"


def test_a_slug_in_any_language_is_found_in_one_query(client, network, django_assert_num_queries):
    with django_assert_num_queries(2):  # the page's own slug, then any language's
        response = client.get("/en/networks/at-mreza/")
    assert response["Location"] == "/en/networks/at-network/"


def test_unknown_network_gives_a_translated_404(client, network):
    response = client.get("/sr-latn/mreze/ne-postoji/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Stranica nije pronađena" in html
    assert '<meta name="robots" content="noindex">' in html
    # The switcher on a missing page leads to the home page of each language.
    assert 'href="/en/" lang="en"' in html


def test_unpublished_network_is_404(client, network):
    network.is_published = False
    network.save()
    assert client.get("/en/networks/at-network/").status_code == 404


def test_unknown_language_prefix_is_a_404_in_the_visitors_language(client):
    response = client.get("/de/networks/", headers={"accept-language": "en"})
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_page_has_landmarks_and_skip_link(client, network):
    html = client.get("/en/networks/at-network/").content.decode()
    assert '<a class="skip-link" href="#main">Skip to main content</a>' in html
    assert '<main id="main" tabindex="-1">' in html
    assert '<nav class="site-nav" aria-label="Main">' in html
    assert "<footer" in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize("count", [1, 30])
def test_home_page_query_count_does_not_grow_with_networks_or_members(
    client, django_assert_num_queries, introduction, network, count
):
    NetworkFactory.create_batch(count)
    for _ in range(count):
        MembershipFactory(network=network, organization=OrganizationFactory())
    # The introduction, the networks, and the featured network's members (for its map).
    with django_assert_num_queries(3):
        response = client.get("/en/")
    html = response.content.decode()
    assert html.count('class="card"') == count
    assert html.count('class="featured"') == 1
    assert 'class="map__svg"' in html


@pytest.mark.parametrize("count", [1, 30])
def test_network_page_query_count_does_not_grow_with_members(
    client, django_assert_num_queries, network, count
):
    MembershipFactory.create_batch(count, network=network)
    with django_assert_num_queries(3):  # the network, its goals, its memberships
        response = client.get("/en/networks/at-network/")
    assert response.content.decode().count('class="member-list__item"') == count + 2


def test_members_of_a_network_are_listed_in_serbian_alphabetical_order(client, network):
    for name in ("Žabari", "Čuvari", "Cvet", "Ljubav", "Lozinka"):
        MembershipFactory(
            network=network, organization__name_sr_latn=name, organization__name_sr=""
        )
    for path, expected in (
        ("/sr-latn/mreze/at-mreza/", ["Cvet", "Čuvari", "Lozinka", "Ljubav", "Žabari"]),
        ("/sr/mreze/at-mreza/", ["Жабари", "Лозинка", "Љубав", "Цвет", "Чувари"]),
    ):
        html = client.get(path).content.decode()
        positions = [html.index(f">{name}</a>") for name in expected]
        assert positions == sorted(positions), path
