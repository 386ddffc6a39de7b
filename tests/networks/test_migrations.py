"""A database loaded before the facts were corrected gets the corrections by migration,
and keeps whatever an editor changed."""

import json
from pathlib import Path

import pytest

from serbian.transliteration import DEFAULT_PROTECTED_TERMS, to_cyrillic
from tests.helpers import migrate, migrate_to_latest

BEFORE = [("members", "0003_fill_cyrillic_and_collation"), ("networks", "0002_serbian_cyrillic")]
AFTER = [("networks", "0003_correct_shipped_content")]
CORRECTIONS = json.loads(
    (
        Path(__file__).resolve().parents[2]
        / "networks/migrations/0003_correct_shipped_content.json"
    ).read_text(encoding="utf-8")
)


def shipped(label, field, **key):
    """The value the content file shipped before the correction."""
    for change in CORRECTIONS["change"]:
        if (change["model"], change["key"], change["field"]) == (label, key, field):
            return change["old"]
    raise LookupError(label, key, field)


def cyrillic(text):
    return to_cyrillic(text, DEFAULT_PROTECTED_TERMS)


def translated(**values):
    """Each text in the base column, English, Latin and generated Cyrillic, as loaded."""
    columns, generated = {}, []
    for field, (english, latin) in values.items():
        columns |= {
            field: latin,
            f"{field}_en": english,
            f"{field}_sr_latn": latin,
            f"{field}_sr": cyrillic(latin),
        }
        generated.append(f"{field}_sr")
    return columns | {"generated_translations": generated}


@pytest.fixture
def old_database(transactional_db):
    apps = migrate(BEFORE)
    Introduction = apps.get_model("networks", "Introduction")
    Network = apps.get_model("networks", "Network")
    Organization = apps.get_model("members", "MemberOrganization")
    Membership = apps.get_model("members", "Membership")

    def intro(field):
        return shipped("networks.Introduction", f"{field}")

    Introduction.objects.create(
        **translated(
            title=("Networking", "Umrežavanje"), text=(intro("text_en"), intro("text_sr_latn"))
        )
    )
    network = {
        "kind": "national_network",
        **translated(
            short_name=("AT Network", "AT mreža"),
            summary=("s", "s"),
            astra_relationship=("r", "r"),
        ),
    }
    at_network = Network.objects.create(
        slug="at-network",
        slug_en="at-network",
        slug_sr_latn="at-mreza",
        slug_sr="at-mreza",
        **network
        | {
            "name": "Anti-trafiking mreža",
            "name_en": "Anti-Trafficking Network",
            "name_sr_latn": "Anti-trafiking mreža",
            # An editor wrote the Cyrillic name: theirs, whatever the Latin becomes.
            "name_sr": "Анти-трафикинг мрежа (уредница)",
            # An editor rewrote the English description: theirs too.
            "description": "d",
            "description_en": "Edited by an editor.",
            "description_sr_latn": shipped(
                "networks.Network", "description_sr_latn", slug_en="at-network"
            ).replace("\n", "\r\n"),  # as an admin save leaves it
            "description_sr": "",
        },
    )
    gmcn = Network.objects.create(
        slug="gmcn",
        slug_en="gmcn",
        slug_sr_latn="gmcn",
        slug_sr="gmcn",
        member_count_as_of="2026-11-28",
        **network
        | translated(
            name=("Global Missing Children’s Network", "Globalna mreža za nestalu decu"),
            description=("d", "d"),
            member_count_note=(
                "members in 29 countries on five continents",
                "članice u 29 zemalja na pet kontinenata",
            ),
        ),
    )

    def organization(slug, name, acronym=""):
        return Organization.objects.create(
            slug=slug,
            slug_en=slug,
            slug_sr_latn=slug,
            slug_sr=slug,
            acronym=acronym,
            **translated(name=name, city=("Belgrade", "Beograd")),
        )

    astra = organization("astra", ("ASTRA", "ASTRA"), "ASTRA")
    astra.is_astra = True
    astra.save()
    phantom = organization(
        "anti-trafficking-action",
        ("Anti-Trafficking Action", "Akcija protiv trgovine ljudima"),
    )
    organization("bcbp", ("Belgrade Centre for Security Policy", "Beogradski centar"), "BCBP")
    Membership.objects.create(network=at_network, organization=astra, role="founder_coordinator")
    Membership.objects.create(network=at_network, organization=phantom, role="member")
    Membership.objects.create(
        network=gmcn,
        organization=astra,
        since=2014,
        **translated(note=("since July 2014", "od jula 2014.")),
    )
    yield
    # Leave the database as the rest of the suite expects it.
    migrate_to_latest()


