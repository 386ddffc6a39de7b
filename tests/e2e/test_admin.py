"""An editor in a real browser: log in, edit Serbian text in its tab, see it published."""

import pytest
from django.db.utils import OperationalError
from django.utils import translation
from playwright.sync_api import expect

from members.models import Membership
from networks.models import Network
from tests.e2e.conftest import NETWORK_SLUG, change_form, log_in

pytestmark = pytest.mark.e2e


def test_editor_changes_serbian_text_and_a_membership_and_sees_both_on_the_serbian_page(
    browsing, editor
):
    network = Network.objects.get(slug_en=NETWORK_SLUG)
    astra_membership = Membership.objects.get(network=network, organization__is_astra=True)
    page = log_in(browsing, editor)
    page.goto(change_form(network))

    # The Serbian tab of the description, then its field (hidden until the tab is chosen).
    description = page.locator("#id_description_sr_latn")
    expect(description).to_be_hidden()
    serbian_tab = page.locator('a[href="#tab_id_description_sr_latn"]')
    serbian_tab.click()
    expect(description).to_be_visible()
    # The tab semantics sit on the link (see static/js/admin-a11y.js) and follow the click.
    expect(serbian_tab).to_have_attribute("role", "tab")
    expect(serbian_tab).to_have_attribute("aria-selected", "true")
    expect(page.locator('a[href="#tab_id_description_en"]')).to_have_attribute(
        "aria-selected", "false"
    )
    # The arrow keys move between the languages, as the WAI-ARIA tabs pattern says.
    following = serbian_tab.evaluate(
        """a => {
            const item = a.closest("li");
            const next = item.nextElementSibling || item.parentElement.firstElementChild;
            return next.querySelector("a").getAttribute("href");
        }"""
    )
    serbian_tab.focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator(f'a[href="{following}"]')).to_be_focused()
    expect(page.locator(f'a[href="{following}"]')).to_have_attribute("aria-selected", "true")
    serbian_tab.click()
    expect(description).to_be_visible()
    description.fill("Opis izmenjen u pregledaču.\n\nDrugi pasus, takođe nov.")

    # ASTRA's membership row in the inline, found by its primary key; its Serbian note.
    pk = astra_membership.pk
    row_id = page.locator(f'input[name^="memberships-"][name$="-id"][value="{pk}"]')
    prefix = row_id.get_attribute("name").removesuffix("-id")
    page.locator(f'a[href="#tab_id_{prefix}-note_sr_latn"]').click()
    note = page.locator(f"#id_{prefix}-note_sr_latn")
    expect(note).to_be_visible()
    note.fill("beleška uneta u administraciji")

    page.locator('input[name="_save"]').click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    with translation.override("sr-latn"):
        public = network.get_absolute_url()
    visitor = browsing.page(language="sr-latn")
    visitor.goto(public)
    expect(visitor.locator(".prose")).to_contain_text("Opis izmenjen u pregledaču.")
    expect(visitor.locator(".prose p")).to_have_count(2)
    expect(visitor.locator(".role")).to_contain_text("beleška uneta u administraciji")
    # The English page keeps its own text.
    network.refresh_from_db()
    assert "pregledaču" not in network.description_en


def test_the_cyrillic_page_follows_every_latin_edit(browsing, editor):
    # The browser sends CRLF line breaks: before they were normalised, the first save
    # made the generated Cyrillic look like an editor's own, and the second edit of the
    # Latin never reached /sr/.
    network = Network.objects.get(slug_en=NETWORK_SLUG)
    page = log_in(browsing, editor)
    for text in (
        "Prvi pasus sa greškom.\n\nDrugi pasus.",
        "Prvi pasus bez greške.\n\nDrugi pasus.",
    ):
        page.goto(change_form(network))
        page.locator('a[href="#tab_id_description_sr_latn"]').click()
        page.locator("#id_description_sr_latn").fill(text)
        page.locator('input[name="_save"]').click()
        expect(page.locator(".messagelist .success")).to_be_visible()

    with translation.override("sr"):
        public = network.get_absolute_url()
    visitor = browsing.page(language="sr")
    visitor.goto(public)
    expect(visitor.locator(".prose p").first).to_have_text("Први пасус без грешке.")
    expect(visitor.locator(".prose p")).to_have_count(2)


def test_a_save_lost_to_a_database_outage_is_not_lost_to_the_editor(browsing, editor, monkeypatch):
    network = Network.objects.get(slug_en=NETWORK_SLUG)
    page = log_in(browsing, editor)
    page.goto(change_form(network))
    page.locator('a[href="#tab_id_description_sr_latn"]').click()
    page.locator("#id_description_sr_latn").fill("Tekst unet dok baza ne radi.")

    def database_down(*args, **kwargs):
        raise OperationalError("the database is not answering")

    monkeypatch.setattr(Network, "save", database_down)
    with page.expect_response(lambda response: response.request.method == "POST") as sent:
        page.locator('input[name="_save"]').click()
    assert sent.value.status == 503
    expect(page.locator("h1")).to_have_text("Your change was not saved", timeout=15_000)
    monkeypatch.undo()

    page.go_back()
    page.locator('a[href="#tab_id_description_sr_latn"]').click()
    expect(page.locator("#id_description_sr_latn")).to_have_value("Tekst unet dok baza ne radi.")
