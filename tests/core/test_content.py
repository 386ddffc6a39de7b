import importlib
import io
from decimal import Decimal

import pytest
import reversion
from django.core.management import CommandError, call_command
from django.utils import translation
from reversion.models import Version

from core.content import BEFORE_UPDATE, ContentError, load_content, same
from core.models import LoadedSeed
from members.models import MemberOrganization, Membership, Town
from networks.models import Goal, Introduction, Network
from tests.factories import GoalFactory, MembershipFactory, NetworkFactory, TownFactory

pytestmark = pytest.mark.django_db

NETWORK_SLUGS = [
    "at-network",
    "preugovor",
    "women-against-violence-network",
    "ban",
    "la-strada-international",
    "gaatw",
    "missing-children-europe",
    "gmcn",
    "ein",
    "ecosoc",
]


def counts():
    return [
        model.objects.count()
        for model in (Introduction, Network, Goal, Town, MemberOrganization, Membership)
    ]


def test_loads_all_ten_networks_in_page_order(db):
    call_command("load_content")
    assert list(Network.objects.values_list("slug_en", flat=True)) == NETWORK_SLUGS
    assert Introduction.objects.count() == 1


def test_every_text_exists_in_every_language(db):
    call_command("load_content")
    for network in Network.objects.all():
        for field in ("slug", "name", "short_name", "summary", "description", "astra_relationship"):
            for suffix in ("en", "sr_latn", "sr"):
                assert getattr(network, f"{field}_{suffix}"), (network, field, suffix)
    for obj in (*MemberOrganization.objects.all(), *Town.objects.all()):
        for field in ("slug", "name"):
            for suffix in ("en", "sr_latn", "sr"):
                assert getattr(obj, f"{field}_{suffix}"), (obj, field, suffix)


def test_astra_belongs_to_every_network_with_its_role(db):
    call_command("load_content")
    astra = MemberOrganization.objects.get(slug_en="astra", is_astra=True)
    roles = dict(astra.memberships.values_list("network__slug_en", "role"))
    assert set(roles) == set(NETWORK_SLUGS)
    assert roles["at-network"] == Membership.Role.FOUNDER_COORDINATOR
    assert roles["ban"] == Membership.Role.LEAD
    assert roles["ein"] == Membership.Role.PARTNER
    assert roles["ecosoc"] == Membership.Role.CONSULTATIVE_STATUS
    for slug in ("la-strada-international", "gaatw", "missing-children-europe"):
        assert roles[slug] == Membership.Role.MEMBER


def test_at_network_and_preugovor_members(db):
    call_command("load_content")
    at_network = Network.objects.get(slug_en="at-network")
    # Eight, as the seed says twice: ASTRA and seven organizations from other towns.
    assert at_network.memberships.count() == 8
    assert at_network.goals.count() == 4
    names = sorted(at_network.memberships.values_list("organization__town__name_en", flat=True))
    towns = ["Belgrade", "Vlasotince", "Dimitrovgrad", "Vranje", "Niš", "Zrenjanin", "Užice"]
    assert names == sorted([*towns, "Prijepolje"])
    preugovor = Network.objects.get(slug_en="preugovor")
    assert preugovor.memberships.count() == 6
    assert preugovor.memberships.get(organization__slug_en="bcbp").role == "initiator"
    assert MemberOrganization.objects.filter(slug_en="group-484").exists()


def test_loading_twice_creates_nothing_twice(db):
    call_command("load_content")
    before = counts()
    call_command("load_content")
    assert counts() == before


def test_loading_again_keeps_what_editors_changed(db):
    call_command("load_content")
    network = Network.objects.get(slug_en="gaatw")
    network.name_sr_latn = "Urednički naziv"
    network.save()
    Membership.objects.filter(network=network).delete()
    call_command("load_content")
    network.refresh_from_db()
    assert network.name_sr_latn == "Urednički naziv"
    assert network.name_sr == "Уреднички назив"
    assert not Membership.objects.filter(network=network).exists()


def test_loaded_pages_render_in_every_language(client, db):
    call_command("load_content")
    for network in Network.objects.all():
        for language in ("en", "sr-latn", "sr"):
            with translation.override(language):
                url = network.get_absolute_url()
            assert client.get(url).status_code == 200, url


