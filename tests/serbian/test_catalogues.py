"""What CI checks in the catalogues: Django's own tools exit 0 on all of it."""

import re
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation

from serbian.catalogues import CYRILLIC_CATALOGUE, LATIN_CATALOGUE, render_cyrillic_catalogue
from serbian.languages import CYRILLIC, LATIN

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted((ROOT / "locale").glob("*/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


def entry_ids(catalogue):
    return {(entry.msgctxt, entry.msgid, entry.msgid_plural) for entry in catalogue}


def test_every_serbian_script_has_a_catalogue():
    assert {path.parent.parent.name for path in CATALOGUES} == {"sr", "sr_Latn"}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parent.parent.name)
def test_catalogue_has_no_untranslated_or_fuzzy_entry(path):
    catalogue = polib.pofile(str(path))
    assert len(catalogue) > 50
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    # A plural entry needs all three Serbian forms.
    for entry in catalogue:
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == [0, 1, 2], entry.msgid
            assert all(entry.msgstr_plural.values()), entry.msgid


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parent.parent.name)
def test_placeholders_are_identical_in_msgid_and_msgstr(path):
    mismatches = []
    for entry in polib.pofile(str(path)):
        if entry.msgid_plural:
            expected = sorted(PLACEHOLDER.findall(entry.msgid_plural))
            translations = entry.msgstr_plural.values()
        else:
            expected = sorted(PLACEHOLDER.findall(entry.msgid))
            translations = [entry.msgstr]
        for text in translations:
            if sorted(PLACEHOLDER.findall(text)) != expected:
                mismatches.append((entry.msgid, text))
    assert mismatches == []


def test_placeholder_check_catches_a_renamed_placeholder():
    assert sorted(PLACEHOLDER.findall("od %(year)s")) != sorted(PLACEHOLDER.findall("since {y}"))
    assert PLACEHOLDER.findall("%(counter)s članica") == ["%(counter)s"]


def test_cyrillic_catalogue_is_what_the_generator_writes():
    """Nobody edits locale/sr by hand; `make messages` regenerates it."""
    assert CYRILLIC_CATALOGUE.read_text(encoding="utf-8") == render_cyrillic_catalogue()


def test_cyrillic_catalogue_keeps_path_words_placeholders_and_header():
    latin = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(LATIN_CATALOGUE))}
    cyrillic = polib.pofile(str(CYRILLIC_CATALOGUE))
    assert cyrillic.metadata["Language"] == "sr"
    assert (
        cyrillic.metadata["Plural-Forms"] == polib.pofile(LATIN_CATALOGUE).metadata["Plural-Forms"]
    )
    assert entry_ids(cyrillic) == entry_ids(polib.pofile(str(LATIN_CATALOGUE)))
    url_paths = [entry for entry in cyrillic if entry.msgctxt == "URL path"]
    assert url_paths
    for entry in url_paths:
        assert entry.msgstr == latin["URL path", entry.msgid].msgstr
    translated = {entry.msgid: entry.msgstr for entry in cyrillic}
    assert translated["Skip to main content"] == "Прескочи на главни садржај"


def test_catalogues_are_up_to_date_with_the_code(tmp_path):
    """makemessages on a copy of the project finds exactly the entries we have."""
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv",
            ".git",
            "staticfiles",
            "media",
            "*.sqlite3",
            "__pycache__",
            ".*cache",
            ".hypothesis",
        ),
    )
    # The same options as `make messages`.
    options = ["--locale", "sr_Latn", "--no-location", "--no-obsolete"]
    options += ["--ignore", ".venv/*", "--ignore", "staticfiles/*", "--ignore", "tests/*"]
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", *options],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    extracted = polib.pofile(str(copy / "locale" / "sr_Latn" / "LC_MESSAGES" / "django.po"))
    ours = polib.pofile(str(LATIN_CATALOGUE))
    assert entry_ids(extracted) == entry_ids(ours), "run `make messages`"
    # Django's "alt. month" names, which we translate with the genitive, survive
    # --no-obsolete (core.i18n.GENITIVE_MONTHS).
    assert ("alt. month", "November", "") in entry_ids(extracted)
    # makemessages keeps translations but marks changed ones fuzzy: none may be.
    assert [entry.msgid for entry in extracted.fuzzy_entries()] == []


@pytest.mark.parametrize(
    ("count", "latin", "cyrillic"),
    [
        (1, "je navedena 1 organizacija članica", "је наведена 1 организација чланица"),
        (2, "su navedene 2 organizacije članice", "су наведене 2 организације чланице"),
        (5, "je navedeno 5 organizacija članica", "је наведено 5 организација чланица"),
        (11, "je navedeno 11 organizacija članica", "је наведено 11 организација чланица"),
        (12, "je navedeno 12 organizacija članica", "је наведено 12 организација чланица"),
        (21, "je navedena 21 organizacija članica", "је наведена 21 организација чланица"),
        (22, "su navedene 22 organizacije članice", "су наведене 22 организације чланице"),
        (25, "je navedeno 25 organizacija članica", "је наведено 25 организација чланица"),
    ],
)
def test_serbian_has_three_plural_forms_in_both_scripts(count, latin, cyrillic):
    for language, expected in (("sr-latn", latin), ("sr", cyrillic)):
        with translation.override(language):
            text = translation.ngettext(
                "%(counter)s member organization is listed here.",
                "%(counter)s member organizations are listed here.",
                count,
            )
            assert expected in text % {"counter": count}


def test_every_language_has_its_settings():
    codes = [code for code, _name in settings.LANGUAGES]
    assert codes == ["sr-latn", "sr", "en"]
    assert settings.LANGUAGE_TAGS == {"sr-latn": "sr-Latn", "sr": "sr-Cyrl", "en": "en"}


def test_generator_command_writes_and_checks_a_catalogue(tmp_path):
    latin = tmp_path / "latin.po"
    latin.write_text(
        'msgid ""\nmsgstr ""\n"Language: sr_Latn\\n"\n'
        '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : 1);\\n"\n\n'
        'msgid "Hello, %(name)s"\nmsgstr "Zdravo, %(name)s, ljubavi"\n\n'
        'msgctxt "URL path"\nmsgid "networks/"\nmsgstr "mreze/"\n',
        encoding="utf-8",
    )
    output = tmp_path / "sr" / "django.po"
    with pytest.raises(CommandError, match="out of date"):
        call_command("generate_cyrillic_catalogue", latin=latin, output=output, check=True)
    call_command("generate_cyrillic_catalogue", latin=latin, output=output, stdout=StringIO())
    generated = polib.pofile(str(output))
    assert generated.metadata["Language"] == "sr"
    assert generated.find("Hello, %(name)s").msgstr == "Здраво, %(name)s, љубави"
    assert generated.find("networks/", msgctxt="URL path").msgstr == "mreze/"
    call_command("generate_cyrillic_catalogue", latin=latin, output=output, check=True)
    output.write_text(output.read_text(encoding="utf-8").replace("љубави", "ljubavi"))
    with pytest.raises(CommandError):
        call_command("generate_cyrillic_catalogue", latin=latin, output=output, check=True)


def test_the_serbian_language_codes_are_the_settings_own():
    codes = {code for code, _name in settings.LANGUAGES}
    assert {LATIN, CYRILLIC} <= codes
    assert settings.LANGUAGE_TAGS[LATIN] == "sr-Latn"
    assert settings.LANGUAGE_TAGS[CYRILLIC] == "sr-Cyrl"
