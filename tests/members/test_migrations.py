"""Databases that existed before Serbian Cyrillic get their Cyrillic texts by migration;
those that existed before towns get a town for every organization's city."""

import json
from decimal import Decimal

import pytest
import reversion
from django.core import serializers
from django.core.management import call_command
from django.utils import timezone
from reversion.models import Version

from core.models import LoadedSeed
from members.models import MemberOrganization, Town
from serbian.transliteration import fold, to_cyrillic
from tests.helpers import migrate, migrate_to_latest

BEFORE = [("members", "0001_initial"), ("networks", "0001_initial")]
AFTER = [("members", "0003_fill_cyrillic_and_collation"), ("networks", "0002_serbian_cyrillic")]


@pytest.mark.django_db(transaction=True)
def test_existing_rows_get_cyrillic_texts_slugs_and_search_keys():
    old = migrate(BEFORE)
    network = old.get_model("networks", "Network").objects.create(
        slug="at-network", slug_en="at-network", slug_sr_latn="at-mreza",
        name="Anti-trafiking mreža", name_en="Anti-Trafficking Network",
        name_sr_latn="Anti-trafiking mreža", short_name="AT", short_name_en="AT",
        short_name_sr_latn="AT", kind="national_network", summary="s", summary_en="s",
        summary_sr_latn="Mreža koju je osnovala ASTRA.", description="d", description_en="d",
        description_sr_latn="Opis", astra_relationship="r", astra_relationship_en="r",
        astra_relationship_sr_latn="Osnivačica",
    )  # fmt: skip
    organization = old.get_model("members", "MemberOrganization").objects.create(
        slug="centre", slug_en="centre", slug_sr_latn="centar", name="Centar za devojke",
        name_en="Centre for Girls", name_sr_latn="Centar za devojke", city="Niš",
        city_en="Niš", city_sr_latn="Niš",
    )  # fmt: skip

    new = migrate(AFTER)
    network = new.get_model("networks", "Network").objects.get(pk=network.pk)
    assert network.name_sr == "Анти-трафикинг мрежа"
    assert network.summary_sr == "Мрежа коју је основала ASTRA."
    assert network.slug_sr == "at-mreza"
    assert "summary_sr" in network.generated_translations
    organization = new.get_model("members", "MemberOrganization").objects.get(pk=organization.pk)
    assert organization.city_sr == "Ниш"
    assert "nis" in organization.search_text.split()
    assert "centre for girls" in organization.search_text
    migrate_to_latest()


# --- 0007: every organization's city becomes a town ----------------------------------

BEFORE_TOWNS = [
    ("members", "0005_publish_date_and_content_key"),
    ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ("contenttypes", "0002_remove_content_type_name"),
]
# (English, Serbian Latin, Serbian Cyrillic) and the texts transliteration made.
NIS = ("Niš", "Niš", "Ниш"), ["city_sr"]
# An editor wrote her own Cyrillic: not generated, and hers to keep.
BELGRADE = ("Belgrade", "Beograd", "Београд (главни град)"), []
KRALJEVO = ("Kraljevo", "Kraljevo", "Краљево"), ["city_sr"]
# Written in Cyrillic only: the Latin was made from it.
LEBANE = ("Lebane", "Lebane", "Лебане"), ["city_sr_latn"]
DIMITROVGRAD = ("Dimitrovgrad", "Dimitrovgrad", "Димитровград"), ["city_sr"]
VRANJE = ("Vranje", "Vranje", "Врање"), ["city_sr"]


class OldDatabase:
    """Organizations (and their history) as members 0005 kept them: with a city."""

    def __init__(self, apps):
        self.apps = apps
        self.Organization = apps.get_model("members", "MemberOrganization")

    def organization(self, slug, name, city, country="RS"):
        (english, latin, cyrillic), generated = city
        search = " ".join(dict.fromkeys(fold(text) for text in (name, english, latin, cyrillic)))
        return self.Organization.objects.create(
            slug=slug, slug_en=slug, slug_sr_latn=slug, slug_sr=slug,
            name=name, name_en=name, name_sr_latn=name, name_sr=to_cyrillic(name, ()),
            city=latin, city_en=english, city_sr_latn=latin, city_sr=cyrillic,
            country=country, is_published=True, website="https://example.org/",
            generated_translations=["name_sr", *generated], search_text=search,
        )  # fmt: skip

    def version(self, organization):
        """A version as django-reversion saved it then: the organization serialised."""
        ContentType = self.apps.get_model("contenttypes", "ContentType")
        content_type, _created = ContentType.objects.get_or_create(
            app_label="members", model="memberorganization"
        )
        revision = self.apps.get_model("reversion", "Revision").objects.create(
            date_created=timezone.now(), comment="Changed name."
        )
        return self.apps.get_model("reversion", "Version").objects.create(
            revision=revision,
            object_id=str(organization.pk),
            content_type=content_type,
            db="default",
            format="json",
            serialized_data=serializers.serialize("json", [organization]),
            object_repr=organization.name,
        )


