"""The admin's side of Serbian in two scripts: either script may be typed, the generated
texts are named so that an editor can check them, and the protected terms."""

from django.conf import settings
from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from core.history import HistoryAdminMixin
from core.wording import NamedModelAdminMixin
from serbian.languages import SERBIAN
from serbian.models import ProtectedTerm
from serbian.slugs import SAME_SLUG_AS

GENERATED_HELP = _(
    "Generated from the other Serbian script when saved: please check it. If you change "
    "it, your version is kept."
)

SAME_SLUG_HELP = _("The same as the Serbian (Latin) address: it is copied when you save.")

SLUG_HELP = _(
    "The end of the page’s web address in this language, as “at-network” in "
    "…/en/networks/at-network/: letters without accents, digits and hyphens. Left empty, "
    "it is made from the name."
)

SLUG_TAKEN = _("Another page already has this address: choose another one.")


class SerbianEitherScriptMixin:
    """Serbian may be written in either script: the model requires one of the two and
    generates the other, so neither form field is required on its own."""

    def patch_translation_field(self, db_field, field, request, **kwargs):
        super().patch_translation_field(db_field, field, request, **kwargs)
        if getattr(db_field, "language", None) in SERBIAN:
            field.required = False


class GeneratedSerbianMixin:
    """A read-only "generated Serbian texts" field, for the change form and inlines; on
    the change form, each generated text says so and the copied slug is read-only."""

    readonly_fields = ("generated_serbian",)

    @admin.display(description=_("generated Serbian texts"))
    def generated_serbian(self, obj):
        items = obj.generated_fields() if obj is not None and obj.pk else []
        if not items:
            return _("None: every Serbian text was written by an editor.")
        return format_html_join(", ", "{}", ((label,) for label in items))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # get_form builds a new form class per request, so its fields are ours to change.
        for name in getattr(obj, "generated_translations", None) or ():
            if name in form.base_fields:
                form.base_fields[name].help_text = GENERATED_HELP
        for code, _name in settings.LANGUAGES:
            field = form.base_fields.get(build_localized_fieldname("slug", code))
            if field is None:
                continue
            # Django would say "Network with this Slug (English) already exists".
            field.error_messages = {**field.error_messages, "unique": SLUG_TAKEN}
            if code in SAME_SLUG_AS:
                # Copied from the other script's slug on save: typing here would be lost.
                field.disabled = True
                field.help_text = SAME_SLUG_HELP
            else:
                field.help_text = SLUG_HELP
        return form


@admin.register(ProtectedTerm)
class ProtectedTermAdmin(NamedModelAdminMixin, HistoryAdminMixin, admin.ModelAdmin):
    """Names and acronyms that Serbian Cyrillic texts keep in Latin script (with their
    history, and no silent overwrite between two editors)."""

    list_display = ("term", "note")
    search_fields = ("term", "note")
    ordering = ("term",)
