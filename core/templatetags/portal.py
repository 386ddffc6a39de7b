import json
import re
from dataclasses import dataclass

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils import formats, translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from modeltranslation.utils import build_localized_fieldname, resolution_order

from core import logos, structured_data
from core.i18n import language_tag as _language_tag
from core.i18n import open_graph_locales as _open_graph_locales

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


@register.inclusion_tag("includes/_logo.html")
def logo(obj, size, decorative=False):
    """``obj``'s logo at ``size`` (core/logos.py), in modern formats with a fallback."""
    return {"logo": logos.picture(obj, size, decorative=decorative)}


@register.filter
def grouped(number):
    """A number with the active language's thousands separator (1,500 / 1.500)."""
    return formats.number_format(number, force_grouping=True)


# What django.utils.html.json_script escapes: with "<", ">" and "&" as JSON's \u escapes,
# no text in the data ("</script>", "<!--") can end or change the script element.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """``{{ data|json_ld }}``: a ``<script type="application/ld+json">`` element.

    ``json_script`` would escape the same way but writes ``type="application/json"``.
    The Content-Security-Policy needs no nonce for it: browsers never run a data block.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(JSON_SCRIPT_ESCAPES)),
    )


@register.simple_tag(takes_context=True)
def network_json_ld(context, network):
    """``{% network_json_ld network %}``: the network page's schema.org data."""
    return json_ld(structured_data.for_network(network, context["request"]))


@register.simple_tag(takes_context=True)
def organization_json_ld(context, organization):
    """``{% organization_json_ld organization %}``: the organization page's schema.org data."""
    return json_ld(structured_data.for_organization(organization, context["request"]))


@register.simple_tag(takes_context=True)
def absolute_static(context, path):
    """``{% absolute_static "img/share.png" %}``: a static file's full address, for link
    previews (og:image), which other sites fetch without knowing our host."""
    return context["request"].build_absolute_uri(static(path))


@register.simple_tag
def open_graph_locales():
    """``{% open_graph_locales as locales %}``: ``(og:locale, [og:locale:alternate...])``
    for the active language."""
    return _open_graph_locales(translation.get_language())


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        # The output is already escaped by the template (autoescape): keep it as it is.
        context[self.name] = mark_safe(self.nodelist.render(context).strip())
        return ""


@register.tag
def capture(parser, token):
    """``{% capture as page_title %}{% block title %}{% endblock %}{% endcapture %}``.

    Renders its content once into a variable, so that base.html can use a block that
    child templates fill (the title, the description) in several places: the ``<title>``,
    the description and the link preview tags (a block may appear only once).
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError(f"'{bits[0]}' needs the form: capture as <name>")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


def _paragraphs(text):
    return [part.strip() for part in re.split(r"\n\s*\n", str(text or "")) if part.strip()]


@register.filter
def first_paragraph(text):
    """The first paragraph of a text whose paragraphs are separated by a blank line: the
    home page's lead."""
    paragraphs = _paragraphs(text)
    return paragraphs[0] if paragraphs else ""


@register.filter
def later_paragraphs(text):
    """Every paragraph but the first, separated by blank lines again (for ``linebreaks``)."""
    return "\n\n".join(_paragraphs(text)[1:])
