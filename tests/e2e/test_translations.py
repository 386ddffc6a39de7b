"""A translator in a real browser: from the admin's index to the translation screen, a
string changed and saved, and the change on the Latin and the Cyrillic pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from core.translations.access import TRANSLATORS_GROUP
from tests.core.translations.conftest import translations_dir  # noqa: F401 (a fixture)
from tests.e2e.conftest import PASSWORD, languages, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("translations_dir")]

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
TAGLINE = "Networks we belong to"


@pytest.fixture
def translator(content):
    user = User.objects.create_user("prevodilac", "prevodilac@example.org", PASSWORD)
    user.is_staff = True
    user.save()
    # Transactional tests empty the tables, the migration's group included.
    user.groups.add(Group.objects.get_or_create(name=TRANSLATORS_GROUP)[0])
    return user


def open_screen(browsing, translator, language="en"):
    page = log_in(browsing, translator, language=language)
    page.locator(".app-translations a.changelink").click()
    expect(page.locator("#translation-list")).to_be_visible()
    return page


def search(page, text):
    page.locator("#translations-query").fill(text)
    page.locator(".translations-search [type=submit]").click()
    expect(page.locator("#translation-list tbody tr")).to_have_count(1)


def test_a_translator_changes_a_string_and_sees_it_on_the_latin_and_cyrillic_pages(
    browsing, translator
):
    page = open_screen(browsing, translator)
    search(page, TAGLINE)
    row = page.locator("#translation-list tbody tr")
    box = row.get_by_role("textbox", name=TAGLINE)
    expect(box).to_have_value("Mreže čiji smo deo")
    box.fill("Mreže kojima pripadamo")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messagelist .success")).to_contain_text("1 translation saved.")

    visitor = browsing.page(language="sr-latn")
    visitor.goto("/sr-latn/")
    expect(visitor.locator(".site-name__tagline")).to_have_text("Mreže kojima pripadamo")
    visitor.goto("/sr/")
    expect(visitor.locator(".site-name__tagline")).to_have_text("Мреже којима припадамо")
    visitor.goto("/en/")
    expect(visitor.locator(".site-name__tagline")).to_have_text(TAGLINE)


def test_a_broken_placeholder_is_refused_in_the_browser(browsing, translator):
    page = open_screen(browsing, translator)
    search(page, "Logo of %(name)s")
    box = page.locator("#translation-list textarea")
    box.fill("Logotip: %(naziv)s")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messagelist .error").first).to_contain_text("Not saved: line ")
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(box).to_have_value("Logotip: %(naziv)s")
    count = Axe().run(page, options=WCAG_21_AA)
    assert count.violations_count == 0, count.generate_report()


@pytest.mark.parametrize("code", languages())
def test_the_translation_screens_have_no_wcag_violations(browsing, translator, code):
    page = log_in(browsing, translator, language=code)
    # The admin's index as a translator sees it: no models, the translation screen.
    expect(page.locator(".app-translations")).to_be_visible()
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()
    page.locator(".app-translations a.changelink").click()
    for query in ("", "?msg_filter=untranslated", "?query=is+listed+here"):
        page.goto(f"/admin/translations/{query}")
        results = Axe().run(page, options=WCAG_21_AA)
        assert results.violations_count == 0, f"{query}\n{results.generate_report()}"
