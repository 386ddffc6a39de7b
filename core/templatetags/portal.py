from dataclasses import dataclass

from django import template
from django.utils import formats, translation
from django.utils.html import format_html
from modeltranslation.utils import build_localized_fieldname, resolution_order

from core.i18n import language_tag as _language_tag

register = template.Library()


@register.filter
def language_tag(code):
    """``{{ LANGUAGE_CODE|language_tag }}``: BCP 47 for ``lang`` and ``hreflang``."""
    return _language_tag(code)


@dataclass(frozen=True)
class Translated:
    """A text and the language it is really in, which may be a fallback's."""

    text: str
    language: str
    is_fallback: bool

    @property
    def tag(self):
        return _language_tag(self.language)

    @property
    def lang_attribute(self):
        """`` lang="en"`` for a fallback, nothing otherwise: for a block's opening tag."""
        return format_html(' lang="{}"', self.tag) if self.is_fallback else ""

    def __str__(self):
        return self.text

    def __bool__(self):
        return bool(self.text)

    def __html__(self):
        if self.is_fallback:
            return format_html('<span lang="{}">{}</span>', self.tag, self.text)
        return format_html("{}", self.text)


def translated_value(obj, field):
    """``obj.field`` in the active language or its first fallback that has a text."""
    current = translation.get_language()
    for code in resolution_order(current):
        value = getattr(obj, build_localized_fieldname(field, code), None)
        if value:
            return Translated(value, code, code != current)
    return Translated("", current, False)


@register.simple_tag
def translated(obj, field):
    """``{% translated network "name" %}``: the text, in a ``<span lang>`` if a fallback.

    ``{% translated network "description" as description %}`` gives the text and its
    ``lang_attribute`` for a block element (``<div{{ description.lang_attribute }}>``).
    Screen readers then pronounce a fallback text in its own language.
    """
    return translated_value(obj, field)


@register.filter
def grouped(number):
    """A number with the active language's thousands separator (1,500 / 1.500)."""
    return formats.number_format(number, force_grouping=True)
