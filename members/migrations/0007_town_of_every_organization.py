"""Every organization's city and country become a town.

One town per distinct city (its names in every language) and country, so that nothing an
editor wrote is merged away or lost. The towns of the content file get their key and the
coordinates stated there (core/content/astra.toml), so that ``load_content`` finds them
rather than adding them twice. Earlier versions in the admin's history (django-reversion)
get their town too, so that "Revert" still works on a version from before the change.
Reversible: the cities and countries come back from the towns.
"""

import json

from django.db import migrations, models

from serbian.slugs import serbian_slugify
from serbian.transliteration import fold

LANGUAGES = ("en", "sr_latn", "sr")
# As written in the content file when this migration was made (key, latitude, longitude:
# town centres from Wikidata's "coordinate location", CC0, rounded to 0.01°).
CONTENT_TOWNS = {
    ("RS", "Belgrade"): ("belgrade", "44.82", "20.46"),
    ("RS", "Vlasotince"): ("vlasotince", "42.97", "22.13"),
    ("RS", "Dimitrovgrad"): ("dimitrovgrad", "43.02", "22.78"),
    ("RS", "Vranje"): ("vranje", "42.55", "21.90"),
    ("RS", "Niš"): ("nis", "43.32", "21.90"),
    ("RS", "Zrenjanin"): ("zrenjanin", "45.38", "20.39"),
    ("RS", "Užice"): ("uzice", "43.86", "19.85"),
    ("RS", "Prijepolje"): ("prijepolje", "43.39", "19.65"),
}


SCRIPTS = ("sr_latn", "sr")


def names_of(values):
    return tuple(values.get(f"city_{code}") or "" for code in LANGUAGES)


def generated_names(generated_translations):
    """The town's generated names: those of the organization's city (either script; a
    Latin made from an editor's Cyrillic follows the Cyrillic, as the city's did)."""
    generated = set(generated_translations or ())
    return [f"name_{code}" for code in SCRIPTS if f"city_{code}" in generated]


def folded(*texts):
    return " ".join(dict.fromkeys(fold(text) for text in texts if text))


def organization_search_text(organization, *, with_city):
    """As the model's save makes it (acronym and name in every language): the town's
    names are now the town's own search key; before this migration the city's were here."""
    fields = ("acronym", "name", "city") if with_city else ("acronym", "name")
    return folded(
        *(
            getattr(organization, f"{field}_{code}")
            for field in fields
            for code in ("sr_latn", "sr", "en")
        )
    )


def unique_slug(Town, base, field):
    slug, n = base or "town", 1
    while Town.objects.filter(**{field: slug}).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def towns_from_cities(apps, schema_editor):
    Organization = apps.get_model("members", "MemberOrganization")
    towns = {}
    for organization in Organization.objects.order_by("id"):
        values = {f"city_{code}": getattr(organization, f"city_{code}") for code in LANGUAGES}
        key = (str(organization.country), names_of(values))
        if key not in towns:
            towns[key] = make_town(
                apps, str(organization.country), values, organization.generated_translations
            )
        organization.town = towns[key]
        # The city's names leave the organization with its columns (0008).
        organization.generated_translations = [
            name
            for name in organization.generated_translations or ()
            if not name.startswith("city_")
        ]
        organization.search_text = organization_search_text(organization, with_city=False)
        organization.save(update_fields=["town", "generated_translations", "search_text"])
    give_versions_their_town(apps, towns)


def make_town(apps, country, values, generated_translations):
    Town = apps.get_model("members", "Town")
    english, latin, cyrillic = names_of(values)
    name = english or latin or cyrillic
    content_key, latitude, longitude = CONTENT_TOWNS.get((country, english), (None, None, None))
    if content_key and Town.objects.filter(content_key=content_key).exists():
        content_key = None  # a second town of the same name (an editor's): not the file's
    town = Town(
        country=country,
        name=name,
        name_en=english or None,
        name_sr_latn=latin or None,
        name_sr=cyrillic or None,
        latitude=latitude,
        longitude=longitude,
        content_key=content_key,
        # A script made from the other stays so: it follows the next edit of the other.
        generated_translations=generated_names(generated_translations),
        search_text=folded(english, latin, cyrillic),
    )
    town.slug = town.slug_en = unique_slug(Town, serbian_slugify(english or latin), "slug_en")
    town.slug_sr_latn = town.slug_sr = unique_slug(
        Town, serbian_slugify(latin or english), "slug_sr_latn"
    )
    town.save()
    if content_key:
        # The file's entry counts as loaded: an editor who deletes the town keeps it deleted.
        apps.get_model("core", "LoadedSeed").objects.get_or_create(key=f"town:{content_key}")
    return town


