"""What an editor types in the admin is kept as typed: the two Serbian scripts keep
following each other after browser saves, and a text can be made again from the other."""

import json

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from networks.models import Network
from serbian.transliteration import to_cyrillic
from tests.helpers import migrate, migrate_to_latest, network_form_data

pytestmark = pytest.mark.django_db

TWO_PARAGRAPHS = "Prvi pasus o mreži.\n\nDrugi pasus, sa greškom."


def crlf(text):
    return text.replace("\n", "\r\n")


def browser_form_data(network, **changes):
    """What a browser sends: every textarea with CRLF line breaks."""
    data = network_form_data(network, **changes)
    return {key: crlf(value) if isinstance(value, str) else value for key, value in data.items()}


def save(admin_client, network, **changes):
    url = reverse("admin:networks_network_change", args=[network.pk])
    response = admin_client.post(url, browser_form_data(network, **changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Network.objects.get(pk=network.pk)


def test_the_cyrillic_follows_the_latin_after_browser_saves(admin_client, client, network):
    network = save(admin_client, network, description_sr_latn=TWO_PARAGRAPHS)
    assert network.description_sr_latn == TWO_PARAGRAPHS
    assert "description_sr" in network.generated_translations
    # A second save from the browser, fixing a typo in the Latin: the Cyrillic follows.
    fixed = TWO_PARAGRAPHS.replace("greškom", "ispravkom")
    network = save(admin_client, network, description_sr_latn=fixed)
    assert network.description_sr == to_cyrillic(fixed, ("ASTRA",))
    assert "description_sr" in network.generated_translations
    assert "<p>Други пасус, са исправком.</p>" in client.get("/sr/mreze/at-mreza/").content.decode()


def test_the_history_names_only_the_fields_that_changed(admin_client, network):
    network = save(admin_client, network, description_sr_latn=TWO_PARAGRAPHS)
    save(admin_client, network, summary_en="A new summary.")
    entry = LogEntry.objects.filter(object_id=str(network.pk)).order_by("-action_time").first()
    changed = json.loads(entry.change_message)[0]["changed"]["fields"]
    assert len(changed) == 1, changed


def test_an_editors_own_cyrillic_can_be_made_again_from_the_latin(admin_client, network):
    network = save(admin_client, network, name_sr="Моја мрежа")
    assert "name_sr" not in network.generated_translations
    url = reverse("admin:networks_network_change", args=[network.pk])
    form = admin_client.get(url).content.decode()
    assert 'value="name_sr"' in form  # offered, as the editor's own text
    network = save(admin_client, network, regenerate_serbian=["name_sr"])
    assert network.name_sr == "Антитрафикинг мрежа"
    assert "name_sr" in network.generated_translations


def test_new_networks_are_unpublished_until_an_editor_publishes_them():
    network = Network(name_en="New", name_sr_latn="Nova", kind=Network.Kind.GLOBAL_NETWORK)
    assert network.is_published is False


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"founded_year": 2999}, "founded_year"),
        ({"member_count_as_of": "2999-01-01"}, "member_count_as_of"),
    ],
)
def test_dates_in_the_future_are_refused(admin_client, network, changes, field):
    url = reverse("admin:networks_network_change", args=[network.pk])
    response = admin_client.post(url, network_form_data(network, **changes))
    assert response.status_code == 200
    assert "has not come yet" in response.content.decode()
    assert Network.objects.get(pk=network.pk).founded_year == network.founded_year


@pytest.mark.django_db(transaction=True)
def test_texts_saved_with_crlf_are_repaired_by_migration():
    old = migrate([("core", "0002_record_loaded_content")])
    latin = crlf(TWO_PARAGRAPHS)
    row = old.get_model("networks", "Network").objects.create(
        slug="n",
        slug_en="n",
        slug_sr_latn="n",
        slug_sr="n",
        kind="global_network",
        **{
            f"{field}{suffix}": "x"
            for field in ("name", "short_name", "summary", "astra_relationship")
            for suffix in ("", "_en", "_sr_latn", "_sr")
        },
        description="d",
        description_en="d",
        description_sr_latn=latin,
        # What the CRLF bug left: generated Cyrillic, no longer marked generated.
        description_sr=to_cyrillic(TWO_PARAGRAPHS, ()).replace("\n", "\r\n"),
        generated_translations=[],
    )
    migrate_to_latest()
    repaired = Network.objects.get(pk=row.pk)
    assert repaired.description_sr_latn == TWO_PARAGRAPHS
    assert "description_sr" in repaired.generated_translations
