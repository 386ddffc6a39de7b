"""What a visitor does with a mouse, a phone, a keyboard, or no JavaScript at all."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from members.models import MemberOrganization
from networks.models import Network
from tests.e2e.conftest import (
    NETWORK_SLUG,
    ORGANIZATION_SLUG,
    languages,
    public_pages,
    tag,
)

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 667}


def localized(obj, attribute, code):
    with translation.override(code):
        return getattr(obj, attribute)


def url_in(obj, code):
    with translation.override(code):
        return obj.get_absolute_url()


def switcher_link(page, code):
    return page.locator(f'nav.language-switcher a[hreflang="{tag(code)}"]')


@pytest.mark.parametrize("code", languages())
def test_visitor_is_sent_to_their_language_and_stays_on_the_organization_across_languages(
    browsing, code
):
    network = Network.objects.get(slug_en=NETWORK_SLUG)
    organization = MemberOrganization.objects.get(slug_en=ORGANIZATION_SLUG)
    page = browsing.page(language=code)

    page.goto("/")
    expect(page).to_have_url(browsing.base_url + public_pages(code)["home"])
    assert page.locator("html").get_attribute("lang") == tag(code)

    page.locator(".card__title a", has_text=localized(network, "name", code)).click()
    expect(page).to_have_url(browsing.base_url + url_in(network, code))
    # Two organizations share the name "Centre for Girls" (Niš and Užice): follow by address.
    address = url_in(organization, code)
    page.locator(f'main .member-list a[href="{address}"]').click()
    expect(page).to_have_url(browsing.base_url + address)

    for other in languages():
        if other == code:
            continue
        switcher_link(page, other).click()
        # The same organization, at its address (and slug) in the other language.
        expected = url_in(organization, other)
        expect(page).to_have_url(browsing.base_url + expected)
        assert page.locator("html").get_attribute("lang") == tag(other)
        assert page.locator("h1").inner_text().startswith(localized(organization, "name", other))
        switcher_link(page, code).click()
        expect(page).to_have_url(browsing.base_url + url_in(organization, code))


@pytest.mark.parametrize("code", languages())
def test_phone_visitor_reaches_every_network_from_the_home_page(browsing, code):
    page = browsing.page(language=code, viewport=PHONE, is_mobile=True, has_touch=True)
    home = public_pages(code)["home"]
    networks = list(Network.objects.published())
    assert len(networks) == 10
    for network in networks:
        page.goto(home)
        link = page.locator(".card__title a", has_text=localized(network, "name", code))
        link.scroll_into_view_if_needed()
        assert link.is_visible()
        link.tap()
        expect(page).to_have_url(browsing.base_url + url_in(network, code))
        assert page.locator("h1").inner_text() == localized(network, "name", code)


@pytest.mark.parametrize("code", languages())
def test_nothing_overflows_a_phone_screen_horizontally(browsing, code):
    page = browsing.page(language=code, viewport=PHONE, is_mobile=True)
    for name, path in public_pages(code).items():
        page.goto(path)
        widths = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], f"{name} ({path}) is wider than the screen: {widths}"


# How a test names a focusable element: its link target, else its id, else its tag.
NAME = 'el => el.getAttribute("href") || el.id || el.tagName.toLowerCase()'

FOCUSED = f"""() => {{
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    const within = (selector) => Boolean(el.closest(selector));
    return {{
        name: ({NAME})(el),
        body: el === document.body,
        href: el.getAttribute("href"),
        skip: el.classList.contains("skip-link"),
        nav: within(".site-nav"),
        switcher: within(".language-switcher"),
        main: within("main"),
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
        shadow: style.boxShadow !== "none",
        visible: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0,
    }};
}}"""

# Every link and form control in <main> that the keyboard should reach, in page order.
MAIN_FOCUSABLE = f"""() => [...document.querySelectorAll(
    "main a[href], main input:not([type=hidden]), main button, main select, main textarea"
)].map({NAME})"""


@pytest.mark.parametrize("code", languages())
@pytest.mark.parametrize(
    "page_type", ["home", "network", "organizations", "filtered", "organization"]
)
def test_keyboard_reaches_skip_link_navigation_switcher_and_all_of_main_with_visible_focus(
    browsing, code, page_type
):
    # Reduced motion: the skip link slides in, and focus is checked where it comes to rest.
    page = browsing.page(language=code, reduced_motion="reduce")
    page.goto(public_pages(code)[page_type])
    in_main = page.evaluate(MAIN_FOCUSABLE)
    assert in_main

    focus_order = []
    for _ in range(len(in_main) + 40):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["body"]:
            break  # focus left the page: it has been walked through
        focus_order.append(focused)
        assert focused["visible"], focused
        assert focused["outline"] or focused["shadow"], f"no visible focus on {focused}"

    assert focus_order[0]["skip"], "the skip link is the first stop"
    first_nav = next(i for i, f in enumerate(focus_order) if f["nav"])
    first_switcher = next(i for i, f in enumerate(focus_order) if f["switcher"])
    first_main = next(i for i, f in enumerate(focus_order) if f["main"])
    assert 0 < first_nav < first_switcher < first_main
    assert [f["name"] for f in focus_order if f["main"]] == in_main

    # The skip link moves the keyboard past the header, to the main content.
    page.goto(public_pages(code)[page_type])
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["name"] == in_main[0]


@pytest.mark.parametrize("code", languages())
def test_every_public_page_works_without_javascript(browsing, code):
    page = browsing.page(language=code, java_script_enabled=False)
    pages = public_pages(code)
    for name, path in pages.items():
        response = page.goto(path)
        assert response.status == (404 if name == "not-found" else 200), path
        assert page.locator("h1").is_visible()
        # Structured data (JSON-LD) is data for search engines, never run.
        scripts = page.locator("script:not([type='application/ld+json'])")
        assert scripts.count() == 0, f"{path} ships JavaScript"

        # The switcher leads to this very page in every other language.
        for other in languages():
            if other == code:
                continue
            page.goto(path)
            switcher_link(page, other).click()
            target = public_pages(other)["home" if name == "not-found" else name]
            expect(page).to_have_url(browsing.base_url + target)
            assert page.locator("html").get_attribute("lang") == tag(other)

    page.goto(pages["network"])
    page.locator(".site-nav a").nth(1).click()
    expect(page).to_have_url(browsing.base_url + pages["organizations"])
    page.locator(".site-nav a").nth(0).click()
    expect(page).to_have_url(browsing.base_url + pages["home"])
