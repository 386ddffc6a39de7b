"""Slugs in every language, made from Serbian text as a Serbian reader would spell it."""

from django.conf import settings
from django.utils.text import slugify
from modeltranslation.utils import build_localized_fieldname

from serbian.languages import CYRILLIC, LATIN
from serbian.transliteration import ascii_friendly


def serbian_slugify(text):
    # slugify() drops đ and every Cyrillic letter: spell them in ASCII-friendly Latin first.
    return slugify(ascii_friendly(text))


# Serbian Cyrillic pages use the Serbian Latin slug: addresses stay typeable anywhere.
SAME_SLUG_AS = {CYRILLIC: LATIN}


def fill_translated_slugs(instance, source_field, slug_field="slug"):
    """Give every language a slug: its own, or one made from that language's name."""
    for code, _name in settings.LANGUAGES:
        slug_attr = build_localized_fieldname(slug_field, code)
        if code in SAME_SLUG_AS:
            continue
        if getattr(instance, slug_attr, None):
            continue
        source = getattr(instance, build_localized_fieldname(source_field, code), None)
        setattr(instance, slug_attr, serbian_slugify(source or getattr(instance, source_field)))
    for code, source in SAME_SLUG_AS.items():
        setattr(
            instance,
            build_localized_fieldname(slug_field, code),
            getattr(instance, build_localized_fieldname(slug_field, source)),
        )
