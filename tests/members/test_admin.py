import html
import re
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import MemberOrganization, Town
from tests.core.test_history import change_url, edit, submitted
from tests.factories import OrganizationFactory, TownFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["memberorganization", "membership", "town"])
def test_changelist_renders(admin_client, network, model):
    response = admin_client.get(reverse(f"admin:members_{model}_changelist"))
    assert response.status_code == 200


def test_changelist_search_finds_either_language(admin_client, network):
    url = reverse("admin:members_memberorganization_changelist")
    assert "Centre for Girls" in admin_client.get(url, {"q": "devojke"}).content.decode()


def test_organization_change_form_has_membership_inline(admin_client, astra, network):
    url = reverse("admin:members_memberorganization_change", args=[astra.pk])
    html = admin_client.get(url).content.decode()
    assert 'name="name_sr_latn"' in html
    assert 'name="name_sr"' in html
    assert 'name="memberships-0-note_sr"' in html
    assert "Generated Serbian texts" in html
    assert 'name="memberships-0-network"' in html


def test_membership_change_form_renders(admin_client, network):
    membership = network.memberships.first()
    url = reverse("admin:members_membership_change", args=[membership.pk])
    assert admin_client.get(url).status_code == 200


def test_only_one_organization_can_be_astra(astra):
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganizationFactory(is_astra=True)


def test_one_membership_per_network_and_organization(network, astra):
    with pytest.raises(IntegrityError), transaction.atomic():
        network.memberships.create(organization=astra)


def test_changelist_shows_incomplete_languages(admin_client, network):
    OrganizationFactory(name_en="Only English", description_sr_latn="", description_sr="")
    url = reverse("admin:members_memberorganization_changelist")
    html = admin_client.get(url).content.decode()
    assert '<td class="field-incomplete_languages">Serbian (Latin), Serbian (Cyrillic)</td>' in html
    assert '<td class="field-incomplete_languages">–</td>' in html


def test_changelist_search_finds_cyrillic(admin_client, network):
    url = reverse("admin:members_memberorganization_changelist")
    assert "Centre for Girls" in admin_client.get(url, {"q": "девојке"}).content.decode()


def test_changelist_search_ignores_accents_like_the_site(admin_client, network):
    url = reverse("admin:members_memberorganization_changelist")
    html = admin_client.get(url, {"q": "Nis"}).content.decode()
    assert "Centre for Girls" in html
    assert ">ASTRA<" not in html


def test_changelist_sorts_in_serbian_alphabetical_order(admin_client, db):
    for name in ("Dom", "Čuvari", "Cvet", "Ljubav", "Lozinka"):
        OrganizationFactory(name_en=name)
    url = reverse("admin:members_memberorganization_changelist")
    html = admin_client.get(url).content.decode()
    positions = [html.index(f">{name}</a>") for name in ("Cvet", "Čuvari", "Dom", "Lozinka")]
    assert positions == sorted(positions)
    assert html.index(">Lozinka</a>") < html.index(">Ljubav</a>")


# --- towns ---------------------------------------------------------------------------


def town_rows(response):
    """The change list's towns: name → organizations, as the table shows them."""
    rows = re.findall(
        r'<th class="field-name"><a [^>]*>([^<]*)</a></th>.*?'
        r'<td class="field-organizations">(\d+)</td>',
        response.content.decode(),
    )
    return {html.unescape(name): int(count) for name, count in rows}


def test_town_changelist_lists_towns_with_their_organization_counts(admin_client, network):
    OrganizationFactory()  # in Belgrade, with ASTRA
    TownFactory(name_en="Užice", name_sr_latn="Užice")
    response = admin_client.get(reverse("admin:members_town_changelist"))
    assert response.status_code == 200
    # In the order of the Serbian alphabet: Š after S, Ž after Z; U before Ž.
    assert list(town_rows(response).items()) == [("Belgrade", 2), ("Niš", 1), ("Užice", 0)]


def test_town_changelist_queries_do_not_grow_with_the_towns(admin_client, db):
    def queries(towns):
        for number in range(towns):
            OrganizationFactory(town=TownFactory(name_en=f"Town {number}"))
        with CaptureQueriesContext(connection) as captured:
            response = admin_client.get(reverse("admin:members_town_changelist"))
        assert len(town_rows(response)) == towns
        return len(captured)

    assert queries(1) == queries(30)


def test_town_changelist_filters_by_the_countries_that_have_towns(admin_client, network):
    TownFactory(name_en="Sarajevo", name_sr_latn="Sarajevo", country="BA")
    page = admin_client.get(reverse("admin:members_town_changelist")).content.decode()
    assert "?country=BA" in page
    assert "?country=RS" in page
    assert "?country=AF" not in page  # not every country in the world
    response = admin_client.get(reverse("admin:members_town_changelist"), {"country": "BA"})
    assert list(town_rows(response)) == ["Sarajevo"]


