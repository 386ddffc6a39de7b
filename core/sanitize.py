"""Editors' text is sanitised on save, in every language: no markup reaches the database.

The pages render these fields as text (escaped, paragraphs from blank lines), so no tag is
allowed: nh3 removes every tag and attribute, and drops the content of ``<script>`` and
``<style>``. Entities are decoded back to characters so that "Women & children" stays
as typed, and the cleaning repeats until nothing changes, so that an escaped tag
(``&lt;script&gt;``) cannot come back as a real one.
"""

import html

import nh3
from django.conf import settings
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

from serbian.languages import NOT_PROSE


def normalise_line_endings(text):
    """LF line breaks. Browsers send textarea line breaks as CRLF (the HTML spec says so);
    stored text has LF. Unnormalised, every multi-paragraph text looked edited after its
    first admin save."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def sanitise_text(value):
    for _attempt in range(5):
        cleaned = html.unescape(nh3.clean(value, tags=set()))
        if cleaned == value:
            break
        value = cleaned
    return value


def prose_fields(model):
    try:
        fields = translator.get_options_for_model(model).fields
    except NotRegistered:
        return []
    names = []
    for field in fields:
        if field in NOT_PROSE:
            continue
        names.append(field)
        names.extend(build_localized_fieldname(field, code) for code, _name in settings.LANGUAGES)
    return names


def sanitise_instance(instance):
    """Cleans every translated text field of ``instance`` in every language."""
    for name in prose_fields(type(instance)):
        value = instance.__dict__.get(name)
        if isinstance(value, str) and value:
            instance.__dict__[name] = sanitise_text(value)
