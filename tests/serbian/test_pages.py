"""Every public page in Serbian Cyrillic: content generated from the Latin, Latin slugs
and path words, the switcher, hreflang; fallbacks carry their own lang; local formats."""

import pytest

from tests.factories import MembershipFactory, NetworkFactory, OrganizationFactory, TownFactory

pytestmark = pytest.mark.django_db

ALTERNATES = {
    "/sr/": ("/sr-latn/", "/sr/", "/en/"),
    "/sr/mreze/at-mreza/": (
        "/sr-latn/mreze/at-mreza/",
        "/sr/mreze/at-mreza/",
        "/en/networks/at-network/",
    ),
    "/sr/organizacije/": ("/sr-latn/organizacije/", "/sr/organizacije/", "/en/organizations/"),
    "/sr/organizacije/astra/": (
        "/sr-latn/organizacije/astra/",
        "/sr/organizacije/astra/",
        "/en/organizations/astra/",
    ),
}


@pytest.mark.parametrize("path", ALTERNATES)
def test_cyrillic_page_has_its_language_switcher_and_hreflang(client, network, path):
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="sr-Cyrl">' in html
    latin, cyrillic, english = ALTERNATES[path]
    assert f'<link rel="canonical" href="http://testserver{cyrillic}">' in html
    for tag, url in (("sr-Latn", latin), ("sr-Cyrl", cyrillic), ("en", english)):
        assert f'<link rel="alternate" hreflang="{tag}" href="http://testserver{url}">' in html
    assert f'<link rel="alternate" hreflang="x-default" href="http://testserver{latin}">' in html
    # Each language named in its own script, with its own lang; the current one marked.
    # The script is the visible label; the language's name is there for screen readers.
    assert (
        f'href="{latin}" lang="sr-Latn" hreflang="sr-Latn">'
        '<span class="visually-hidden">Srpski </span>Latinica</a>' in html
    )
    assert (
        f'href="{cyrillic}" lang="sr-Cyrl" hreflang="sr-Cyrl" aria-current="true">'
        '<span class="visually-hidden">Српски </span>Ћирилица</a>' in html
    )
    assert f'href="{english}" lang="en" hreflang="en">English</a>' in html


def test_latin_and_english_pages_offer_cyrillic_too(client, network):
    for path in ("/sr-latn/mreze/at-mreza/", "/en/networks/at-network/"):
        html = client.get(path).content.decode()
        assert 'href="/sr/mreze/at-mreza/" lang="sr-Cyrl" hreflang="sr-Cyrl">' in html
        assert (
            '<link rel="alternate" hreflang="sr-Cyrl" href="http://testserver/sr/mreze/at-mreza/">'
            in html
        )


def test_home_page_in_cyrillic(client, network, introduction):
    html = client.get("/sr/").content.decode()
    assert "<title>Умрежавање · ASTRA</title>" in html
    assert "ASTRA се умрежава и сарађује са бројним организацијама." in html
    assert 'href="/sr/mreze/at-mreza/">Антитрафикинг мрежа</a>' in html
    assert "Национална мрежа" in html
    assert (
        '<p class="card__members">8 организација чланица · стање на дан 28. новембра 2026.</p>'
    ) in html
    assert "Прескочи на главни садржај" in html


def test_network_page_in_cyrillic_with_latin_slug_and_local_date(client, network):
    html = client.get("/sr/mreze/at-mreza/").content.decode()
    assert "<h1>Антитрафикинг мрежа</h1>" in html
    assert "<p>Први пасус на српском.</p>" in html
    assert "<li>Информисати</li><li>Видљивост</li>" in html
    assert "Оснивачица и координаторка" in html
    assert "ASTRA је основала мрежу." in html
    assert "извор: страница „Умрежавање“ ASTRA-е, стање на дан 28. новембра 2026." in html
    assert 'href="/sr/organizacije/centar-za-devojke-nis/">Центар за девојке</a>' in html
    assert 'href="https://atmreza.org"' in html


def test_directory_and_organization_page_in_cyrillic(client, network):
    html = client.get("/sr/organizacije/").content.decode()
    assert "<h1>Организације чланице</h1>" in html
    assert "Ниш, Србија" in html
    assert 'href="/sr/organizacije/centar-za-devojke-nis/">Центар за девојке</a>' in html
    html = client.get("/sr/organizacije/centar-za-devojke-nis/").content.decode()
    assert "<h1>Центар за девојке</h1>" in html
    assert 'href="/sr/mreze/at-mreza/">Антитрафикинг мрежа</a>' in html


