"""The Serbian Cyrillic interface catalogue, generated from the Serbian Latin one.

Translators maintain ``locale/sr_Latn/LC_MESSAGES/django.po`` only; ``make messages``
writes ``locale/sr/LC_MESSAGES/django.po`` from it. Placeholders, HTML and the protected
terms stay as they are (the transliteration never touches them), and so do the URL path
words (msgctxt "URL path"): /sr/ addresses use the Latin ones, typeable on any keyboard;
and so do date formats (msgctxt "date format"), which are format letters, not words.
"""

from pathlib import Path

import polib
from django.conf import settings

from serbian.transliteration import DEFAULT_PROTECTED_TERMS, to_cyrillic

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
LATIN_CATALOGUE = LOCALE_DIR / "sr_Latn" / "LC_MESSAGES" / "django.po"
CYRILLIC_CATALOGUE = LOCALE_DIR / "sr" / "LC_MESSAGES" / "django.po"
# Date formats are Django's format letters, not Serbian words.
KEEP_LATIN_CONTEXTS = {"URL path", "date format"}
HEADER = (
    "Serbian (Cyrillic) interface strings for the ASTRA networks portal.\n"
    "GENERATED from locale/sr_Latn/LC_MESSAGES/django.po by `make messages`\n"
    "(manage.py generate_cyrillic_catalogue): do not edit, edit the Latin catalogue."
)


def _cyrillic(text, entry):
    if entry.msgctxt in KEEP_LATIN_CONTEXTS:
        return text
    return to_cyrillic(text, DEFAULT_PROTECTED_TERMS)


def cyrillic_catalogue(latin):
    """A new POFile: ``latin`` (a polib POFile) in Serbian Cyrillic."""
    catalogue = polib.POFile(wrapwidth=latin.wrapwidth)
    catalogue.header = HEADER
    catalogue.metadata = {
        **latin.metadata,
        "Language": "sr",
        "Language-Team": "Serbian (Cyrillic), generated from Serbian (Latin)",
    }
    for entry in latin:
        if entry.obsolete:
            continue
        catalogue.append(
            polib.POEntry(
                msgctxt=entry.msgctxt,
                msgid=entry.msgid,
                msgid_plural=entry.msgid_plural,
                msgstr=_cyrillic(entry.msgstr, entry),
                msgstr_plural={
                    index: _cyrillic(text, entry) for index, text in entry.msgstr_plural.items()
                },
                flags=list(entry.flags),
                comment=entry.comment,
                tcomment=entry.tcomment,
            )
        )
    return catalogue


def render_cyrillic_catalogue(latin_path=LATIN_CATALOGUE):
    """The text of the Cyrillic catalogue that ``latin_path`` gives."""
    return str(cyrillic_catalogue(polib.pofile(str(latin_path)))) + "\n"
