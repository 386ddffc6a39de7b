from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.utils import translation

from members.models import MemberOrganization, Membership, Town
from tests.factories import OrganizationFactory, TownFactory


@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize("role", Membership.Role.values)
def test_role_display_says_what_djangos_own_says(role, code):
    obj = Membership(role=role)
    with translation.override(code):
        djangos = obj._get_FIELD_display(Membership._meta.get_field("role"))
        assert obj.get_role_display() == djangos


def test_role_display_of_an_unknown_value_is_the_value_itself():
    assert Membership(role="retired").get_role_display() == "retired"


def test_role_display_in_serbian():
    with translation.override("sr-latn"):
        # The roles are an organization's (feminine): "članica", not "član".
        assert Membership(role="member").get_role_display() == "članica"
        assert Membership(role="founder").get_role_display() == "osnivačica"


@pytest.mark.parametrize(
    ("since", "english", "latin", "cyrillic"),
    [
        ((2002, None, None), "since 2002", "od 2002.", "од 2002."),
        ((2014, 7, None), "since July 2014", "od jula 2014.", "од јула 2014."),
        ((2019, 7, 23), "since 23 July 2019", "od 23. jula 2019.", "од 23. јула 2019."),
        ((None, None, None), "", "", ""),
    ],
)
def test_since_is_said_as_precisely_as_it_is_known(since, english, latin, cyrillic):
    year, month, day = since
    membership = Membership(since=year, since_month=month, since_day=day)
    for code, expected in (("en", english), ("sr-latn", latin), ("sr", cyrillic)):
        with translation.override(code):
            assert membership.get_since_display() == expected


@pytest.mark.parametrize(
    ("since", "field"),
    [
        ((2019, None, 23), "since_day"),
        ((None, 7, None), "since_month"),
        ((2019, 2, 30), "since_day"),
    ],
)
def test_an_impossible_since_date_is_refused(network, astra, since, field):
    year, month, day = since
    membership = Membership(
        network=network, organization=astra, since=year, since_month=month, since_day=day
    )
    with pytest.raises(ValidationError) as error:
        membership.clean()
    assert field in error.value.message_dict


@pytest.mark.parametrize(
    ("name", "acronym", "shown"),
    [
        ("Belgrade Centre for Security Policy", "BCBP", "BCBP"),
        ("PAOR", "PAOR", ""),
        ("ASTRA – Anti-Trafficking Action", "ASTRA", ""),
        ("ASTRAL", "ASTRA", "ASTRA"),  # a word, not a part of one
        ("Group 484", "", ""),
    ],
)
def test_an_acronym_is_shown_unless_the_name_says_it(name, acronym, shown):
    assert MemberOrganization(name=name, acronym=acronym).shown_acronym == shown


def test_an_acronym_is_written_in_the_script_of_the_page(db):
    organization = OrganizationFactory(acronym_en="CINS", acronym_sr_latn="CINS")
    assert organization.acronym_sr == "ЦИНС"
    with translation.override("sr"):
        assert organization.shown_acronym == "ЦИНС"


def test_names_shared_by_published_organizations_are_marked_per_language(db):
    def organization(slug, english, latin):
        return OrganizationFactory(
            slug_en=slug, slug_sr_latn=slug, name_en=english, name_sr_latn=latin
        )

    nis = organization("nis", "Centre for Girls", "Centar za devojke")
    uzice = organization("uzice", "Centre for Girls", "Centar za devojke")
    unique = organization("forum", "Women’s Forum", "Forum žena")
    # Told apart in English only: their Serbian names differ.
    organization("forum-2", "Women’s Forum", "Ženski forum")
    for code in ("en", "sr-latn", "sr"):
        with translation.override(code):
            shared = dict(
                MemberOrganization.objects.with_shared_names().values_list("pk", "name_is_shared")
            )
        assert shared[nis.pk]
        assert shared[uzice.pk]
        assert shared[unique.pk] == (code == "en")
    # An unpublished namesake does not count: visitors never see it.
    uzice.is_published = False
    uzice.save()
    assert not MemberOrganization.objects.with_shared_names().get(pk=nis.pk).name_is_shared