def test_cyrillic_404_and_other_language_slug(client, network):
    response = client.get("/sr/mreze/nema/")
    assert response.status_code == 404
    assert "Страница није пронађена" in response.content.decode()
    response = client.get("/sr/mreze/at-network/")
    assert response.status_code == 301
    assert response["Location"] == "/sr/mreze/at-mreza/"


@pytest.mark.parametrize(
    ("count", "latin", "cyrillic", "english"),
    [
        (1, "je navedena 1 organizacija članica", "је наведена 1 организација чланица",
         "1 member organization is"),
        (2, "su navedene 2 organizacije članice", "су наведене 2 организације чланице",
         "2 member organizations are"),
        (5, "je navedeno 5 organizacija članica", "је наведено 5 организација чланица",
         "5 member organizations are"),
        (21, "je navedena 21 organizacija članica", "је наведена 21 организација чланица",
         "21 member organizations are"),
        (22, "su navedene 22 organizacije članice", "су наведене 22 организације чланице",
         "22 member organizations are"),
    ],
)  # fmt: skip
def test_member_counts_use_each_languages_plural_forms(client, count, latin, cyrillic, english):
    network = NetworkFactory(slug_en="n", slug_sr_latn="m")
    MembershipFactory.create_batch(count, network=network)
    for prefix, expected in (("/sr-latn/", latin), ("/sr/", cyrillic), ("/en/", english)):
        detail = client.get(f"{prefix}{'networks/n' if prefix == '/en/' else 'mreze/m'}/")
        assert expected in detail.content.decode()


def test_numbers_are_grouped_the_way_each_language_writes_them(client, network):
    network.member_count_note_en = network.member_count_note_sr_latn = ""
    network.member_count_note_sr = ""
    network.member_count = 1500
    network.save()
    assert "<dd>1.500\n" in client.get("/sr/mreze/at-mreza/").content.decode()
    assert "<dd>1.500\n" in client.get("/sr-latn/mreze/at-mreza/").content.decode()
    assert "<dd>1,500\n" in client.get("/en/networks/at-network/").content.decode()


def test_dates_are_formatted_per_language(client, network):
    # Serbian: the month of a full date in the genitive ("novembra", not "novembar").
    assert "28. новембра 2026." in client.get("/sr/mreze/at-mreza/").content.decode()
    assert "28. novembra 2026." in client.get("/sr-latn/mreze/at-mreza/").content.decode()
    assert "28 November 2026" in client.get("/en/networks/at-network/").content.decode()


def test_a_fallback_text_carries_its_own_language(client):
    NetworkFactory(
        slug_en="only-english",
        slug_sr_latn="samo-engleski",
        summary_en="Only in English.",
        summary_sr_latn="",
        summary_sr="",
        description_en="English description.",
        description_sr_latn="",
        description_sr="",
    )
    for prefix in ("/sr/", "/sr-latn/"):
        html = client.get(prefix).content.decode()
        assert '<p class="card__summary" lang="en">Only in English.</p>' in html
    html = client.get("/sr/mreze/samo-engleski/").content.decode()
    assert '<div class="prose" lang="en"><p>English description.</p></div>' in html
    # A text in the page's own language has no lang of its own.
    assert "<h1>Мрежа" in html
    assert '<p class="card__summary">Only in English.</p>' in client.get("/en/").content.decode()


def test_cyrillic_falls_back_to_latin_then_english(client):
    town = TownFactory(name_en="Niš", name_sr_latn="Niš")
    organization = OrganizationFactory(
        slug_en="x", name_en="English name", name_sr_latn="Latinični naziv", town=town
    )
    # An editor removed the generated Cyrillic and the town's Latin name: fallbacks show.
    type(organization).objects.filter(pk=organization.pk).update(name_sr="")
    type(town).objects.filter(pk=town.pk).update(name_sr="", name_sr_latn="")
    html = client.get("/sr/organizacije/").content.decode()
    assert '<span lang="sr-Latn">Latinični naziv</span>' in html
    assert '<span lang="en">Niš</span>, Србија' in html
    # English falls back to Serbian Latin, never to Cyrillic.
    type(organization).objects.filter(pk=organization.pk).update(name_en="")
    html = client.get("/en/organizations/").content.decode()
    assert '<span lang="sr-Latn">Latinični naziv</span>' in html
