"""An editor in a real browser undoes a change: edit, save, open the history, compare,
restore the previous version, and the public pages show the original text again in
Serbian Latin and Cyrillic. The history's pages pass axe too."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

from networks.models import Network
from tests.e2e.conftest import NETWORK_SLUG, change_form, log_in

pytestmark = pytest.mark.e2e

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture
def initial_versions(content):
    # As `make run` and bin/start do after loading the content.
    call_command("createinitialrevisions", verbosity=0)


def first_paragraph(text):
    return text.split("\n\n", 1)[0]


def assert_accessible(page):
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def test_editor_restores_the_previous_version_of_a_serbian_description(
    browsing, editor, initial_versions
):
    network = Network.objects.get(slug_en=NETWORK_SLUG)
    latin, cyrillic = network.description_sr_latn, network.description_sr
    assert "description_sr" in network.generated_translations
    edited = "Opis koji će biti poništen."

    page = log_in(browsing, editor)
    page.goto(change_form(network))
    page.locator('a[href="#tab_id_description_sr_latn"]').click()
    page.locator("#id_description_sr_latn").fill(edited)
    page.locator('input[name="_save"]').click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    visitor = browsing.page(language="sr-latn")
    visitor.goto("/sr-latn/mreze/at-mreza/")
    expect(visitor.locator(".prose")).to_contain_text(edited)

    # The history: the edit on top, the version loaded with the content below it.
    page.goto(change_form(network))
    page.locator("a.historylink").click()
    rows = page.locator("#change-history tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("editor")
    expect(rows.nth(0)).to_contain_text("description (Serbian, Latin)")
    expect(rows.nth(1)).to_contain_text("Initial version.")
    assert_accessible(page)

    # Compare: the two latest versions are chosen already.
    page.get_by_role("button", name="Compare the chosen versions").click()
    expect(page.locator("h1")).to_contain_text("Compare versions")
    latin_diff = page.locator(".history-field", has_text="Description (Serbian, Latin)")
    expect(latin_diff.locator("ins").first).to_contain_text(edited.rstrip("."))
    expect(latin_diff.locator("del").first).to_contain_text(first_paragraph(latin).rstrip("."))
    # The Cyrillic was generated, so it followed the edit.
    cyrillic_diff = page.locator(".history-field", has_text="Description (Serbian, Cyrillic)")
    expect(cyrillic_diff.locator("ins").first).to_contain_text("Опис који ће бити поништен")
    assert_accessible(page)

    # Restore the older one: it opens in the form, as it was.
    page.locator(".history-versions tbody tr").first.get_by_role("link").click()
    expect(page.locator(".history-notice")).to_contain_text("press “Save” to restore it")
    page.locator('a[href="#tab_id_description_sr_latn"]').click()
    expect(page.locator("#id_description_sr_latn")).to_have_value(latin)
    assert_accessible(page)
    page.locator('input[name="_save"]').click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    # The public pages show the original text again, in both scripts.
    visitor.goto("/sr-latn/mreze/at-mreza/")
    expect(visitor.locator(".prose")).to_contain_text(first_paragraph(latin))
    expect(visitor.locator(".prose")).not_to_contain_text(edited)
    visitor.goto("/sr/mreze/at-mreza/")
    expect(visitor.locator(".prose")).to_contain_text(first_paragraph(cyrillic))
    expect(visitor.locator(".prose")).not_to_contain_text("поништен")

    network.refresh_from_db()
    assert network.description_sr_latn == latin
    assert network.description_sr == cyrillic
    assert "description_sr" in network.generated_translations
    # The restore is in the history too, by the editor.
    page.goto(change_form(network))
    page.locator("a.historylink").click()
    expect(page.locator("#change-history tbody tr").first).to_contain_text("Restored the version")
