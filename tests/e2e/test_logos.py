"""An editor uploads a network's logo in a real browser; visitors see its rendition, with
the text alternative of their language, and the admin's logo screens pass axe."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from members.models import MemberOrganization
from networks.models import Network
from tests.e2e.conftest import (
    NETWORK_SLUG,
    ORGANIZATION_SLUG,
    change_form,
    languages,
    log_in,
)
from tests.e2e.test_accessibility import WCAG_21_AA
from tests.helpers import image_bytes

pytestmark = pytest.mark.e2e

ALT = {
    "en": "A red disc, the network's sign",
    "sr-latn": "Crveni krug, znak mreže",
    # Made from the Latin on save.
    "sr": "Црвени круг, знак мреже",
}


def upload_logo(browsing, editor, tmp_path):
    network = Network.objects.get(slug_en=NETWORK_SLUG)
    logo = tmp_path / "at-network.png"
    logo.write_bytes(image_bytes("PNG", (1200, 600)))
    page = log_in(browsing, editor)
    page.goto(change_form(network))
    page.locator(".ui-tabs").first.wait_for()
    expect(page.locator(".field-logo_preview")).to_contain_text("no logo yet")
    page.set_input_files("#id_logo", str(logo))
    page.locator("#id_logo_alt_en").fill(ALT["en"])
    page.locator('a[href="#tab_id_logo_alt_sr_latn"]').click()
    page.locator("#id_logo_alt_sr_latn").fill(ALT["sr-latn"])
    page.locator('input[name="_continue"]').click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    return network, page


def test_an_uploaded_logo_is_shown_as_a_rendition_with_the_alt_text_of_each_language(
    browsing, editor, tmp_path
):
    network, admin = upload_logo(browsing, editor, tmp_path)
    # The change form shows the logo now saved, as the cards show it.
    preview = admin.locator(".field-logo_preview picture img")
    expect(preview).to_have_attribute("alt", ALT["en"])
    # It is lazily loaded: brought into view, it loads.
    preview.scroll_into_view_if_needed()
    admin.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=preview.element_handle()
    )

    network.refresh_from_db()
    page_size = network.logo_renditions["sizes"]["page"]
    for code in languages():
        with translation.override(code):
            address = network.get_absolute_url()
        visitor = browsing.page(language=code)
        visitor.goto(address)
        image = visitor.locator("header picture.logo--page img")
        expect(image).to_have_attribute("alt", ALT[code])
        expect(image).to_have_attribute("width", str(page_size["width"]))
        expect(image).to_have_attribute("height", str(page_size["height"]))
        # Chromium picks a modern rendition, loads it, and lays it out at its size.
        loaded = image.evaluate(
            """img => new Promise(done => {
                const report = () => done({
                    src: img.currentSrc, natural: img.naturalWidth, width: img.width
                });
                img.complete ? report() : img.addEventListener("load", report);
            })"""
        )
        assert "/media/logos/renditions/" in loaded["src"]
        assert loaded["src"].endswith((".avif", ".webp"))
        assert loaded["natural"] >= page_size["width"]
        assert loaded["width"] == page_size["width"]
        results = Axe().run(visitor, options=WCAG_21_AA)
        assert results.violations_count == 0, (code, results.generate_report())

    # On the home page (where ASTRA's own network is featured, above the cards) the logo
    # repeats the name beside it: no second announcement.
    home = browsing.page()
    home.goto("/en/")
    expect(home.locator(".featured picture.logo--card img")).to_have_attribute("alt", "")


@pytest.mark.parametrize("code", languages())
def test_the_admins_logo_screens_have_no_wcag_violations(browsing, editor, code):
    network = Network.objects.get(slug_en=NETWORK_SLUG)
    network.logo = SimpleUploadedFile("at.png", image_bytes("PNG", (1200, 600)))
    network.save()
    organization = MemberOrganization.objects.get(slug_en=ORGANIZATION_SLUG)
    organization.logo = SimpleUploadedFile("org.png", image_bytes("PNG", (300, 300)))
    organization.save()
    page = log_in(browsing, editor, language=code)
    screens = [
        change_form(network),
        reverse("admin:members_memberorganization_change", args=[organization.pk]),
        reverse("admin:networks_network_changelist"),
        reverse("admin:members_memberorganization_changelist"),
    ]
    for screen in screens:
        page.goto(screen)
        expect(page.locator("picture.logo img").first).to_be_visible()
        results = Axe().run(page, options=WCAG_21_AA)
        assert results.violations_count == 0, (screen, results.generate_report())
