import re

import pytest
from django.urls import reverse

from tests.factories import NetworkFactory
from tests.helpers import network_form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["network", "introduction"])
def test_changelist_renders(admin_client, network, introduction, model):
    response = admin_client.get(reverse(f"admin:networks_{model}_changelist"))
    assert response.status_code == 200


def test_network_changelist_shows_what_editors_scan_for(admin_client, network):
    html = admin_client.get(reverse("admin:networks_network_changelist")).content.decode()
    assert "Anti-Trafficking Network" in html
    assert '<td class="field-astra_role">founder and coordinator</td>' in html
    assert '<td class="field-listed_members">2</td>' in html


def test_network_change_form_has_language_tabs_and_inlines(admin_client, network):
    url = reverse("admin:networks_network_change", args=[network.pk])
    html = admin_client.get(url).content.decode()
    assert 'name="name_en"' in html
    assert 'name="name_sr_latn"' in html
    assert 'name="name_sr"' in html
    assert 'name="goals-0-text_sr_latn"' in html
    assert 'name="goals-0-text_sr"' in html
    assert 'name="memberships-0-role"' in html
    # jQuery UI for the tabs comes from our own static files, not a CDN.
    assert "/static/jquery-ui/jquery-ui.min.js" in html
    assert "googleapis" not in html
    assert 'href="/admin/r/' in html  # "view on site"


def test_introduction_change_form_renders(admin_client, introduction):
    url = reverse("admin:networks_introduction_change", args=[introduction.pk])
    assert admin_client.get(url).status_code == 200


