"""The directory in a browser: filtered by keyboard alone, and its map reachable."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import languages, public_pages
from tests.e2e.test_visitor import FOCUSED

pytestmark = pytest.mark.e2e


def tab_to(page, predicate, limit=80):
    """Press Tab until the focused element satisfies ``predicate`` (or fail)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if predicate(focused):
            return focused
    raise AssertionError("not reached by the keyboard")


@pytest.mark.parametrize("code", languages())
def test_a_visitor_filters_by_town_with_the_keyboard_alone(browsing, code):
    page = browsing.page(language=code, reduced_motion="reduce")
    page.goto(public_pages(code)["organizations"])
    before = page.locator(".org-list__item").count()

    town = page.locator("#filter-town")
    tab_to(page, lambda focused: page.evaluate("document.activeElement.id") == "filter-town")
    # Keyboard selection on a closed <select>: the arrow moves to the next town.
    page.keyboard.press("ArrowDown")
    chosen = town.input_value()
    assert chosen
    tab_to(page, lambda focused: page.evaluate("document.activeElement.type") == "submit")
    page.keyboard.press("Enter")

    # The canonical, shareable address of the question; fewer organizations.
    expect(page).to_have_url(
        browsing.base_url + public_pages(code)["organizations"] + f"?town={chosen}"
    )
    assert 0 < page.locator(".org-list__item").count() < before
    assert page.locator("#filter-town").input_value() == chosen
    # The filter can be removed, again by keyboard.
    tab_to(
        page, lambda focused: page.evaluate("!!document.activeElement.closest('.active-filters')")
    )
    page.keyboard.press("Enter")
    expect(page).to_have_url(browsing.base_url + public_pages(code)["organizations"])


@pytest.mark.parametrize("page_type", ["filtered", "network"])
def test_the_maps_marks_are_reached_by_keyboard_and_named(browsing, page_type):
    page = browsing.page(reduced_motion="reduce")
    page.goto(public_pages("en")[page_type])
    marks = page.locator("svg a.map__mark")
    assert marks.count() >= 2
    names = [marks.nth(i).get_attribute("aria-label") for i in range(marks.count())]
    assert all(names)

    on_a_mark = "document.activeElement.matches('svg a.map__mark')"
    focused = tab_to(page, lambda focused: page.evaluate(on_a_mark), limit=400)
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") in names
    assert focused["visible"]
    assert focused["outline"] or focused["shadow"], "the focused mark shows its focus"
    page.keyboard.press("Enter")
    # A mark leads to the directory filtered by its town.
    expect(page).to_have_url(re.compile(r"[?&]town="))
    assert page.locator(".org-list__item").count() >= 1
