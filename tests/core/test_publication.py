"""Publishing and unpublishing from the change lists (core.admin.PublishActionsMixin):
first a page that says what will change, then one revision, in Serbian's plural forms;
and deleting from a list, which says what goes and can be undone."""

import datetime
import re
from html import unescape

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone, translation
from reversion.models import Version

from core.history import describe_comment
from members.models import MemberOrganization
from networks.models import Network
from tests.factories import NetworkFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

NETWORKS = "admin:networks_network_changelist"
ORGANIZATIONS = "admin:members_memberorganization_changelist"


def act(client, url_name, action, objects, *, confirm=False):
    data = {"action": action, "_selected_action": [obj.pk for obj in objects]}
    if confirm:
        data["post"] = "yes"
    return client.post(reverse(url_name), data, follow=confirm)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_publishing_first_shows_what_will_change_and_changes_nothing(admin_client, network):
    hidden = NetworkFactory(name_en="Hidden network", is_published=False)
    response = act(admin_client, NETWORKS, "publish_selected", [network, hidden])
    assert response.status_code == 200
    page = unescape(response.content.decode())
    changing = page.split('class="publication-changing"', 1)[1].split("</ul>", 1)[0]
    unchanged = page.split('class="publication-unchanged"', 1)[1].split("</ul>", 1)[0]
    assert "Hidden network" in changing
    assert "Anti-Trafficking Network" in unchanged
    assert 'value="Yes, publish them"' in page
    # A link back to the list, which works without JavaScript.
    assert f'href="{reverse(NETWORKS)}" class="button cancel-link"' in page
    hidden.refresh_from_db()
    assert not hidden.is_published


def test_publishing_after_the_confirmation_is_one_revision_in_each_history(admin_client, client):
    hidden = [NetworkFactory(is_published=False) for _ in range(2)]
    response = act(admin_client, NETWORKS, "publish_selected", hidden, confirm=True)
    assert messages_of(response) == ["2 networks were published."]
    for network in hidden:
        network.refresh_from_db()
        assert network.is_published
        assert client.get(network.get_absolute_url()).status_code == 200
    revisions = {Version.objects.get_for_object(n).latest("pk").revision for n in hidden}
    (revision,) = revisions
    with translation.override("en"):
        assert describe_comment(revision.comment, Network) == (
            "Published with the list's “Publish” action."
        )
    history = admin_client.get(reverse("admin:networks_network_history", args=[hidden[0].pk]))
    assert "Published with the list" in unescape(history.content.decode())


def test_publishing_puts_a_scheduled_network_on_the_site_now_and_says_so(admin_client):
    later = timezone.now() + datetime.timedelta(days=3)
    scheduled = NetworkFactory(name_en="Scheduled network", is_published=True, publish_at=later)
    page = unescape(act(admin_client, NETWORKS, "publish_selected", [scheduled]).content.decode())
    assert re.search(r"Scheduled network</a> – scheduled for .*: published now instead", page)
    act(admin_client, NETWORKS, "publish_selected", [scheduled], confirm=True)
    scheduled.refresh_from_db()
    assert scheduled.is_live
    assert scheduled.publish_at is None


def test_unpublishing_takes_networks_off_the_site_and_can_be_undone(admin_client, client, network):
    url = network.get_absolute_url()
    response = act(admin_client, NETWORKS, "unpublish_selected", [network], confirm=True)
    assert messages_of(response) == ["1 network was taken off the site."]
    assert client.get(url).status_code == 404
    # The version before the action is in the history: restoring it publishes again.
    before = Version.objects.get_for_object(network).order_by("pk").first()
    assert before.field_dict["is_published"] is True


def test_nothing_to_change_is_said_and_no_button_is_offered(admin_client, network):
    page = act(admin_client, NETWORKS, "publish_selected", [network]).content.decode()
    assert "Nothing to publish: everything selected is already published." in page
    assert 'name="post"' not in page


@pytest.mark.parametrize(
    ("count", "published", "unpublished"),
    [
        (
            1,
            "Objavljena je 1 organizacija članica.",
            "Sa sajta je sklonjena 1 organizacija članica.",
        ),
        (
            2,
            "Objavljene su 2 organizacije članice.",
            "Sa sajta su sklonjene 2 organizacije članice.",
        ),
        (
            5,
            "Objavljeno je 5 organizacija članica.",
            "Sa sajta je sklonjeno 5 organizacija članica.",
        ),
    ],
)
def test_the_messages_count_in_serbian(admin_client, count, published, unpublished):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "sr-latn"
    organizations = OrganizationFactory.create_batch(count, is_published=False)
    response = act(admin_client, ORGANIZATIONS, "publish_selected", organizations, confirm=True)
    assert messages_of(response) == [published]
    response = act(admin_client, ORGANIZATIONS, "unpublish_selected", organizations, confirm=True)
    assert messages_of(response) == [unpublished]
    assert not MemberOrganization.objects.filter(is_published=True).exists()


@pytest.mark.parametrize(
    ("count", "message"),
    [(1, "Objavljena je 1 mreža."), (2, "Objavljene su 2 mreže."), (5, "Objavljeno je 5 mreža.")],
)
def test_the_networks_messages_count_in_serbian(admin_client, count, message):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "sr-latn"
    networks = NetworkFactory.create_batch(count, is_published=False)
    response = act(admin_client, NETWORKS, "publish_selected", networks, confirm=True)
    assert messages_of(response) == [message]


def test_only_editors_who_may_change_may_publish(client, django_user_model, network):
    reader = django_user_model.objects.create_user("reader", password="x", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_network"))
    client.force_login(reader)
    page = client.get(reverse(NETWORKS)).content.decode()
    assert "publish_selected" not in page
    hidden = NetworkFactory(is_published=False)
    act(client, NETWORKS, "publish_selected", [hidden], confirm=True)
    hidden.refresh_from_db()
    assert not hidden.is_published


def test_deleting_from_the_list_first_lists_the_goals_and_memberships_that_go(
    admin_client, network
):
    page = act(admin_client, NETWORKS, "delete_selected", [network]).content.decode()
    page = unescape(re.sub(r"<[^>]+>", "", page))
    for goal in network.goals.all():
        assert f"Goal: {goal.text_en}" in page
    for membership in network.memberships.all():
        assert f"Membership: {membership}" in page
    assert Network.objects.filter(pk=network.pk).exists()
