"""Every page carries Open Graph and Twitter card tags: a page shared in a messenger or on
social media shows a card with its title, description and our picture, in its language."""

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from PIL import Image

from core.i18n import OPEN_GRAPH_LOCALES

pytestmark = pytest.mark.django_db

PAGES = {
    "home": {"en": "/en/", "sr-latn": "/sr-latn/", "sr": "/sr/"},
    "network": {
        "en": "/en/networks/at-network/",
        "sr-latn": "/sr-latn/mreze/at-mreza/",
        "sr": "/sr/mreze/at-mreza/",
    },
    "directory": {
        "en": "/en/organizations/",
        "sr-latn": "/sr-latn/organizacije/",
        "sr": "/sr/organizacije/",
    },
}
EXPECTED_LOCALES = {
    "en": ("en_GB", ["sr_RS"]),
    "sr-latn": ("sr_RS", ["en_GB"]),
    "sr": ("sr_RS", ["en_GB"]),
}


class Head(HTMLParser):
    """The ``<title>``, the canonical link and every ``<meta>`` of a page."""

    def __init__(self, page):
        super().__init__()
        self.title = None
        self.canonical = None
        self.meta = {}
        self._in_title = False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title" and self.title is None:  # not an inline SVG's <title>
            self._in_title = True
            self.title = ""
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs["href"]
        elif tag == "meta" and (key := attrs.get("property") or attrs.get("name")):
            self.meta.setdefault(key, []).append(attrs.get("content"))

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def one(self, key):
        values = self.meta.get(key, [])
        assert len(values) == 1, f"{key}: {values}"
        return values[0]


@pytest.fixture
def pages(network, introduction):
    return PAGES


@pytest.mark.parametrize("language", ["en", "sr-latn", "sr"])
@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_has_a_card_in_its_language(client, pages, page, language):
    response = client.get(pages[page][language])
    assert response.status_code == 200
    head = Head(response.content.decode())

    assert head.title.endswith(" · ASTRA")
    assert head.one("og:title") == head.title.removesuffix(" · ASTRA")
    assert head.one("og:description") == head.one("description") != ""
    assert head.one("og:url") == head.canonical
    assert head.canonical.startswith("http://testserver/")
    assert head.one("og:type") == "website"
    assert head.one("og:site_name") == "ASTRA"
    locale, alternates = EXPECTED_LOCALES[language]
    assert head.one("og:locale") == locale
    assert head.meta["og:locale:alternate"] == alternates
    assert head.one("og:image") == "http://testserver/static/img/share.png"
    assert head.one("og:image:width") == "1200"
    assert head.one("og:image:height") == "630"
    assert head.one("og:image:alt")
    assert head.one("twitter:card") == "summary_large_image"
    assert head.one("twitter:title") == head.one("og:title")
    assert head.one("twitter:description") == head.one("og:description")
    assert head.one("twitter:image") == head.one("og:image")


def test_the_card_is_in_the_pages_language(client, pages):
    english = Head(client.get(PAGES["network"]["en"]).content.decode())
    cyrillic = Head(client.get(PAGES["network"]["sr"]).content.decode())
    assert english.one("og:title") == "Anti-Trafficking Network"
    assert english.one("og:description") == "A network of civil society organizations."
    assert cyrillic.one("og:title") == "Антитрафикинг мрежа"
    assert cyrillic.one("og:description") == "Мрежа организација цивилног друштва."
    assert cyrillic.one("og:url") == "http://testserver/sr/mreze/at-mreza/"


def test_an_organization_page_has_a_card(client, network):
    head = Head(client.get("/en/organizations/centre-for-girls-nis/").content.decode())
    assert head.one("og:title") == "Centre for Girls"
    assert head.one("og:description") == "An organization from Serbia."
    assert head.one("og:url") == "http://testserver/en/organizations/centre-for-girls-nis/"


def test_the_share_image_is_our_own_and_the_size_the_tags_say():
    path = finders.find("img/share.png")
    assert path, "static/img/share.png is missing"
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == (1200, 630)
    with open(path, "rb") as file:
        assert len(file.read()) < 100 * 1024


def test_every_language_has_an_open_graph_locale():
    assert {code for code, _name in settings.LANGUAGES} == set(OPEN_GRAPH_LOCALES)


def test_an_error_page_has_a_title_card_without_addresses(client, db):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    head = Head(response.content.decode())
    assert head.one("og:title") == "Page not found"
    # Nothing built from the request's Host, which may be what went wrong.
    assert "og:url" not in head.meta
    assert "og:image" not in head.meta