@pytest.fixture
def old_database(transactional_db):
    old = OldDatabase(migrate(BEFORE_TOWNS))
    yield old
    # Leave the database as the rest of the suite expects it.
    migrate_to_latest()


@pytest.fixture
def cities(old_database):
    """Organizations in the same city, in a city an editor wrote Cyrillic for, in cities
    of the content file and not, in two countries."""
    organization = old_database.organization
    return {
        "centre": organization("centre", "Centar za devojke", NIS),
        "roma": organization("roma", "Romski centar", NIS),
        "astra": organization("astra", "ASTRA", BELGRADE),
        "kraljevo": organization("kraljevo", "Forum žena", KRALJEVO),
        "lebane": organization("lebane", "Udruženje", LEBANE),
        "dimitrovgrad": organization("dimitrovgrad", "Ženski centar", DIMITROVGRAD),
        "caribrod": organization("caribrod", "Ženska grupa", DIMITROVGRAD, country="BG"),
    }


def town_of(slug):
    return MemberOrganization.objects.select_related("town").get(slug_en=slug).town


def test_organizations_in_the_same_city_get_one_town(cities):
    migrate_to_latest()
    nis = town_of("centre")
    assert town_of("roma") == nis
    assert (nis.name_en, nis.name_sr_latn, nis.name_sr) == ("Niš", "Niš", "Ниш")
    assert (nis.slug_en, nis.slug_sr_latn, nis.slug_sr) == ("nis", "nis", "nis")
    assert nis.search_text == "nis"
    assert nis.generated_translations == ["name_sr"]
    assert nis.organizations.count() == 2
    # One town per city and country: Dimitrovgrad in Serbia is not Dimitrovgrad in Bulgaria.
    assert Town.objects.count() == 6
    serbian, bulgarian = town_of("dimitrovgrad"), town_of("caribrod")
    assert (serbian.country.code, bulgarian.country.code) == ("RS", "BG")
    assert {serbian.slug_en, bulgarian.slug_en} == {"dimitrovgrad", "dimitrovgrad-2"}


def test_an_editors_cyrillic_stays_the_towns_and_hers(cities):
    migrate_to_latest()
    belgrade = town_of("astra")
    assert belgrade.name_sr == "Београд (главни град)"
    assert belgrade.generated_translations == []
    # A Latin made from the Cyrillic still follows it.
    lebane = town_of("lebane")
    assert lebane.generated_translations == ["name_sr_latn"]
    lebane.name_sr = "Лебане (град)"
    lebane.save()
    assert lebane.name_sr_latn == "Lebane (grad)"


def test_towns_of_the_content_file_get_its_key_and_coordinates(cities):
    migrate_to_latest()
    nis, belgrade, dimitrovgrad = town_of("centre"), town_of("astra"), town_of("dimitrovgrad")
    assert (nis.content_key, nis.latitude, nis.longitude) == (
        "nis",
        Decimal("43.32"),
        Decimal("21.90"),
    )
    assert (belgrade.content_key, belgrade.latitude) == ("belgrade", Decimal("44.82"))
    assert dimitrovgrad.content_key == "dimitrovgrad"
    assert {"town:nis", "town:belgrade", "town:dimitrovgrad"} == set(
        LoadedSeed.objects.filter(key__startswith="town:").values_list("key", flat=True)
    )
    # Loading the content file finds them rather than adding them twice.
    call_command("load_content", verbosity=0)
    assert Town.objects.filter(name_en="Niš").get() == nis
    assert Town.objects.filter(name_en="Belgrade").get() == belgrade
    assert town_of("centre-for-girls-nis") == nis


def test_other_towns_have_no_key_and_no_place_on_the_maps(cities):
    migrate_to_latest()
    for slug in ("kraljevo", "lebane", "caribrod"):
        town = town_of(slug)
        assert (town.content_key, town.latitude, town.longitude) == (None, None, None), slug
        assert not town.has_location


