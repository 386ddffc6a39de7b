from django.conf import settings
from django.contrib import admin
from django.db import models
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline
from modeltranslation.utils import build_localized_fieldname

from astra_site.serbian import CYRILLIC, LATIN, transliterated_fields
from astra_site.slugs import SAME_SLUG_AS

SERBIAN = {LATIN, CYRILLIC}
GENERATED_HELP = _(
    "Generated from the other Serbian script when saved: please check it. If you change "
    "it, your version is kept."
)

SAME_SLUG_HELP = _("The same as the Serbian (Latin) address: it is copied when you save.")


def in_every_language(*fields):
    """Field names for every language, so that admin search finds text in any of them."""
    return tuple(
        build_localized_fieldname(field, code) for field in fields for code, _ in settings.LANGUAGES
    )


class SerbianEitherScriptMixin:
    """Serbian may be written in either script: the model requires one of the two and
    generates the other, so neither form field is required on its own."""

    def patch_translation_field(self, db_field, field, request, **kwargs):
        super().patch_translation_field(db_field, field, request, **kwargs)
        if getattr(db_field, "language", None) in SERBIAN:
            field.required = False


class GeneratedSerbianMixin:
    """A read-only "generated Serbian texts" field, for the change form and inlines."""

    readonly_fields = ("generated_serbian",)

    @admin.display(description=_("generated Serbian texts"))
    def generated_serbian(self, obj):
        items = obj.generated_fields() if obj is not None and obj.pk else []
        if not items:
            return _("None: every Serbian text was written by an editor.")
        return format_html_join(", ", "{} ({})", items)


class TranslatedModelAdmin(GeneratedSerbianMixin, SerbianEitherScriptMixin, TabbedTranslationAdmin):
    """The languages as tabs; web addresses typed without a scheme are taken as https."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    class Media:
        # Listed after modeltranslation's script so that Django's media merging keeps
        # ours behind it: ours corrects the tabs that one builds.
        js = ("modeltranslation/js/tabbed_translation_fields.js", "js/admin-a11y.js")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # get_form builds a new form class per request, so its fields are ours to change.
        for name in getattr(obj, "generated_translations", None) or ():
            if name in form.base_fields:
                form.base_fields[name].help_text = GENERATED_HELP
        for code in SAME_SLUG_AS:
            field = form.base_fields.get(build_localized_fieldname("slug", code))
            if field is not None:
                # Copied from the other script's slug on save: typing here would be lost.
                field.disabled = True
                field.help_text = SAME_SLUG_HELP
        return form

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
    pass
