import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

from members.models import MemberOrganization, Membership
from tests.factories import OrganizationFactory


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
    assert str(MemberOrganization(name="Centre for Girls", city="Niš")) == "Centre for Girls (Niš)"
