from django import template

from astra_site.i18n import language_tag as _language_tag

register = template.Library()


@register.filter
def language_tag(code):
    """``{{ LANGUAGE_CODE|language_tag }}``: BCP 47 for ``lang`` and ``hreflang``."""
    return _language_tag(code)