def test_the_phantom_organization_goes_with_its_membership(old_database):
    apps = migrate(AFTER)
    Organization = apps.get_model("members", "MemberOrganization")
    assert not Organization.objects.filter(slug_en="anti-trafficking-action").exists()
    at_network = apps.get_model("networks", "Network").objects.get(slug_en="at-network")
    assert [m.organization.slug_en for m in at_network.memberships.all()] == ["astra"]


def test_shipped_texts_are_corrected_in_every_script(old_database):
    apps = migrate(AFTER)
    introduction = apps.get_model("networks", "Introduction").objects.get()
    assert "made up of eight independent organizations" in introduction.text_en
    assert "koju čini osam nezavisnih organizacija" in introduction.text_sr_latn
    assert "коју чини осам независних организација" in introduction.text_sr
    astra = apps.get_model("members", "MemberOrganization").objects.get(slug_en="astra")
    assert astra.name_en == "ASTRA – Anti-Trafficking Action"
    assert astra.name_sr == "ASTRA – Акција против трговине људима"
    assert "akcija protiv trgovine ljudima" in astra.search_text
    gmcn = apps.get_model("networks", "Network").objects.get(slug_en="gmcn")
    assert gmcn.name_sr_latn == gmcn.name_sr == "Global Missing Children’s Network"
    assert gmcn.member_count_as_of is None
    assert gmcn.member_count_note_sr == "29 земаља на пет континената"
    membership = gmcn.memberships.get()
    assert (membership.since, membership.since_month) == (2014, 7)
    assert not membership.note_en
    assert not membership.note_sr


def test_what_an_editor_changed_is_kept(old_database):
    apps = migrate(AFTER)
    at_network = apps.get_model("networks", "Network").objects.get(slug_en="at-network")
    assert at_network.name_sr_latn == "Antitrafiking mreža"
    assert at_network.name_sr == "Анти-трафикинг мрежа (уредница)"
    assert at_network.description_en == "Edited by an editor."
    # Only CRLF line breaks from an admin save: still the shipped text, so corrected.
    assert "Trenutno ima osam članica: ASTRA, Akcija protiv" in at_network.description_sr_latn


def test_acronyms_get_a_text_per_script(old_database):
    apps = migrate(AFTER)
    Organization = apps.get_model("members", "MemberOrganization")
    bcbp = Organization.objects.get(slug_en="bcbp")
    assert (bcbp.acronym_en, bcbp.acronym_sr_latn, bcbp.acronym_sr) == ("BCBP", "BCBP", "БЦБП")
    assert "acronym_sr" in bcbp.generated_translations
    # A protected term stays Latin.
    assert Organization.objects.get(slug_en="astra").acronym_sr == "ASTRA"


def test_reversing_puts_the_shipped_texts_back(old_database):
    migrate(AFTER)
    apps = migrate([("networks", "0002_serbian_cyrillic")])
    introduction = apps.get_model("networks", "Introduction").objects.get()
    assert introduction.text_en == shipped("networks.Introduction", "text_en")
    assert introduction.text_sr == cyrillic(shipped("networks.Introduction", "text_sr_latn"))


@pytest.fixture
def before_places(transactional_db):
    """The Network model as it was before each network had a place of its own."""
    apps = migrate([("networks", "0005_publish_date_and_content_key")])
    yield apps.get_model("networks", "Network")
    migrate_to_latest()


def test_networks_that_shared_a_place_get_one_each_in_the_order_they_were_shown(before_places):
    made = {}
    for name, place in (("B", 2), ("A", 1), ("C", 2), ("D", 0)):
        made[name] = before_places.objects.create(
            kind="national_network", display_order=place, slug=name, slug_en=name
        ).pk
    apps = migrate([("networks", "0007_place_is_unique")])
    places = dict(apps.get_model("networks", "Network").objects.values_list("pk", "display_order"))
    # As the home page showed them (by place, then by id), numbered 1, 2, 3, 4.
    assert [places[made[name]] for name in "DABC"] == [1, 2, 3, 4]


def test_places_that_were_each_ones_own_are_left_alone(before_places):
    for place in (5, 9, 2):
        before_places.objects.create(
            kind="national_network", display_order=place, slug=f"n{place}", slug_en=f"n{place}"
        )
    apps = migrate([("networks", "0007_place_is_unique")])
    places = apps.get_model("networks", "Network").objects.values_list("display_order", flat=True)
    assert sorted(places) == [2, 5, 9]
