from django.conf import settings
from django.db import models
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline
from modeltranslation.utils import build_localized_fieldname


def in_every_language(*fields):
    """Field names for every language, so that admin search finds text in any of them."""
    return tuple(
        build_localized_fieldname(field, code) for field in fields for code, _ in settings.LANGUAGES
    )


class TranslatedModelAdmin(TabbedTranslationAdmin):
    """The languages as tabs; web addresses typed without a scheme are taken as https."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    class Media:
        # Listed after modeltranslation's script so that Django's media merging keeps
        # ours behind it: ours corrects the tabs that one builds.
        js = ("modeltranslation/js/tabbed_translation_fields.js", "js/admin-a11y.js")


class LabelledTabularInline(TranslationTabularInline):
    """A tabular inline whose inputs carry their column's name for screen readers.

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
