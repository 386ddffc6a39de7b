from django.conf import settings
from django.db import models
from modeltranslation.admin import TabbedTranslationAdmin
from modeltranslation.utils import build_localized_fieldname


def in_every_language(*fields):
    """Field names for every language, so that admin search finds text in any of them."""
    return tuple(
        build_localized_fieldname(field, code) for field in fields for code, _ in settings.LANGUAGES
    )


class TranslatedModelAdmin(TabbedTranslationAdmin):
    """The languages as tabs; web addresses typed without a scheme are taken as https."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
