"""What every translated model's admin shares: the languages as tabs, Serbian in either
script (serbian.admin), admin search in every language, and labelled inline inputs."""

from django.conf import settings
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline
from modeltranslation.utils import build_localized_fieldname

from core.forms import ContentAdminForm, TextField
from core.history import HistoryAdminMixin
from core.logos import render_logo
from core.preview import PreviewAdminMixin
from serbian.admin import GeneratedSerbianMixin, SerbianEitherScriptMixin
from serbian.models import transliterated_fields


def in_every_language(*fields):
    """Field names for every language, so that admin search finds text in any of them."""
    return tuple(
        build_localized_fieldname(field, code) for field in fields for code, _ in settings.LANGUAGES
    )


def with_regenerate(fields):
    fields = list(fields)
    if "generated_serbian" in fields and "regenerate_serbian" not in fields:
        fields.insert(fields.index("generated_serbian") + 1, "regenerate_serbian")
    return fields


class TranslatedModelAdmin(
    HistoryAdminMixin,
    PreviewAdminMixin,
    GeneratedSerbianMixin,
    SerbianEitherScriptMixin,
    TabbedTranslationAdmin,
):
    """The languages as tabs; web addresses typed without a scheme are taken as https;
    texts as typed (line breaks normalised), markup refused, Serbian regenerable."""

    form = ContentAdminForm
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https"},
        models.TextField: {"form_class": TextField},
    }

    class Media:
        # Listed after modeltranslation's script so that Django's media merging keeps
        # ours behind it: ours corrects the tabs that one builds.
        js = ("modeltranslation/js/tabbed_translation_fields.js", "js/admin-a11y.js")

    def get_fieldsets(self, request, obj=None):
        # "Make again from the other script" goes beside the list of generated texts.
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        return [
            (name, {**options, "fields": with_regenerate(options["fields"])})
            for name, options in fieldsets
        ]

    @admin.display(description=_("incomplete languages"))
    def incomplete_languages(self, obj):
        """The languages missing a text that another language has (no query: the row)."""
        missing = set()
        for field in transliterated_fields(type(obj)):
            texts = {
                code: getattr(obj, build_localized_fieldname(field, code))
                for code, _name in settings.LANGUAGES
            }
            if any(texts.values()):
                missing |= {code for code, text in texts.items() if not text}
        names = [str(name) for code, name in settings.LANGUAGES if code in missing]
        return ", ".join(names) or "–"


class LogoAdminMixin:
    """The logo as the pages show it: beside its upload field, and in the change list.
    A file chosen in the form shows once saved (the preview shows the saved one too)."""

    logo_fields = ("logo_preview", "logo", "logo_alt")

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "logo_preview")

    @admin.display(description=_("current logo"))
    def logo_preview(self, obj):
        return (obj is not None and render_logo(obj, "card")) or gettext("no logo yet")

    @admin.display(description=_("logo"))
    def logo_thumbnail(self, obj):
        return render_logo(obj, "small") or "–"


class LabelledInlineMixin:
    """Tabular inline inputs carry their column's name for screen readers.

    Django labels a tabular inline's columns with <th>, not <label>, so every input
    would be announced without a name (WCAG 1.3.1 and 4.1.2).
    """

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class LabelledFormSet(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                for field in form.fields.values():
                    if not field.widget.is_hidden and field.label:
                        field.widget.attrs.setdefault("aria-label", str(field.label))

        return LabelledFormSet


class TranslatedTabularInline(
    GeneratedSerbianMixin, SerbianEitherScriptMixin, LabelledInlineMixin, TranslationTabularInline
):
    form = ContentAdminForm
    formfield_overrides = {models.TextField: {"form_class": TextField}}
