"""The design in a browser (issue 11): dark and forced colours stay accessible, the phone
header stays short, the hotlines are at the top of every page, a card is one link, and a
network page prints well on A4."""

import io
import math
import unicodedata

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from networks.models import Network
from tests.e2e.conftest import NETWORK_SLUG, languages, public_pages

pytestmark = pytest.mark.e2e

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PHONE = {"width": 390, "height": 844}
HOTLINES = ["tel:+381117850000", "tel:116000"]

# How each theme is asked for: the visitor's system settings, emulated.
MODES = {
    "dark": {"color_scheme": "dark"},
    "forced-colours": {"forced_colors": "active"},
}


def every_page(code):
    """Each public page type, with the open data page."""
    pages = public_pages(code)
    with translation.override(code):
        pages["open-data"] = reverse("members:open-data")
    return pages


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("code", languages())
def test_public_pages_have_no_wcag_violations_in_dark_and_forced_colours(browsing, code, mode):
    page = browsing.page(language=code, **MODES[mode])
    for path in every_page(code).values():
        page.goto(path)
        results = Axe().run(page, options=WCAG_21_AA)
        assert results.violations_count == 0, f"{mode} {path}\n{results.generate_report()}"


def test_the_dark_theme_is_a_theme_of_its_own(browsing):
    """The emulation really switches the tokens: the dark page is dark, the light one light."""
    backgrounds = {}
    for scheme in ("light", "dark"):
        page = browsing.page(color_scheme=scheme)
        page.goto("/en/")
        backgrounds[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert page.evaluate("getComputedStyle(document.documentElement).colorScheme") == (
            "light dark"
        )
    assert backgrounds["light"] == "rgb(255, 255, 255)"
    assert backgrounds["dark"] == "rgb(15, 23, 25)"


@pytest.mark.parametrize("code", languages())
def test_the_phone_header_fits_in_120_pixels_with_the_switcher_in_one_row(browsing, code):
    page = browsing.page(language=code, viewport=PHONE, is_mobile=True, has_touch=True)
    for path in every_page(code).values():
        page.goto(path)
        header = page.locator("header.site-header").bounding_box()
        assert header["height"] <= 120, (path, header)
        tops = {round(box["y"]) for box in boxes(page, ".language-switcher a")}
        assert len(tops) == 1, f"the switcher wraps on {path}: {tops}"
        # The navigation's links share one row too.
        assert len({round(box["y"]) for box in boxes(page, ".site-nav a")}) == 1
        # The hotlines: one compact band above it.
        assert page.locator(".hotlines").bounding_box()["height"] <= 64


def boxes(page, selector):
    return [link.bounding_box() for link in page.locator(selector).all()]


@pytest.mark.parametrize("code", languages())
def test_the_hotlines_are_tel_links_at_the_top_of_every_page(browsing, code):
    page = browsing.page(language=code, viewport=PHONE, is_mobile=True, has_touch=True)
    for name, path in every_page(code).items():
        page.goto(path)
        # First in the page after the skip link: before the header, in every language.
        links = page.locator('a[href^="tel:"]')
        assert [link.get_attribute("href") for link in links.all()] == HOTLINES, path
        for link in links.all():
            assert link.is_visible()
            assert link.bounding_box()["y"] < 64, (name, link.bounding_box())
        assert page.evaluate(
            """() => {
                const tel = document.querySelector('a[href^="tel:"]');
                const header = document.querySelector("header.site-header");
                return !!(tel.compareDocumentPosition(header) & Node.DOCUMENT_POSITION_FOLLOWING);
            }"""
        ), f"the hotlines come after the header on {path}"
        assert page.locator(".hotlines").get_attribute("aria-label")


def test_the_english_hotlines_read_as_the_numbers_they_call(browsing):
    page = browsing.page()
    page.goto("/en/")
    # Kept in one piece by no-break spaces.
    assert page.locator('a[href="tel:+381117850000"]').inner_text() == "+381\xa011\xa0785\xa00000"
    assert page.locator('a[href="tel:116000"]').inner_text() == "116\xa0000"


@pytest.mark.parametrize("code", languages())
def test_every_card_is_one_link_with_one_accessible_name(browsing, code):
    page = browsing.page(language=code)
    page.goto(public_pages(code)["home"])
    cards = page.locator("article.card").all()
    assert len(cards) == Network.objects.published().count() - 1  # the featured one apart
    with translation.override(code):
        names = {network.get_absolute_url(): network.name for network in Network.objects.all()}
    for card in cards:
        links = card.locator("a")
        assert links.count() == 1, card.inner_html()
        link = links.first
        href = link.get_attribute("href")
        # Its accessible name is the network's name, not the whole card read out.
        assert page.get_by_role("link", name=names[href], exact=True).count() == 1
        assert link.evaluate("a => a.closest('a a') === null")
        # Anywhere on the card is the link: its kind label, its summary, its size line.
        card.scroll_into_view_if_needed()
        for part in (".card__kind", ".card__summary"):
            box = card.locator(part).bounding_box()
            hit = page.evaluate(
                "([x, y]) => document.elementFromPoint(x, y).closest('a')?.getAttribute('href')",
                [box["x"] + 4, box["y"] + box["height"] / 2],
            )
            assert hit == href, (part, href, hit)


def test_the_featured_network_shows_its_map_and_its_eight_towns(browsing):
    page = browsing.page()
    page.goto("/en/")
    featured = page.locator(".featured")
    assert featured.get_by_role("heading", level=2).inner_text() == "Anti-Trafficking Network"
    assert featured.locator("svg.map__svg").is_visible()
    assert featured.locator(".map__list li").count() == 8


def printed(page, path):
    page.goto(path)
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    # NFKC: the PDF's text has ligatures ("ﬁ") and no-break spaces.
    text = "\n".join(sheet.extract_text() for sheet in pdf.pages)
    return pdf, " ".join(unicodedata.normalize("NFKC", text).split())


@pytest.mark.parametrize("code", languages())
def test_a_network_page_prints_on_few_a4_pages_without_navigation(browsing, code):
    page = browsing.page(language=code)
    network = Network.objects.get(slug_en=NETWORK_SLUG)
    with translation.override(code):
        path = network.get_absolute_url()
    page.goto(path)
    page.emulate_media(media="print")
    for hidden in (".site-nav", ".language-switcher", ".skip-link", ".breadcrumbs"):
        assert page.locator(hidden).evaluate("e => getComputedStyle(e).display") == "none"
    # On A4 at 10 pt, the main column holds at least 3,000 characters a page: the pages
    # are what the text needs, with one to spare for the map and the list of members.
    characters = len(" ".join(page.locator("main").inner_text().split()))
    bound = math.ceil(characters / 3000) + 1

    pdf, text = printed(page, path)

    assert 1 <= len(pdf.pages) <= bound, (len(pdf.pages), characters)
    assert page.locator("h1").inner_text() in text
    for label in ("Latinica", "Ћирилица", "English"):
        assert label not in text, f"the switcher is printed: {label}"
    with translation.override(code):
        organizations = page.locator(".site-nav a").nth(1).inner_text()
    assert organizations not in text, "the navigation is printed"
    # The hotline is kept on paper, as text.
    assert "+381 11 785 0000" in text


def test_print_shows_where_external_links_lead(browsing):
    page = browsing.page()
    page.goto(reverse("members:open-data"))
    page.emulate_media(media="print")
    link = page.locator('main a[href^="https://datapackage.org"]').first
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert after == '" (https://datapackage.org/)"'
    page.emulate_media(media="screen")
    assert link.evaluate("a => getComputedStyle(a, '::after').content") == "none"


CURRENT_MARKS = """e => {
    const style = getComputedStyle(e);
    return {
        underline: style.textDecorationLine.includes("underline"),
        bar: style.borderBottomStyle === "solid" && parseFloat(style.borderBottomWidth) >= 2,
    };
}"""


@pytest.mark.parametrize("code", languages())
def test_forced_colours_mark_the_current_language_and_page_by_more_than_weight(browsing, code):
    page = browsing.page(language=code, forced_colors="active")
    page.goto(public_pages(code)["organizations"])
    for current in (".language-switcher a[aria-current]", ".site-nav a[aria-current]"):
        assert page.locator(current).count() == 1
        assert page.locator(current).evaluate(CURRENT_MARKS) == {"underline": True, "bar": True}
    # The others carry neither mark.
    for other in page.locator(".language-switcher a:not([aria-current])").all():
        assert other.evaluate(CURRENT_MARKS) == {"underline": False, "bar": False}
    # A button keeps its outline: the system draws its edge.
    button = page.locator(".directory-form button")
    assert button.evaluate("b => getComputedStyle(b).borderTopStyle") == "solid"
    assert button.evaluate("b => parseFloat(getComputedStyle(b).borderTopWidth)") >= 2


@pytest.mark.parametrize("mode", ["light", "dark", "forced-colours"])
def test_focus_is_a_thick_outline_in_every_mode(browsing, mode):
    page = browsing.page(**MODES.get(mode, {}))
    page.goto("/en/organizations/")
    for _ in range(4):  # the skip link, the two hotlines, the wordmark
        page.keyboard.press("Tab")
    outline = page.evaluate(
        """() => {
            const style = getComputedStyle(document.activeElement);
            return [style.outlineStyle, parseFloat(style.outlineWidth), style.outlineColor];
        }"""
    )
    assert outline[0] == "solid", outline
    assert outline[1] >= 3, outline
    assert outline[2] not in ("transparent", "rgba(0, 0, 0, 0)")
