import pytest
from django.urls import reverse

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
    assert 'name="goals-0-text_sr_latn"' in html
    assert 'name="memberships-0-role"' in html
    # jQuery UI for the tabs comes from our own static files, not a CDN.
    assert "/static/jquery-ui/jquery-ui.min.js" in html
    assert "googleapis" not in html
    assert 'href="/admin/r/' in html  # "view on site"


def test_introduction_change_form_renders(admin_client, introduction):
    url = reverse("admin:networks_introduction_change", args=[introduction.pk])
    assert admin_client.get(url).status_code == 200


def network_form_data(network, **changes):
    data = {
        "kind": network.kind,
        "display_order": network.display_order,
        "is_published": "on",
        "founded_year": network.founded_year or "",
        "website": network.website,
        "member_count": network.member_count or "",
        "member_count_as_of": "",
    }
    for field in (
        "slug",
        "name",
        "short_name",
        "summary",
        "description",
        "astra_relationship",
        "headquarters",
        "member_count_note",
        "member_count_source",
    ):
        for suffix in ("en", "sr_latn"):
            data[f"{field}_{suffix}"] = getattr(network, f"{field}_{suffix}") or ""
    for prefix in ("goals", "memberships"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(changes)
    return data


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


def test_admin_requires_both_languages(admin_client, network):
    url = reverse("admin:networks_network_change", args=[network.pk])
    response = admin_client.post(url, network_form_data(network, name_sr_latn=""))
    assert response.status_code == 200
    network.refresh_from_db()
    assert network.name_sr_latn == "Anti-trafiking mreža"


def test_admin_refuses_a_broken_logo_upload(admin_client, network):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("admin:networks_network_change", args=[network.pk])
    logo = SimpleUploadedFile("logo.png", b"not an image", content_type="image/png")
    response = admin_client.post(url, network_form_data(network, logo=logo))
    assert response.status_code == 200
    assert "Upload a valid image" in response.content.decode()
    network.refresh_from_db()
    assert not network.logo


def test_admin_is_usable_in_serbian(admin_client, network):
    admin_client.post(reverse("set_language"), {"language": "sr-latn", "next": "/admin/"})
    html = admin_client.get(reverse("admin:networks_network_changelist")).content.decode()
    assert "Mreže" in html
    assert "Administracija mreža ASTRA" in html
