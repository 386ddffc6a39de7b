"""axe-core finds no WCAG 2.1 A/AA violation, and no page contacts another origin."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from networks.models import Network
from tests.e2e.conftest import NETWORK_SLUG, change_form, languages, log_in, public_pages

pytestmark = pytest.mark.e2e

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def violations(page):
    results = Axe().run(page, options=WCAG_21_AA)
    return results.violations_count, results.generate_report()


@pytest.mark.parametrize("code", languages())
def test_public_pages_have_no_wcag_violations(browsing, code):
    page = browsing.page(language=code)
    for path in public_pages(code).values():
        page.goto(path)
        count, report = violations(page)
        assert count == 0, f"{path}\n{report}"


@pytest.mark.parametrize("code", languages())
def test_network_change_form_has_no_wcag_violations(browsing, editor, code):
    page = log_in(browsing, editor, language=code)
    page.goto(change_form(Network.objects.get(slug_en=NETWORK_SLUG)))
    page.locator(".ui-tabs").first.wait_for()
    count, report = violations(page)
    assert count == 0, report


def test_no_page_requests_anything_from_another_origin(browsing, editor):
    pages = [path for code in languages() for path in public_pages(code).values()]
    page = browsing.page()
    for path in pages:
        page.goto(path)
    admin = log_in(browsing, editor)
    admin.goto(change_form(Network.objects.get(slug_en=NETWORK_SLUG)))
    admin.locator(".ui-tabs").first.wait_for()

    assert len(browsing.requests) > len(pages)  # pages, their CSS and the admin's scripts
    assert browsing.foreign_requests() == []
