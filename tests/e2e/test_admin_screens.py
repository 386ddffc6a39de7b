"""The admin's screens in a real browser: every change list and the change forms fit a
1366 px screen with all their columns, the home page's order is set by dragging networks
(or with the arrow keys), the language tabs and the menu above them say the same, and
axe-core finds nothing on the screens this added."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from members.models import MemberOrganization
from networks.models import Network
from tests.e2e.conftest import NETWORK_SLUG, change_form, languages, log_in

pytestmark = pytest.mark.e2e

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
LAPTOP = {"width": 1366, "height": 768}

CHANGE_LISTS = [
    "admin:networks_network_changelist",
    "admin:networks_introduction_changelist",
    "admin:members_memberorganization_changelist",
    "admin:members_membership_changelist",
    "admin:serbian_protectedterm_changelist",
    "admin:auth_user_changelist",
    "admin:auth_group_changelist",
    "admin:axes_accessattempt_changelist",
    "admin:axes_accesslog_changelist",
    "admin:axes_accessfailurelog_changelist",
]

# What sticks out of the page or of the change list's box, and the columns not in view.
OVERFLOW = """() => {
    const results = document.querySelector("#changelist-form .results");
    const hidden = Array.from(document.querySelectorAll("#result_list thead th, .tabular thead th"))
        .filter(th => th.offsetParent !== null)
        .filter(th => th.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .map(th => th.textContent.trim());
    return {
        page: document.documentElement.scrollWidth,
        results: results ? results.scrollWidth - results.clientWidth : 0,
        hidden: hidden,
    };
}"""


@pytest.mark.parametrize("code", languages())
def test_every_change_list_and_form_fits_1366_pixels_with_all_its_columns(browsing, editor, code):
    page = log_in(browsing, editor, language=code)
    page.set_viewport_size(LAPTOP)
    network = Network.objects.get(slug_en=NETWORK_SLUG)
    organization = MemberOrganization.objects.get(is_astra=True)
    paths = [reverse(name) for name in CHANGE_LISTS]
    paths += [
        change_form(network),
        reverse("admin:members_memberorganization_change", args=[organization.pk]),
    ]
    for path in paths:
        page.goto(path)
        if "change/" in path:
            page.locator(".ui-tabs").first.wait_for()
        overflow = page.evaluate(OVERFLOW)
        assert overflow == {"page": LAPTOP["width"], "results": 0, "hidden": []}, path


def place_inputs(page):
    return page.locator('#result_list input[name$="-display_order"]')


def row_of(page, name):
    return page.locator(
        "#result_list tbody tr", has=page.get_by_role("link", name=name, exact=True)
    )


def home_page_order(browsing):
    """The cards' order (the AT Network is featured above them, whatever its place)."""
    visitor = browsing.page(language="en")
    visitor.goto("/en/")
    titles = visitor.locator(".cards .card__title").all_text_contents()
    return [" ".join(text.split()) for text in titles]


def test_an_editor_drags_a_network_up_and_the_home_page_follows(browsing, editor):
    # The first two networks on cards (the first of all, the AT Network, is featured).
    networks = list(Network.objects.all())
    first, second = networks[1], networks[2]
    before = home_page_order(browsing)
    assert before.index(first.name_en) < before.index(second.name_en)

    page = log_in(browsing, editor)
    page.set_viewport_size(LAPTOP)
    page.goto(reverse("admin:networks_network_changelist"))
    handle = row_of(page, second.name_en).locator(".place-handle")
    expect(handle).to_have_accessible_name(f"Move “{second.name_en}”")
    handle.drag_to(row_of(page, first.name_en))

    # The rows and their numbers, in the new order; nothing saved yet.
    rows = page.locator("#result_list tbody tr th a")
    expect(rows.nth(1)).to_have_text(second.name_en)
    expect(row_of(page, second.name_en).locator("input[name$='-display_order']")).to_have_value(
        str(first.display_order)
    )
    expect(row_of(page, first.name_en).locator("input[name$='-display_order']")).to_have_value(
        str(second.display_order)
    )
    expect(page.locator(".places-status")).to_contain_text(second.name_en)
    assert home_page_order(browsing) == before

    page.locator('#changelist-form input[name="_save"]').click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    after = home_page_order(browsing)
    assert after.index(second.name_en) < after.index(first.name_en)
    assert [name for name in after if name not in (first.name_en, second.name_en)] == [
        name for name in before if name not in (first.name_en, second.name_en)
    ]


def test_the_arrow_keys_move_a_network_as_dragging_does(browsing, editor):
    third = list(Network.objects.all())[2]
    page = log_in(browsing, editor)
    page.goto(reverse("admin:networks_network_changelist"))
    handle = row_of(page, third.name_en).locator(".place-handle")
    handle.focus()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(handle).to_be_focused()
    expect(page.locator("#result_list tbody tr th a").first).to_have_text(third.name_en)
    page.locator('#changelist-form input[name="_save"]').click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert home_page_order(browsing)[0] == third.name_en


def test_sorted_by_another_column_the_list_offers_no_dragging(browsing, editor):
    page = log_in(browsing, editor)
    page.goto(reverse("admin:networks_network_changelist") + "?o=1")
    expect(place_inputs(page).first).to_be_visible()
    expect(page.locator(".place-handle")).to_have_count(0)


NAMES = ["Srpski (latinica)", "Српски (ћирилица)", "English"]


@pytest.mark.parametrize("code", languages())
def test_the_tabs_name_the_languages_and_the_menu_shows_the_tab_shown(browsing, editor, code):
    page = log_in(browsing, editor, language=code)
    page.goto(change_form(Network.objects.get(slug_en=NETWORK_SLUG)))
    page.locator(".ui-tabs").first.wait_for()
    tabs = page.locator("#tab_id_description_en").locator("xpath=..").locator(".ui-tabs-nav a")
    expect(tabs).to_have_text(NAMES)
    expect(tabs.nth(1)).to_have_attribute("lang", "sr-Cyrl")
    menu = page.locator("#modeltranslation-main-switch")
    own = {"sr-latn": "Srpski (latinica)", "sr": "Српски (ћирилица)", "en": "English"}[code]
    # As the page opens: the admin's own language, in the tabs and in the menu.
    expect(menu.locator("option:checked")).to_have_text(own)
    expect(page.locator('.ui-tabs-nav a[aria-selected="true"]').first).to_have_text(own)

    # A tab chosen: every field shows that language, and the menu says so.
    page.locator('a[href="#tab_id_summary_en"]').click()
    expect(menu.locator("option:checked")).to_have_text("English")
    expect(page.locator("#id_description_en")).to_be_visible()
    expect(page.locator("#id_name_en")).to_be_visible()
    # The menu chosen: every tab follows.
    menu.select_option(label="Српски (ћирилица)")
    expect(page.locator("#id_description_sr")).to_be_visible()
    expect(page.locator('a[href="#tab_id_summary_sr"]')).to_have_attribute("aria-selected", "true")
    # Inside a tab, the label names the field; the tab names the language.
    expect(page.locator('label[for="id_description_sr"]')).not_to_contain_text("(")


@pytest.mark.parametrize("code", languages())
def test_the_new_admin_screens_have_no_wcag_violations(browsing, editor, code):
    Group.objects.create(name="Editors")
    network = Network.objects.get(slug_en=NETWORK_SLUG)
    page = log_in(browsing, editor, language=code)
    screens = {
        "networks": reverse("admin:networks_network_changelist"),
        "group": reverse("admin:auth_group_add"),
        "user": reverse("admin:auth_user_change", args=[editor.pk]),
        "sign-ins": reverse("admin:axes_accesslog_changelist"),
        "history": reverse("admin:networks_network_history", args=[network.pk]),
    }
    for name, path in screens.items():
        page.goto(path)
        if name in {"group", "user"}:
            # Django builds the permissions' selector once the page has loaded.
            page.locator(".selector .help-tooltip[role=img]").first.wait_for()
        results = Axe().run(page, options=WCAG_21_AA)
        assert results.violations_count == 0, f"{name}\n{results.generate_report()}"
    # The confirmation before "Unpublish".
    page.goto(reverse("admin:networks_network_changelist"))
    page.locator(".action-select").first.check()
    page.locator('select[name="action"]').select_option("unpublish_selected")
    page.locator('button[name="index"]').click()
    expect(page.locator(".publication-changing")).to_be_visible()
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()
    with translation.override(code):
        expect(page.locator("h1")).to_have_text(str(translation.gettext("Are you sure?")))
