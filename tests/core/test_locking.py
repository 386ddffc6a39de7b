"""No silent overwrite: a change form saved after someone else changed the object (or,
for a network, its goals and memberships; for an organization, its memberships) is
refused, with who and when, the editor's input kept, and a link to what changed."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone
from reversion.models import Version

from members.models import MemberOrganization, Membership
from networks.models import Network
from serbian.models import ProtectedTerm
from tests.core.test_history import change_url, edit, restore, revision_url, submitted, versions
from tests.factories import IntroductionFactory, TownFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bea(db, django_user_model):
    """A second editor, in her own browser."""
    user = django_user_model.objects.create_superuser(
        "bea", "bea@example.org", "x", first_name="Bea", last_name="Jovanović"
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def errors(response):
    """The form's errors for the whole form, as the editor reads them."""
    content = response.content.decode()
    found = re.search(r'<ul class="errorlist nonfield">(.*?)</ul>', content, re.S)
    return html.unescape(found.group(1)) if found else ""


def when(version):
    return formats.date_format(timezone.localtime(version.revision.date_created), "DATETIME_FORMAT")


def test_the_second_of_two_editors_is_refused_and_keeps_their_input(admin_client, bea, network):
    url = change_url(network)
    mine = admin_client.get(url)  # both open the form
    theirs = bea.get(url)
    assert 'name="history_token"' in mine.content.decode()

    response = bea.post(url, submitted(theirs, description_sr_latn="Bein opis."))
    assert response.status_code == 302

    data = submitted(mine, description_sr_latn="Moj opis.", summary_en="My summary.")
    response = admin_client.post(url, data)
    assert response.status_code == 200
    message = errors(response)
    bea_version = versions(network)[-1]
    assert (
        f"Not saved: Bea Jovanović changed this on {when(bea_version)}, after you opened "
        "the form." in message
    )
    assert "Your changes are still in the form below" in message
    initial = versions(network)[0]
    compare = reverse("admin:networks_network_compare", args=[network.pk])
    assert (
        f'<a href="{compare}?version_id1={initial.pk}&version_id2={bea_version.pk}">'
        "See what changed</a>" in message
    )
    # Nothing of theirs was saved over hers...
    stored = Network.objects.get(pk=network.pk)
    assert stored.description_sr_latn == "Bein opis."
    assert stored.summary_en == network.summary_en
    # ...and the form shows their own input again.
    again = submitted(response)
    assert again["description_sr_latn"] == "Moj opis."
    assert again["summary_en"] == "My summary."

    # Having looked, they may save again: now over Bea's version, knowingly.
    assert admin_client.post(url, again).status_code == 302
    assert Network.objects.get(pk=network.pk).description_sr_latn == "Moj opis."


def test_a_membership_changed_elsewhere_refuses_the_networks_form(admin_client, bea, network):
    mine = admin_client.get(change_url(network))
    membership = Membership.objects.get(network=network, organization__is_astra=True)
    edit(bea, membership, note_en="Changed by Bea")
    response = admin_client.post(change_url(network), submitted(mine, name_en="Renamed"))
    assert response.status_code == 200
    assert "Not saved: Bea Jovanović changed this" in errors(response)
    # Her change was to a membership, not to the network: the history is the way in.
    history = reverse("admin:networks_network_history", args=[network.pk])
    assert f'<a href="{history}">See what changed</a>' in errors(response)
    assert Network.objects.get(pk=network.pk).name_en == "Anti-Trafficking Network"


