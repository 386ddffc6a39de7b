"""Existing rows get their Serbian Cyrillic texts, slugs and search keys.

(This migration also created PostgreSQL's Serbian collation; serbian.0001 does now, with
"IF NOT EXISTS", so databases that ran this first are unchanged.)"""

from django.db import migrations

from serbian.transliteration import DEFAULT_PROTECTED_TERMS, fold, to_cyrillic

# Historical models have neither modeltranslation's descriptors nor our save(): the
# columns are named here as they are in this migration's state.
TRANSLATED = {
    ("networks", "Introduction"): ("title", "text"),
    (
        "networks",
        "Network",
    ): (
        "name",
        "short_name",
        "summary",
        "description",
        "astra_relationship",
        "headquarters",
        "member_count_note",
        "member_count_source",
    ),
    ("networks", "Goal"): ("text",),
    ("members", "MemberOrganization"): ("name", "city", "description"),
    ("members", "Membership"): ("note",),
}
WITH_SLUG = {("networks", "Network"), ("members", "MemberOrganization")}


def fill_cyrillic(apps, schema_editor):
    terms = (
        *DEFAULT_PROTECTED_TERMS,
        *apps.get_model("networks", "ProtectedTerm").objects.values_list("term", flat=True),
    )
    for (app, model_name), fields in TRANSLATED.items():
        for obj in apps.get_model(app, model_name).objects.all():
            generated = set(obj.generated_translations)
            for field in fields:
                latin = getattr(obj, f"{field}_sr_latn")
                if latin and not getattr(obj, f"{field}_sr"):
                    setattr(obj, f"{field}_sr", to_cyrillic(latin, terms))
                    generated.add(f"{field}_sr")
            obj.generated_translations = sorted(generated)
            if (app, model_name) in WITH_SLUG:
                obj.slug_sr = obj.slug_sr_latn
            if model_name == "MemberOrganization":
                values = [obj.acronym]
                for field in ("name", "city"):
                    values += [getattr(obj, f"{field}_{code}") for code in ("sr_latn", "sr", "en")]
                obj.search_text = " ".join(fold(value) for value in values if value)
            obj.save()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_serbian_cyrillic_and_search"),
        ("networks", "0002_serbian_cyrillic"),
    ]

    operations = [
        migrations.RunPython(fill_cyrillic, migrations.RunPython.noop),
    ]
