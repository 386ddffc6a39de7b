import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["memberorganization", "membership"])
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
