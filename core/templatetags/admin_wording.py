"""The admin's templates name a model as Serbian says it (core.wording)."""

from django import template

from core import i18n, wording

register = template.Library()


@register.simple_tag
def add_label(opts):
    """``{% add_label cl.opts %}``: "Add network", "Dodaj mrežu"."""
    return wording.add_label(opts)


@register.simple_tag
def result_count(opts, count):
    """``{% result_count cl.opts cl.result_count %}``: "10 networks", "10 mreža"."""
    return wording.result_count(opts, count)


@register.simple_tag
def admin_languages():
    """The languages as the admin's tabs name them (core.i18n.admin_languages)."""
    return i18n.admin_languages()