def test_a_membership_changed_on_the_network_refuses_the_organizations_form(
    admin_client, bea, astra, network
):
    mine = admin_client.get(change_url(astra))
    theirs = bea.get(change_url(network))
    data = submitted(theirs)
    prefix = next(
        name.removesuffix("-organization")
        for name, value in data.items()
        if name.startswith("memberships-") and name.endswith("-organization")
        if value == str(astra.pk)
    )
    data[f"{prefix}-note_en"] = "Coordinator since the start"
    assert bea.post(change_url(network), data).status_code == 302

    novi_sad = TownFactory(name_en="Novi Sad", name_sr_latn="Novi Sad")
    response = admin_client.post(change_url(astra), submitted(mine, town=novi_sad.pk))
    assert response.status_code == 200
    assert "Not saved: Bea Jovanović changed this" in errors(response)
    assert MemberOrganization.objects.get(pk=astra.pk).town.name_en == "Belgrade"


@pytest.mark.parametrize("model", ["membership", "introduction", "protectedterm"])
def test_every_change_form_is_locked(admin_client, bea, network, model):
    obj = {
        "membership": lambda: Membership.objects.filter(network=network).first(),
        "introduction": IntroductionFactory,
        "protectedterm": lambda: ProtectedTerm.objects.create(term="Terre des hommes"),
    }[model]()
    field = {"membership": "note_en", "introduction": "title_en", "protectedterm": "note"}[model]
    mine = admin_client.get(change_url(obj))
    edit(bea, obj, **{field: "Bea's"})
    response = admin_client.post(change_url(obj), submitted(mine, **{field: "Mine"}))
    assert response.status_code == 200
    assert "Not saved: Bea Jovanović changed this" in errors(response)
    assert submitted(response)[field] == "Mine"
    obj.refresh_from_db()
    assert getattr(obj, field) == "Bea's"


def test_a_change_made_outside_the_admin_is_someones(admin_client, network):
    mine = admin_client.get(change_url(network))
    Network.objects.filter(pk=network.pk).update(founded_year=1999)
    response = admin_client.post(change_url(network), submitted(mine, name_en="Renamed"))
    assert response.status_code == 200
    assert "Not saved: someone changed this after you opened the form." in errors(response)
    assert Network.objects.get(pk=network.pk).founded_year == 1999


def test_an_editor_alone_saves_again_and_again(admin_client, network):
    url = change_url(network)
    for number in range(3):
        response = admin_client.post(
            url, submitted(admin_client.get(url), name_en=f"Name {number}")
        )
        assert response.status_code == 302
    assert Network.objects.get(pk=network.pk).name_en == "Name 2"
    # Saved with "Save and continue editing": the reopened form carries the new state.
    page = admin_client.get(url)
    data = submitted(page, name_en="Name 3", _continue="1")
    assert admin_client.post(url, data).status_code == 302
    assert admin_client.post(url, submitted(admin_client.get(url))).status_code == 302


def test_a_restore_is_refused_after_someone_else_changed_the_network(admin_client, bea, network):
    edit(admin_client, network, name_en="Second name")
    first = versions(network)[0]
    form = admin_client.get(revision_url(network, first))  # opened to restore
    edit(bea, network, name_en="Bea's name")
    response = admin_client.post(revision_url(network, first), submitted(form))
    assert response.status_code == 200
    assert "Not saved: Bea Jovanović changed this" in errors(response)
    assert Network.objects.get(pk=network.pk).name_en == "Bea's name"
    # Nothing was put back: the refused restore left no revision.
    assert versions(network)[-1].revision.user.username == "bea"
    # Opened again, it restores.
    restore(admin_client, network, first)
    assert Network.objects.get(pk=network.pk).name_en == "Anti-Trafficking Network"


def test_a_view_only_editor_gets_no_token(client, django_user_model, network):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("reader", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_network"))
    client.force_login(user)
    page = client.get(change_url(network))
    assert page.status_code == 200
    assert "history_token" not in page.content.decode()


def test_the_token_is_not_a_change_in_the_history(admin_client, network):
    edit(admin_client, network, name_en="Renamed")
    comment = Version.objects.get_for_object(network).order_by("-pk").first().revision.comment
    assert "Name (English)" in comment
    assert "token" not in comment.lower()