def test_a_broken_file_is_a_clear_command_error(db, tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text('[[networks]]\nslug = { en = "x", de = "y" }\n')
    with pytest.raises(CommandError, match="unknown language"):
        call_command("load_content", file=broken)
    assert Network.objects.count() == 0


def test_a_file_that_is_not_toml_is_a_clear_command_error(db, tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text("[[networks]\n")
    with pytest.raises(CommandError, match=r"broken\.toml: .*line 1"):
        call_command("load_content", file=broken)


def test_an_entry_without_a_key_is_a_clear_command_error(db, tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text('[[organizations]]\nname = { en = "X", sr_latn = "X" }\n')
    with pytest.raises(CommandError, match="organizations #1: needs a key"):
        call_command("load_content", file=broken)
    assert MemberOrganization.objects.count() == 0


# --- the file is a seed: what editors deleted or renamed stays so ---------------------


def run(*args, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("load_content", *args, stdout=out, stderr=err, **options)
    return out.getvalue() + err.getvalue()


def test_every_entry_gets_its_key_in_the_formats_of_the_migration(db):
    call_command("load_content")
    migration = importlib.import_module("core.migrations.0002_record_loaded_content")
    towns = importlib.import_module("members.migrations.0007_town_of_every_organization")
    # The shipped file's entries are those the migrations recorded for older databases:
    # core 0002 everything but the towns, members 0007 the towns (with their keys).
    town_keys = {f"town:{key}" for key, _lat, _lon in towns.CONTENT_TOWNS.values()}
    assert set(LoadedSeed.objects.values_list("key", flat=True)) == {*migration.KEYS, *town_keys}
    assert list(Network.objects.values_list("content_key", flat=True)) == NETWORK_SLUGS
    assert not MemberOrganization.objects.filter(content_key=None).exists()
    assert not Town.objects.filter(content_key=None).exists()
    assert set(Goal.objects.values_list("content_key", flat=True)) == {
        f"at-network:{n}" for n in (1, 2, 3, 4)
    }
    assert not Network.objects.filter(is_published=False).exists()
    assert not MemberOrganization.objects.filter(is_published=False).exists()


def delete_network():
    Network.objects.get(content_key="gaatw").delete()
    return lambda: Network.objects.filter(slug_en="gaatw").exists()


def delete_organization():
    MemberOrganization.objects.get(content_key="paor").delete()
    return lambda: MemberOrganization.objects.filter(slug_en="paor").exists()


def delete_goal():
    Goal.objects.get(content_key="at-network:2").delete()
    return lambda: Goal.objects.filter(network__content_key="at-network").count() != 3


def delete_membership():
    Membership.objects.get(
        network__content_key="preugovor", organization__content_key="cins"
    ).delete()
    return lambda: Membership.objects.filter(
        network__content_key="preugovor", organization__content_key="cins"
    ).exists()


@pytest.mark.parametrize(
    "delete", [delete_network, delete_organization, delete_goal, delete_membership]
)
@pytest.mark.parametrize("options", [{}, {"update": True, "yes": True}])
def test_what_an_editor_deleted_never_comes_back(db, delete, options):
    call_command("load_content")
    came_back = delete()
    before = counts()
    output = run(**options)
    assert not came_back()
    assert counts() == before
    assert "deleted by an editor (not recreated)" in output


def test_an_edited_english_slug_breaks_nothing_and_duplicates_nothing(db):
    call_command("load_content")
    network = Network.objects.get(content_key="gaatw")
    network.slug_en = "global-alliance"
    network.save()
    organization = MemberOrganization.objects.get(content_key="bcbp")
    organization.slug_en = "belgrade-centre-for-security-policy"
    organization.save()
    before = counts()
    output = run()
    assert counts() == before
    assert "Nothing to add" in output
    network.refresh_from_db()
    assert network.slug_en == "global-alliance"
    assert Network.objects.filter(content_key="gaatw").count() == 1
    # Its memberships are still found through the organization's key.
    assert organization.memberships.get().network.content_key == "preugovor"


SMALL_FILE = """
[[towns]]
key = "belgrade"
name = { en = "Belgrade", sr_latn = "Beograd" }
slug = { en = "belgrade", sr_latn = "beograd" }
country = "RS"
latitude = "44.82"
longitude = "20.46"
%(towns)s

[[organizations]]
key = "org"
slug = { en = "org", sr_latn = "org" }
name = { en = "An Organization", sr_latn = "Jedna organizacija" }
town = "belgrade"
%(organizations)s

[[networks]]
key = "net"
slug = { en = "net", sr_latn = "mreza" }
name = { en = "A Network", sr_latn = "Jedna mreža" }
short_name = { en = "AN", sr_latn = "JM" }
kind = "national_network"
summary = { en = "Summary.", sr_latn = "Sažetak." }
description = { en = "Description.", sr_latn = "Opis." }
astra_relationship = { en = "A member.", sr_latn = "Članica." }
goals = [
  { en = "First goal", sr_latn = "Prvi cilj" },
  %(goals)s
]

[[networks.memberships]]
organization = "org"
role = "member"
%(memberships)s
"""


NIS = """
[[towns]]
key = "nis"
name = { en = "Niš", sr_latn = "Niš" }
slug = { en = "nis", sr_latn = "nis" }
country = "RS"
latitude = "43.32"
longitude = "21.90"
"""


def content_file(tmp_path, towns="", organizations="", goals="", memberships=""):
    path = tmp_path / "content.toml"
    path.write_text(
        SMALL_FILE
        % {
            "towns": towns,
            "organizations": organizations,
            "goals": goals,
            "memberships": memberships,
        }
    )
    return path


def test_entries_new_in_the_file_are_added_to_an_existing_database(db, tmp_path):
    call_command("load_content", file=content_file(tmp_path))
    network = Network.objects.get(content_key="net")
    network.name_en = "Renamed by an editor"
    network.save()
    newer = content_file(
        tmp_path,
        towns=NIS,
        organizations="""
[[organizations]]
key = "new"
slug = { en = "new", sr_latn = "nova" }
name = { en = "A New One", sr_latn = "Nova" }
town = "nis"
""",
        goals='{ en = "Second goal", sr_latn = "Drugi cilj" },',
        memberships="""
[[networks.memberships]]
organization = "new"
role = "partner"
""",
    )
    output = run(file=newer, verbosity=2)
    assert "town:nis: created" in output
    assert "organization:new: created" in output
    new = MemberOrganization.objects.get(content_key="new")
    assert new.is_published
    assert new.name_sr == "Нова"
    assert new.town.content_key == "nis"
    assert new.town.name_sr == "Ниш"
    assert list(network.goals.values_list("content_key", "order", "text_sr")) == [
        ("net:1", 1, "Први циљ"),
        ("net:2", 2, "Други циљ"),
    ]
    assert network.memberships.get(organization=new).role == "partner"
    assert {"town:nis", "goal:net:2", "organization:new", "membership:net:new"} <= set(
        LoadedSeed.objects.values_list("key", flat=True)
    )
    network.refresh_from_db()
    assert network.name_en == "Renamed by an editor"


def test_a_slug_an_editor_took_holds_back_that_entry_only(db, tmp_path):
    NetworkFactory(slug_en="net", name_en="An editor's network")
    output = run(file=content_file(tmp_path))
    assert "network:net: not added" in output
    assert MemberOrganization.objects.filter(content_key="org").exists()
    assert not Network.objects.filter(content_key="net").exists()
    assert "network:net" not in set(LoadedSeed.objects.values_list("key", flat=True))


def test_a_new_network_whose_place_an_editor_gave_away_goes_last(db, tmp_path):
    # The small file gives its network no place: the first, 0, which an editor's has.
    NetworkFactory(name_en="An editor's network", name_sr_latn="Mreža urednice", display_order=0)
    NetworkFactory(name_en="Another one", display_order=4)
    output = run(file=content_file(tmp_path))
    assert Network.objects.get(content_key="net").display_order == 5
    assert "network:net: place 0 on the home page is held by “Mreža urednice”" in output
    assert list(Network.objects.values_list("name_en", flat=True)) == [
        "An editor's network",
        "Another one",
        "A Network",
    ]


# --- --update ----------------------------------------------------------------------


@pytest.fixture
def edited(db):
    """The content, then an editor's changes: a name, a role, a goal and a membership."""
    call_command("load_content")
    network = Network.objects.get(content_key="gaatw")
    network.name_sr_latn = "Urednički naziv"
    network.save()
    Membership.objects.filter(network=network).update(role="partner")
    at_network = Network.objects.get(content_key="at-network")
    GoalFactory(network=at_network, text_en="An editor's goal", order=9)
    MembershipFactory(network=network)
    return network


def test_update_dry_run_prints_the_changes_and_changes_nothing(edited):
    before = counts()
    versions = Version.objects.count()
    output = run(update=True, dry_run=True)
    assert "network:gaatw: name_sr_latn: 'Urednički naziv' → 'Globalna alijansa" in output
    assert "network:gaatw: name_sr: 'Уреднички назив' → 'Глобална алијанса" in output
    assert "membership:gaatw:astra: role: 'partner' → 'member'" in output
    assert "Network: 9 unchanged, 1 would be updated" in output
    assert "Dry run: nothing was changed" in output
    edited.refresh_from_db()
    assert edited.name_sr_latn == "Urednički naziv"
    assert Membership.objects.get(network=edited, organization__is_astra=True).role == "partner"
    assert counts() == before
    assert Version.objects.count() == versions


def test_update_at_a_terminal_is_a_dry_run_unless_told_yes(edited, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO())
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    assert "Dry run" in run(update=True)
    edited.refresh_from_db()
    assert edited.name_sr_latn == "Urednički naziv"
    run(update=True, yes=True)
    edited.refresh_from_db()
    assert edited.name_sr_latn == "Globalna alijansa protiv trgovine ženama"


def test_update_applies_and_keeps_a_revision_that_reverts_it(edited):
    before = counts()
    output = run(update=True, yes=True)
    assert "network:gaatw: name_sr_latn: 'Urednički naziv' → 'Globalna alijansa" in output
    assert "Network: 9 unchanged, 1 updated" in output
    edited.refresh_from_db()
    assert edited.name_sr_latn == "Globalna alijansa protiv trgovine ženama"
    # The generated Cyrillic followed the Latin, through the model's save.
    assert edited.name_sr == "Глобална алијанса против трговине женама"
    astra = Membership.objects.get(network=edited, organization__is_astra=True)
    assert astra.role == "member"
    # Editors' goals and memberships are kept; nothing is added or removed.
    assert counts() == before
    assert Goal.objects.filter(text_en="An editor's goal").exists()
    assert edited.memberships.count() == 2
    # What it changed, as it was, is a revision the admin's history can revert.
    version = Version.objects.get_for_object(edited).get(revision__comment=BEFORE_UPDATE)
    assert version.field_dict["name_sr_latn"] == "Urednički naziv"
    membership_version = Version.objects.get_for_object(astra).get(revision__comment=BEFORE_UPDATE)
    assert membership_version.revision_id == version.revision_id
    assert membership_version.field_dict["role"] == "partner"
    version.revision.revert()
    edited.refresh_from_db()
    astra.refresh_from_db()
    assert edited.name_sr_latn == "Urednički naziv"
    assert edited.name_sr == "Уреднички назив"
    assert astra.role == "partner"
    # Reverted, the update has work again; once done, a run changes nothing and makes
    # no empty revision.
    assert "Nothing to change" not in run(update=True, yes=True)
    revisions = reversion.models.Revision.objects.count()
    assert "Nothing to change" in run(update=True, yes=True)
    assert reversion.models.Revision.objects.count() == revisions


def test_update_changes_only_the_fields_that_differ(edited):
    at_network = Network.objects.get(content_key="at-network")
    # An editor's own Cyrillic for an unchanged Latin text is theirs.
    at_network.summary_sr = "Уреднички сажетак"
    at_network.save()
    output = run(update=True, yes=True)
    assert "network:at-network" not in output
    at_network.refresh_from_db()
    assert at_network.summary_sr == "Уреднички сажетак"


def test_update_makes_an_editors_cyrillic_follow_the_file_when_the_latin_changes(db):
    call_command("load_content")
    network = Network.objects.get(content_key="ban")
    network.short_name_sr_latn = ""
    network.short_name_sr = "Уреднички"  # written in Cyrillic: the Latin is generated
    network.save()
    assert network.short_name_sr_latn == "Urednički"
    run(update=True, yes=True)
    network.refresh_from_db()
    assert network.short_name_sr_latn == "BAN"
    assert network.short_name_sr == "BAN"  # a protected term, generated from the Latin
    assert "short_name_sr" in network.generated_translations


def test_update_finds_goals_by_key_and_leaves_editors_goals_alone(db):
    call_command("load_content")
    at_network = Network.objects.get(content_key="at-network")
    first = at_network.goals.get(content_key="at-network:1")
    first.text_en = "Edited"
    first.order = 7
    first.save()
    mine = GoalFactory(network=at_network, text_en="Mine", order=1)
    run(update=True, yes=True)
    first.refresh_from_db()
    mine.refresh_from_db()
    assert (first.text_en, first.order) == (
        "Better informing people at risk, in order to prevent human trafficking",
        1,
    )
    assert (mine.text_en, mine.order, mine.content_key) == ("Mine", 1, None)
    assert at_network.goals.count() == 5


# --- towns ---------------------------------------------------------------------------


def test_towns_are_loaded_with_their_coordinates(db):
    call_command("load_content")
    nis = Town.objects.get(content_key="nis")
    assert (nis.name_en, nis.name_sr_latn, nis.name_sr) == ("Niš", "Niš", "Ниш")
    assert (nis.slug_en, nis.slug_sr_latn, nis.country.code) == ("nis", "nis", "RS")
    assert (nis.latitude, nis.longitude) == (Decimal("43.32"), Decimal("21.90"))
    assert "nis" in nis.search_text.split()
    # Every town of the file is on the maps, and every organization is in one of them.
    assert Town.objects.count() == 8
    assert not Town.objects.filter(latitude=None).exists()
    assert not Town.objects.filter(longitude=None).exists()
    centre = MemberOrganization.objects.get(content_key="centre-for-girls-nis")
    assert centre.town == nis
    assert set(nis.organizations.values_list("content_key", flat=True)) == {"centre-for-girls-nis"}


def test_an_organization_naming_an_unknown_town_is_a_content_error(db, tmp_path):
    path = content_file(
        tmp_path,
        organizations="""
[[organizations]]
key = "lost"
slug = { en = "lost", sr_latn = "izgubljena" }
name = { en = "Lost", sr_latn = "Izgubljena" }
town = "atlantis"
""",
    )
    with pytest.raises(ContentError, match="organization 'lost': unknown town 'atlantis'"):
        load_content(path)
    # Nothing of the file was kept.
    assert counts() == [0, 0, 0, 0, 0, 0]
    with pytest.raises(CommandError, match="unknown town 'atlantis'"):
        call_command("load_content", file=path)


def test_update_reports_and_restores_a_latitude_an_editor_changed(db):
    call_command("load_content")
    nis = Town.objects.get(content_key="nis")
    nis.latitude = Decimal("43.5")
    nis.save()
    output = run(update=True, yes=True)
    assert "town:nis: latitude: 43.5 → 43.32" in output
    assert "Town: 7 unchanged, 1 updated" in output
    nis.refresh_from_db()
    assert (nis.latitude, nis.longitude) == (Decimal("43.32"), Decimal("21.90"))
    # The latitude as the editor left it is in the revision the admin's history reverts.
    version = Version.objects.get_for_object(nis).get(revision__comment=BEFORE_UPDATE)
    assert Decimal(version.field_dict["latitude"]) == Decimal("43.5")


def test_loading_twice_changes_no_town(db):
    call_command("load_content")
    before = counts()
    output = run(update=True, yes=True)
    # The file's "43.32" is the database's Decimal("43.3200"): no change to report.
    assert "Nothing to change" in output
    assert "town:" not in output
    assert "Town: 8 unchanged" in output
    assert counts() == before


@pytest.mark.parametrize(
    ("stored", "written", "expected"),
    [
        (Decimal("43.3200"), "43.32", True),
        (Decimal("43.3200"), 43.32, True),  # a bare number in the file
        (Decimal("21.9000"), "21.90", True),
        (Decimal("43.3200"), "43.3201", False),
        (Decimal("43.3200"), "", False),
        (None, "", True),
    ],
)
def test_coordinates_are_compared_as_numbers(stored, written, expected):
    assert same(stored, written) is expected


def test_a_town_an_editor_deleted_is_not_recreated(db):
    call_command("load_content")
    # A town in use cannot be deleted (PROTECT): its organizations go first.
    MemberOrganization.objects.filter(town__content_key="nis").delete()
    Town.objects.get(content_key="nis").delete()
    before = counts()
    for options in ({}, {"update": True, "yes": True}):
        output = run(**options)
        assert not Town.objects.filter(content_key="nis").exists()
        assert not Town.objects.filter(slug_en="nis").exists()
        assert counts() == before
        assert "Town: 1 deleted by an editor (not recreated)" in output


def test_an_organization_moved_out_of_a_town_an_editor_deleted_is_still_updated(db):
    call_command("load_content")
    centre = MemberOrganization.objects.get(content_key="centre-for-girls-nis")
    centre.town = TownFactory(name_en="Niška Banja", name_sr_latn="Niška Banja")
    centre.name_en = "Renamed by an editor"
    centre.save()
    Town.objects.get(content_key="nis").delete()
    Membership.objects.filter(organization=centre).update(role="partner")
    run(update=True, yes=True)
    centre.refresh_from_db()
    # Found by its key and updated, in the town the editor chose.
    assert centre.name_en == "Centre for Girls"
    assert centre.town.name_en == "Niška Banja"
    assert centre.memberships.get().role == "member"
    assert MemberOrganization.objects.filter(content_key="centre-for-girls-nis").count() == 1