def organization_versions(apps):
    """The organizations' versions in the admin's history (django-reversion)."""
    try:
        Version = apps.get_model("reversion", "Version")
        ContentType = apps.get_model("contenttypes", "ContentType")
    except LookupError:
        return []
    content_type = ContentType.objects.filter(
        app_label="members", model="memberorganization"
    ).first()
    if content_type is None:
        return []
    return Version.objects.filter(content_type=content_type, format="json")


def give_versions_their_town(apps, towns):
    """Versions saved before this migration name the city; a revert needs the town."""
    Organization = apps.get_model("members", "MemberOrganization")
    current = dict(Organization.objects.values_list("id", "town_id"))
    for version in organization_versions(apps):
        data = json.loads(version.serialized_data)
        fields = data[0]["fields"]
        if "town" in fields:
            continue
        key = (fields.get("country") or "RS", names_of(fields))
        town = towns.get(key)
        town_id = town.id if town else current.get(int(version.object_id))
        if town_id is None:
            # An organization deleted since, in a city no organization has now: its town
            # is made, so that the admin can still recover it ("Recover deleted").
            if not any(key[1]):
                continue
            towns[key] = make_town(apps, key[0], fields, fields.get("generated_translations"))
            town_id = towns[key].id
        fields["town"] = town_id
        version.serialized_data = json.dumps(data)
        version.save(update_fields=["serialized_data"])


def cities_from_towns(apps, schema_editor):
    Organization = apps.get_model("members", "MemberOrganization")
    apps.get_model("core", "LoadedSeed").objects.filter(key__startswith="town:").delete()
    give_versions_their_city(apps)
    for organization in Organization.objects.select_related("town"):
        town = organization.town
        if town is None:
            continue
        organization.country = town.country
        for code in LANGUAGES:
            setattr(organization, f"city_{code}", getattr(town, f"name_{code}"))
        organization.city = town.name_en or town.name_sr_latn or town.name
        generated = set(organization.generated_translations or ())
        generated |= {
            name.replace("name_", "city_", 1) for name in town.generated_translations or ()
        }
        organization.generated_translations = sorted(generated)
        organization.search_text = organization_search_text(organization, with_city=True)
        organization.save(
            update_fields=[
                "country",
                "city",
                *(f"city_{c}" for c in LANGUAGES),
                "generated_translations",
                "search_text",
            ]
        )


def give_versions_their_city(apps):
    """Versions saved since this migration name the town; a revert without it needs the
    city and country (the versions that already have them keep theirs)."""
    towns = {town.id: town for town in apps.get_model("members", "Town").objects.all()}
    for version in organization_versions(apps):
        data = json.loads(version.serialized_data)
        fields = data[0]["fields"]
        town = towns.get(fields.get("town"))
        if "city" in fields or town is None:
            continue
        fields["country"] = str(town.country)
        for code in LANGUAGES:
            fields[f"city_{code}"] = getattr(town, f"name_{code}")
        fields["city"] = town.name_en or town.name_sr_latn or town.name
        version.serialized_data = json.dumps(data)
        version.save(update_fields=["serialized_data"])


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0006_towns"),
        # The last migrations that read the organizations' city (core 0003 follows
        # networks 0003-0005 and serbian 0002): undoing them must find the city again, so
        # this one and 0008 are undone first.
        ("core", "0003_repair_line_endings"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        # Not for this migration but for undoing the next one: 0008 drops the city, and
        # undoing that adds the column back to the rows there are, which a NOT NULL column
        # without a default refuses; this one then fills it from the towns.
        migrations.AlterField(
            model_name="memberorganization",
            name="city",
            field=models.CharField(default="", max_length=100, verbose_name="city"),
        ),
        migrations.RunPython(towns_from_cities, cities_from_towns),
    ]