def test_admin_edit_of_serbian_text_shows_on_the_serbian_page(admin_client, client, network):
    url = reverse("admin:networks_network_change", args=[network.pk])
    data = network_form_data(
        network, summary_sr_latn="Izmenjen sažetak.", name_sr_latn="Nova mreža"
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    html = client.get("/sr-latn/").content.decode()
    assert "Izmenjen sažetak." in html
    assert "Nova mreža" in html
    assert "Izmenjen sažetak." not in client.get("/en/").content.decode()


def test_admin_requires_english_and_serbian_in_one_script(admin_client, network):
    url = reverse("admin:networks_network_change", args=[network.pk])
    response = admin_client.post(url, network_form_data(network, name_sr_latn="", name_sr=""))
    assert response.status_code == 200
    assert "Write this in Serbian, in either script." in response.content.decode()
    response = admin_client.post(url, network_form_data(network, name_en=""))
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    network.refresh_from_db()
    assert network.name_en == "Anti-Trafficking Network"
    assert network.name_sr_latn == "Antitrafiking mreža"


def test_admin_has_a_tab_for_each_of_the_three_languages(admin_client, network):
    url = reverse("admin:networks_network_change", args=[network.pk])
    html = admin_client.get(url).content.decode()
    for suffix in ("en", "sr_latn", "sr"):
        assert f'id="id_summary_{suffix}"' in html
    # Serbian may be written in either script, so neither is required on its own.
    inputs = {
        name: "required" in tag
        for tag, name in re.findall(r'(<input[^>]*name="(name_[a-z_]+)"[^>]*>)', html)
    }
    assert inputs == {"name_en": True, "name_sr_latn": False, "name_sr": False}
    # The Cyrillic address is the Latin one, copied on save.
    slug = re.search(r'<input[^>]*name="slug_sr"[^>]*>', html).group()
    assert "disabled" in slug
    assert 'value="at-mreza"' in slug


def test_an_editor_may_write_serbian_in_cyrillic_only(admin_client, client, network):
    url = reverse("admin:networks_network_change", args=[network.pk])
    data = network_form_data(network, name_sr_latn="", name_sr="Нова мрежа за инјекције")
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    network.refresh_from_db()
    assert network.name_sr_latn == "Nova mreža za injekcije"
    assert network.generated_translations.count("name_sr_latn") == 1
    assert (
        "<h1>Nova mreža za injekcije</h1>"
        in client.get("/sr-latn/mreze/at-mreza/").content.decode()
    )


def test_change_form_shows_which_serbian_texts_were_generated(admin_client, network):
    url = reverse("admin:networks_network_change", args=[network.pk])
    html = admin_client.get(url).content.decode()
    assert "Generated Serbian texts" in html
    assert "name (Serbian, Cyrillic)" in html
    assert "summary (Serbian, Cyrillic)" in html
    # each goal inline row says which of its texts were generated
    rows = re.findall(r'<td class="field-generated_serbian">\s*<p>([^<]*)</p>', html)
    assert rows[:2] == ["goal (Serbian, Cyrillic)"] * 2
    # and next to each generated field, a note to check it
    assert html.count("Generated from the other Serbian script when saved") == len(
        network.generated_translations
    )


def test_an_edited_cyrillic_text_is_no_longer_generated(admin_client, network):
    url = reverse("admin:networks_network_change", args=[network.pk])
    data = network_form_data(network, summary_sr="Мој сажетак.")
    assert admin_client.post(url, data).status_code == 302
    network.refresh_from_db()
    assert "summary_sr" not in network.generated_translations
    html = admin_client.get(url).content.decode()
    assert "summary (Serbian, Cyrillic)" not in html


def test_changelist_shows_incomplete_languages(admin_client, network):
    NetworkFactory(name_en="Half done", summary_sr_latn="", summary_sr="")
    html = admin_client.get(reverse("admin:networks_network_changelist")).content.decode()
    assert '<td class="field-incomplete_languages">Serbian (Latin), Serbian (Cyrillic)</td>' in html
    assert '<td class="field-incomplete_languages">–</td>' in html


def test_protected_terms_are_edited_in_the_admin(admin_client):
    url = reverse("admin:serbian_protectedterm_add")
    response = admin_client.post(url, {"term": "Terre des hommes", "note": "Swiss NGO"})
    assert response.status_code == 302
    network = NetworkFactory(summary_sr_latn="Terre des hommes i ASTRA.")
    assert network.summary_sr == "Terre des hommes и ASTRA."
    changelist = admin_client.get(reverse("admin:serbian_protectedterm_changelist"))
    assert "Terre des hommes" in changelist.content.decode()


def test_admin_refuses_a_broken_logo_upload(admin_client, network):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("admin:networks_network_change", args=[network.pk])
    logo = SimpleUploadedFile("logo.png", b"not an image", content_type="image/png")
    response = admin_client.post(url, network_form_data(network, logo=logo))
    assert response.status_code == 200
    assert "This file is not an image that can be read." in response.content.decode()
    network.refresh_from_db()
    assert not network.logo


def test_admin_speaks_serbian_cyrillic_with_djangos_own_translations(admin_client, network):
    admin_client.post(reverse("set_language"), {"language": "sr", "next": "/admin/"})
    html = admin_client.get(reverse("admin:networks_network_changelist")).content.decode()
    assert '<html lang="sr"' in html
    assert "Мреже ASTRA-е – администрација" in html
    assert "Одјава" in html  # Django's own catalogue: "Log out"


def test_admin_is_usable_in_serbian(admin_client, network):
    admin_client.post(reverse("set_language"), {"language": "sr-latn", "next": "/admin/"})
    html = admin_client.get(reverse("admin:networks_network_changelist")).content.decode()
    assert "Mreže" in html
    assert "Mreže ASTRA-e – administracija" in html


def test_a_new_network_is_offered_the_last_place_and_unpublished(admin_client, network):
    last = NetworkFactory(display_order=network.display_order + 7).display_order
    html = admin_client.get(reverse("admin:networks_network_add")).content.decode()
    assert re.search(rf'name="display_order"[^>]*value="{last + 1}"', html)
    assert not re.search(r'name="is_published"[^>]*checked', html)
