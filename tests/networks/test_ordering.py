"""The home page's order of networks: each network its own place, set by editors from the
list of networks (networks/admin.py), with nothing ordered by id behind their backs."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from networks.models import Network
from tests.factories import NetworkFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:networks_network_changelist"


def home_order(client):
    page = client.get("/en/").content.decode()
    names = [network.name_en for network in Network.objects.all()]
    found = sorted((page.index(name), name) for name in names if name in page)
    return [name for _position, name in found]


def places_form(networks, places, **extra):
    """The change list's form as it is posted by "Save": one row per network."""
    data = {
        "form-TOTAL_FORMS": len(networks),
        "form-INITIAL_FORMS": len(networks),
        "form-MIN_NUM_FORMS": 0,
        "form-MAX_NUM_FORMS": 1000,
        "_save": "Save",
        **extra,
    }
    for index, (network, place) in enumerate(zip(networks, places, strict=True)):
        data[f"form-{index}-id"] = network.pk
        data[f"form-{index}-display_order"] = place
    return data


@pytest.fixture
def three():
    return [
        NetworkFactory(name_en=name, display_order=place)
        for place, name in enumerate(("First network", "Second network", "Third network"), 1)
    ]


def test_networks_are_ordered_by_their_place_and_nothing_else():
    assert Network._meta.ordering == ["display_order"]


def test_two_networks_cannot_share_a_place(three):
    with pytest.raises(IntegrityError), transaction.atomic():
        NetworkFactory(display_order=three[0].display_order)


def test_the_change_form_refuses_a_place_another_network_has(three):
    network = three[1]
    network.display_order = three[0].display_order
    with pytest.raises(ValidationError) as error, translation.override("en"):
        network.full_clean()
    assert error.value.message_dict["display_order"] == [
        "Another network already has this place on the home page: choose a free number, "
        "or reorder the networks in their list."
    ]


def test_the_list_has_a_labelled_place_for_each_network(admin_client, three):
    page = admin_client.get(reverse(CHANGELIST)).content.decode()
    for network in three:
        field = re.search(
            rf'<input[^>]*name="form-\d+-display_order"[^>]*value="{network.display_order}"[^>]*>',
            page,
        )
        assert f'aria-label="Place on the home page: {network.name_en}"' in field.group(0)
    assert "js/admin-places.js" in page
    assert 'id="places-help"' in page


def test_two_networks_swap_places_from_the_list_and_the_home_page_follows(
    admin_client, client, three
):
    first, second, third = three
    assert home_order(client) == ["First network", "Second network", "Third network"]
    data = places_form(three, [2, 1, 3])
    response = admin_client.post(reverse(CHANGELIST), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert home_order(client) == ["Second network", "First network", "Third network"]
    # One revision for the list's save, holding both networks: each can be undone.
    (revision,) = {Version.objects.get_for_object(n).latest("pk").revision for n in (first, second)}
    assert {v.object_id for v in revision.version_set.filter(content_type__model="network")} == {
        str(first.pk),
        str(second.pk),
    }
    assert Version.objects.get_for_object(third).count() == 0


def test_a_network_moves_from_last_to_first(admin_client, client, three):
    response = admin_client.post(reverse(CHANGELIST), places_form(three, [2, 3, 1]))
    assert response.status_code == 302
    assert home_order(client) == ["Third network", "First network", "Second network"]
    assert list(Network.objects.values_list("display_order", flat=True)) == [1, 2, 3]


def test_two_rows_with_one_place_are_refused_with_both_named(admin_client, three):
    response = admin_client.post(reverse(CHANGELIST), places_form(three, [1, 1, 3]))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("Two networks cannot share place 1: give each a number of its own.") == 2
    assert list(Network.objects.values_list("name_en", flat=True)) == [
        "First network",
        "Second network",
        "Third network",
    ]


def test_a_place_a_network_outside_the_list_holds_is_refused_by_its_name(admin_client, three):
    first, second, _third = three
    # The list filtered to two networks: the third keeps its place 3.
    response = admin_client.post(reverse(CHANGELIST), places_form([first, second], [3, 1]))
    assert response.status_code == 200
    assert (
        "Place 3 belongs to “Third network”, which this list does not show: choose another "
        "number." in response.content.decode()
    )
    assert Network.objects.get(pk=first.pk).display_order == 1


def test_a_place_beyond_the_last_is_refused_in_the_list(admin_client, three):
    response = admin_client.post(reverse(CHANGELIST), places_form(three, [1000, 2, 3]))
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 999." in response.content.decode()


def test_sorted_by_another_column_the_list_still_saves_places(admin_client, client, three):
    url = reverse(CHANGELIST) + "?o=1"
    response = admin_client.post(url, places_form(three, [3, 2, 1]))
    assert response.status_code == 302
    assert home_order(client) == ["Third network", "Second network", "First network"]
