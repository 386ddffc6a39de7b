"""Texts saved through the admin before line endings were normalised have CRLF line
breaks, and their generated Cyrillic was then taken for an editor's own and stopped
following the Latin (issue 10). Line breaks become LF again, and a Cyrillic text that is
exactly what transliteration makes of its Latin is marked generated again: it follows
the Latin from now on. A Cyrillic text that differs stays the editor's."""

from django.db import migrations

from serbian.transliteration import DEFAULT_PROTECTED_TERMS, to_cyrillic

# Historical models have neither modeltranslation's descriptors nor our save(): the
# columns are named here as they are in this migration's state.
TRANSLATED = {
    ("networks", "Introduction"): ("title", "text"),
    ("networks", "Network"): (
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
    ("members", "MemberOrganization"): ("name", "acronym", "city", "description"),
    ("members", "Membership"): ("note",),
}
LANGUAGES = ("en", "sr_latn", "sr")


def lf(text):
    return text.replace("\r\n", "\n").replace("\r", "\n") if isinstance(text, str) else text


def repair(apps, schema_editor):
    terms = (
        *DEFAULT_PROTECTED_TERMS,
        *apps.get_model("serbian", "ProtectedTerm").objects.values_list("term", flat=True),
    )
    for (app, model_name), fields in TRANSLATED.items():
        for obj in apps.get_model(app, model_name).objects.all():
            generated = set(obj.generated_translations or ())
            changed = False
            for field in fields:
                for name in (field, *(f"{field}_{code}" for code in LANGUAGES)):
                    value = getattr(obj, name)
                    if lf(value) != value:
                        setattr(obj, name, lf(value))
                        changed = True
                latin, cyrillic = getattr(obj, f"{field}_sr_latn"), getattr(obj, f"{field}_sr")
                if (
                    latin
                    and cyrillic
                    and f"{field}_sr" not in generated
                    and f"{field}_sr_latn" not in generated
                    and cyrillic == to_cyrillic(latin, terms)
                ):
                    generated.add(f"{field}_sr")
                    changed = True
            if changed:
                obj.generated_translations = sorted(generated)
                obj.save()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_record_loaded_content"),
        ("serbian", "0002_protectedterm_from_networks"),
        ("networks", "0005_publish_date_and_content_key"),
        ("members", "0005_publish_date_and_content_key"),
    ]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