def test_organizations_are_found_by_their_towns_name_not_by_a_copy_of_it(cities):
    migrate_to_latest()
    centre = MemberOrganization.objects.get(slug_en="centre")
    assert centre.search_text == "centar za devojke"
    assert centre.generated_translations == ["name_sr"]
    found = MemberOrganization.objects.search("Ниш").values_list("slug_en", flat=True)
    assert sorted(found) == ["centre", "roma"]
    # A renamed town is found by its new name only.
    town = centre.town
    town.name_en = town.name_sr_latn = "Aleksinac"
    town.save()
    assert not MemberOrganization.objects.search("Niš").exists()
    assert MemberOrganization.objects.search("Алексинац").count() == 2


def test_the_reverse_migration_brings_cities_and_countries_back(cities):
    migrate_to_latest()
    # After the migration an editor moved an organization and renamed a town.
    roma = MemberOrganization.objects.get(slug_en="roma")
    roma.town = town_of("kraljevo")
    roma.save()
    kraljevo = town_of("kraljevo")
    kraljevo.name_sr_latn = "Kraljevo (grad)"
    kraljevo.save()

    Organization = migrate(BEFORE_TOWNS).get_model("members", "MemberOrganization")
    centre = Organization.objects.get(slug_en="centre")
    assert (centre.city, centre.city_en, centre.city_sr_latn, centre.city_sr) == (
        "Niš", "Niš", "Niš", "Ниш"
    )  # fmt: skip
    assert centre.country == "RS"
    assert "city_sr" in centre.generated_translations
    assert "nis" in centre.search_text.split()
    astra = Organization.objects.get(slug_en="astra")
    assert astra.city_sr == "Београд (главни град)"
    assert "city_sr" not in astra.generated_translations
    assert "city_sr_latn" in Organization.objects.get(slug_en="lebane").generated_translations
    caribrod = Organization.objects.get(slug_en="caribrod")
    assert (caribrod.city_en, caribrod.country) == ("Dimitrovgrad", "BG")
    roma = Organization.objects.get(slug_en="roma")
    assert (roma.city_en, roma.city_sr_latn, roma.city_sr) == (
        "Kraljevo",
        "Kraljevo (grad)",
        "Краљево (град)",
    )
    assert not LoadedSeed.objects.filter(key__startswith="town:").exists()


def test_a_version_saved_before_the_migration_can_be_reverted_after_it(old_database, cities):
    centre = cities["centre"]
    version = old_database.version(centre)
    # Changed after that version was saved.
    old_database.Organization.objects.filter(pk=centre.pk).update(
        name_sr_latn="Preimenovan centar", website="https://renamed.example.org/"
    )
    migrate_to_latest()
    nis = town_of("centre")
    version = Version.objects.get(pk=version.pk)
    assert version.field_dict["town_id"] == nis.pk
    version.revert()
    centre = MemberOrganization.objects.get(pk=centre.pk)
    assert centre.town == nis
    assert (centre.name_sr_latn, centre.website) == ("Centar za devojke", "https://example.org/")


def test_a_deleted_organizations_version_can_still_be_recovered(old_database, cities):
    # The only organization in Vranje, deleted before the migration: no town from it.
    gone = old_database.organization("vranje", "Odbor za ljudska prava", VRANJE)
    version = old_database.version(gone)
    pk = gone.pk
    gone.delete()
    migrate_to_latest()
    assert Version.objects.get_deleted(MemberOrganization).get().pk == version.pk
    Version.objects.get(pk=version.pk).revert()
    recovered = MemberOrganization.objects.get(pk=pk)
    assert recovered.name_sr_latn == "Odbor za ljudska prava"
    assert (recovered.town.name_sr_latn, recovered.town.content_key) == ("Vranje", "vranje")
    assert recovered.town.has_location


def test_versions_saved_after_the_migration_get_their_city_back_when_it_is_undone(cities):
    migrate_to_latest()
    centre = MemberOrganization.objects.get(slug_en="centre")
    with reversion.create_revision():
        centre.save()
    (version,) = Version.objects.get_for_object(centre)
    assert "city_en" not in json.loads(version.serialized_data)[0]["fields"]
    Version_ = migrate(BEFORE_TOWNS).get_model("reversion", "Version")
    fields = json.loads(Version_.objects.get(pk=version.pk).serialized_data)[0]["fields"]
    assert (fields["city_en"], fields["city_sr"], fields["country"]) == ("Niš", "Ниш", "RS")