def test_an_organization_is_named_with_its_town_for_editors():
    organization = MemberOrganization(name="Centre for Girls", town=Town(name="Niš"))
    assert str(organization) == "Centre for Girls (Niš)"


# --- towns ---------------------------------------------------------------------------


def test_a_town_gets_its_cyrillic_slugs_and_search_key(db):
    town = TownFactory(name_en="Niš", name_sr_latn="Niš", slug_sr_latn="")
    assert str(town) == "Niš"
    assert town.name_sr == "Ниш"
    assert town.slug_sr_latn == town.slug_sr == "nis"
    assert town.search_text == "nis"
    assert town.has_location


@pytest.mark.parametrize(
    ("latitude", "longitude"), [(Decimal("43.32"), None), (None, Decimal("21.90"))]
)
def test_a_town_has_both_coordinates_or_neither(db, latitude, longitude):
    town = TownFactory.build(name_en="Niš", latitude=latitude, longitude=longitude)
    assert not town.has_location
    with pytest.raises(ValidationError) as error:
        town.full_clean()
    with translation.override("en"):
        assert error.value.messages == ["Give both the latitude and the longitude, or neither."]
    TownFactory.build(name_en="Niš", latitude=None, longitude=None).full_clean()


@pytest.mark.parametrize(("field", "value"), [("latitude", "90.5"), ("longitude", "-180.5")])
def test_a_town_is_on_the_earth(db, field, value):
    town = TownFactory.build(name_en="Niš", **{field: Decimal(value)})
    with pytest.raises(ValidationError) as error:
        town.full_clean()
    assert field in error.value.message_dict


def test_a_town_in_use_cannot_be_deleted(db):
    organization = OrganizationFactory()
    with pytest.raises(ProtectedError):
        organization.town.delete()
    organization.delete()
    organization.town.delete()
    assert not Town.objects.exists()


@pytest.mark.parametrize("query", ["Nis", "niš", "НИШ", "centar nis", "Ниш девојке"])
def test_search_finds_an_organization_by_its_towns_name_in_any_script(db, query):
    nis = TownFactory(name_en="Niš", name_sr_latn="Niš")
    centre = OrganizationFactory(
        name_en="Centre for Girls", name_sr_latn="Centar za devojke", town=nis
    )
    OrganizationFactory(name_en="Centre for Boys", name_sr_latn="Centar za dečake")
    assert list(MemberOrganization.objects.search(query)) == [centre]


def test_search_finds_a_renamed_town_at_once(db):
    town = TownFactory(name_en="Niš", name_sr_latn="Niš")
    organization = OrganizationFactory(town=town)
    town.name_en = town.name_sr_latn = "Niška Banja"
    town.save()
    assert list(MemberOrganization.objects.search("banja")) == [organization]
    assert not MemberOrganization.objects.search("Belgrade").exists()


def test_sorting_by_city_follows_the_towns_names_in_the_serbian_alphabet(db):
    def organization(name, english, latin):
        return OrganizationFactory(
            name_sr_latn=name, town=TownFactory(name_en=english, name_sr_latn=latin)
        )

    zrenjanin = organization("A", "Zrenjanin", "Zrenjanin")
    cacak = organization("B", "Cacak", "Čačak")
    cetinje = organization("C", "Cetinje", "Cetinje")
    beograd_b = organization("Drugo", "Belgrade", "Beograd")
    beograd_a = organization("Akcija", "Belgrade", "Beograd")
    with translation.override("sr-latn"):
        ordered = list(MemberOrganization.objects.sorted_by("city"))
    # Č after C; within a town, by name.
    assert ordered == [beograd_a, beograd_b, cetinje, cacak, zrenjanin]
    with translation.override("sr"):
        # In the azbuka's order: Београд, Зрењанин, Цетиње, Чачак.
        assert list(MemberOrganization.objects.sorted_by("city")) == [
            beograd_a,
            beograd_b,
            zrenjanin,
            cetinje,
            cacak,
        ]
    assert list(Town.objects.by_name().values_list("name_sr_latn", flat=True)) == [
        "Beograd",
        "Cetinje",
        "Čačak",
        "Zrenjanin",
    ]
