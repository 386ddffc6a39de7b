"""Databases loaded from the content file before its facts were corrected get the
corrections too (issue 8): the phantom organization "Anti-Trafficking Action" (ASTRA's
own full name, read as a second organization) goes, with its membership, and every text
and date that the file got wrong is replaced.

Only what is still exactly as the content file shipped it changes: a text an editor has
changed is theirs and stays. The corrections (``0003_correct_shipped_content.json``) are
the differences between the content file as shipped before and after the correction,
frozen here so that later edits of the file do not change what this migration does.
Reversing it puts the shipped texts back (where they are still ours); the phantom
organization is not brought back.
"""

import datetime
import json
from collections import defaultdict
from pathlib import Path

from django.db import migrations

from serbian.transliteration import DEFAULT_PROTECTED_TERMS, fold, to_cyrillic

CORRECTIONS = Path(__file__).with_suffix(".json")
LATIN, CYRILLIC = "_sr_latn", "_sr"


def same(stored, shipped):
    """Whether a stored value is still the shipped one: an admin save turns line breaks
    into CRLF and empty texts into "" or NULL without anyone changing a word."""
    if isinstance(stored, datetime.date):
        stored = stored.isoformat()
    if isinstance(stored, str):
        stored = stored.replace("\r\n", "\n")
    return (stored or None) == (shipped or None)


def correct(apps, schema_editor, *, forward=True):
    data = json.loads(CORRECTIONS.read_text(encoding="utf-8"))
    terms = (
        *DEFAULT_PROTECTED_TERMS,
        *apps.get_model("networks", "ProtectedTerm").objects.values_list("term", flat=True),
    )
    if forward:
        for deletion in data["delete"]:
            apps.get_model(deletion["model"]).objects.filter(**deletion["key"]).delete()

    changes = defaultdict(list)
    for change in data["change"]:
        changes[change["model"], json.dumps(change["key"], sort_keys=True)].append(change)
    for (label, key), object_changes in changes.items():
        model = apps.get_model(label)
        obj = model.objects.filter(**json.loads(key)).order_by("pk").first()
        if obj is None:
            continue
        generated = set(obj.generated_translations)
        changed = False
        for change in object_changes:
            name = change["field"]
            old, new = (change["old"], change["new"]) if forward else (change["new"], change["old"])
            field = model._meta.get_field(name)
            if not same(field.value_from_object(obj), old):
                continue
            if new is None and not field.null:
                new = ""
            setattr(obj, name, field.to_python(new))
            changed = True
            if name.endswith(LATIN):
                cyrillic = name.removesuffix(LATIN) + CYRILLIC
                if cyrillic in generated or not getattr(obj, cyrillic):
                    setattr(obj, cyrillic, to_cyrillic(new, terms) if new else new)
                    if new:
                        generated.add(cyrillic)
                    else:
                        generated.discard(cyrillic)
        if not changed:
            continue
        obj.generated_translations = sorted(generated)
        if label == "members.MemberOrganization":
            values = [
                getattr(obj, f"{field}_{code}")
                for field in ("acronym", "name", "city")
                for code in ("sr_latn", "sr", "en")
            ]
            obj.search_text = " ".join(dict.fromkeys(fold(value) for value in values if value))
        obj.save()


def undo(apps, schema_editor):
    correct(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0004_acronym_in_every_script_and_precise_since"),
        ("networks", "0002_serbian_cyrillic"),
    ]

    operations = [migrations.RunPython(correct, undo)]