@pytest.mark.parametrize("query", ["Nis", "niš", "Ниш", "НИШ"])
def test_town_search_finds_nis_in_either_script_without_accents(admin_client, network, query):
    response = admin_client.get(reverse("admin:members_town_changelist"), {"q": query})
    assert list(town_rows(response)) == ["Niš"]


def test_town_search_needs_every_word(admin_client, network):
    TownFactory(name_en="Novi Sad", name_sr_latn="Novi Sad")
    TownFactory(name_en="Novi Pazar", name_sr_latn="Novi Pazar")
    response = admin_client.get(reverse("admin:members_town_changelist"), {"q": "novi sad"})
    assert list(town_rows(response)) == ["Novi Sad"]


def test_the_organization_forms_town_autocomplete_finds_nis(admin_client, network):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "members",
            "model_name": "memberorganization",
            "field_name": "town",
            "term": "Ниш",
        },
    )
    assert response.status_code == 200
    nis = Town.objects.get(name_en="Niš")
    assert [result["id"] for result in response.json()["results"]] == [str(nis.pk)]


def test_the_organization_form_saves_a_town_chosen_by_id(admin_client, astra):
    uzice = TownFactory(name_en="Užice", name_sr_latn="Užice")
    form = admin_client.get(change_url(astra))
    assert submitted(form)["town"] == str(astra.town_id)  # the town it is in, chosen
    edit(admin_client, astra, town=uzice.pk)
    assert MemberOrganization.objects.get(pk=astra.pk).town == uzice
    changelist = admin_client.get(reverse("admin:members_memberorganization_changelist"))
    assert re.search(r'<td class="field-town[^"]*">Užice</td>', changelist.content.decode())


def test_the_organization_form_needs_a_town(admin_client, astra):
    url = change_url(astra)
    response = admin_client.post(url, submitted(admin_client.get(url), town=""))
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert MemberOrganization.objects.get(pk=astra.pk).town_id == astra.town_id


def test_a_town_in_use_cannot_be_deleted(admin_client, network):
    nis = Town.objects.get(name_en="Niš")
    url = reverse("admin:members_town_delete", args=[nis.pk])
    for response in (admin_client.get(url), admin_client.post(url, {"post": "yes"})):
        assert response.status_code == 200
        page = response.content.decode()
        assert "Cannot delete town" in page
        assert "Centre for Girls (Niš)" in page  # what holds it
    # Nor with the change list's action.
    response = admin_client.post(
        reverse("admin:members_town_changelist"),
        {"action": "delete_selected", "_selected_action": [nis.pk], "post": "yes"},
    )
    assert response.status_code == 200
    assert "Cannot delete town" in response.content.decode()
    assert Town.objects.filter(pk=nis.pk).exists()


def test_a_town_without_organizations_can_be_deleted(admin_client, network):
    uzice = TownFactory(name_en="Užice", name_sr_latn="Užice")
    url = reverse("admin:members_town_delete", args=[uzice.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Town.objects.filter(pk=uzice.pk).exists()


def town_form(admin_client, **changes):
    form = admin_client.get(reverse("admin:members_town_add"))
    data = {"name_en": "Niš", "name_sr_latn": "Niš", "slug_en": "", "slug_sr_latn": ""}
    return submitted(form, **data | changes)


def test_a_town_is_added_with_its_coordinates_and_cyrillic(admin_client, db):
    data = town_form(admin_client, latitude="43.3209", longitude="21.8958")
    assert admin_client.post(reverse("admin:members_town_add"), data).status_code == 302
    town = Town.objects.get()
    assert (town.latitude, town.longitude) == (Decimal("43.3209"), Decimal("21.8958"))
    assert (town.name_sr, town.slug_sr_latn, town.country.code) == ("Ниш", "nis", "RS")


@pytest.mark.parametrize(
    ("latitude", "longitude"), [("43.3209", ""), ("", "21.8958")], ids=["latitude", "longitude"]
)
def test_a_town_with_only_one_coordinate_is_refused(admin_client, db, latitude, longitude):
    data = town_form(admin_client, latitude=latitude, longitude=longitude)
    response = admin_client.post(reverse("admin:members_town_add"), data)
    assert response.status_code == 200
    # The model's own message, in the admin's language (English here).
    assert "Give both the latitude and the longitude, or neither." in response.content.decode()
    assert not Town.objects.exists()
