import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from members.models import MemberOrganization, Membership
from networks.models import Goal, Introduction, Network

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
        for model in (Introduction, Network, Goal, MemberOrganization, Membership)
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
    for organization in MemberOrganization.objects.all():
        for field in ("slug", "name", "city"):
            for suffix in ("en", "sr_latn", "sr"):
                assert getattr(organization, f"{field}_{suffix}"), (organization, field, suffix)


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
    cities = sorted(at_network.memberships.values_list("organization__city_en", flat=True))
    towns = ["Belgrade", "Vlasotince", "Dimitrovgrad", "Vranje", "Niš", "Zrenjanin", "Užice"]
    assert cities == sorted([*towns, "Prijepolje"])
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


def test_update_makes_the_database_match_the_file_again(db):
    call_command("load_content")
    network = Network.objects.get(slug_en="gaatw")
    network.name_sr_latn = "Urednički naziv"
    network.save()
    network.goals.all().delete()
    Membership.objects.filter(network=network).delete()
    before_other = counts()
    call_command("load_content", update=True)
    network.refresh_from_db()
    assert network.name_sr_latn != "Urednički naziv"
    # The generated Cyrillic follows the Latin text back.
    assert network.name_sr == "Глобална алијанса против трговине женама"
    assert Membership.objects.filter(network=network).count() == 1
    assert counts()[1] == before_other[1]


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
