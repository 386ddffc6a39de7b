"""What every translated model's admin shares: the languages as tabs, Serbian in either
script (serbian.admin), admin search in every language, labelled inline inputs, the model
named as Serbian says it (core.wording), publishing from the list; and the admin of the
accounts and of the sign-in protection in the same words."""

from axes import admin as axes_admin
from axes.conf import settings as axes_settings
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import quote
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.models import Group, User
from django.db import models, router, transaction
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import format_html
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline
from modeltranslation.utils import build_localized_fieldname
from reversion import revisions

from core.forms import ContentAdminForm, TextField
from core.history import HistoryAdminMixin, history_comment
from core.logos import render_logo
from core.preview import PreviewAdminMixin, PublishDateInput
from core.wording import NamedModelAdminMixin, action_description
from serbian.admin import GeneratedSerbianMixin, SerbianEitherScriptMixin
from serbian.models import transliterated_fields


def yes_no_icon(value):
    """A yes-or-no column's icon with its meaning in words, for those who cannot see it
    (Django's own says "True" or "False", in every language)."""
    icon = static(f"admin/img/icon-{'yes' if value else 'no'}.svg")
    return format_html('<img src="{}" alt="{}">', icon, gettext("Yes") if value else gettext("No"))


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
    NamedModelAdminMixin,
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


class NamedUniqueFormSet(BaseInlineFormSet):
    """Two rows that would break a unique constraint are refused in the constraint's own
    words ("This organization is already a member of this network."), not Django's
    "Please correct the duplicate data for organization", which names a field by its code."""

    def get_unique_error_message(self, unique_check):
        for constraint in self.model._meta.constraints:
            if isinstance(constraint, models.UniqueConstraint) and set(constraint.fields) == set(
                unique_check
            ):
                return constraint.get_violation_error_message()
        labels = [
            str(self.model._meta.get_field(name).verbose_name)
            for name in unique_check
            if name != self.fk.name
        ]
        return gettext("Please correct the duplicate data for %(field)s, which must be unique.") % {
            "field": get_text_list(labels, gettext("and"))
        }


class TranslatedTabularInline(
    GeneratedSerbianMixin, SerbianEitherScriptMixin, LabelledInlineMixin, TranslationTabularInline
):
    form = ContentAdminForm
    formset = NamedUniqueFormSet
    formfield_overrides = {models.TextField: {"form_class": TextField}}


# --- Publishing from the list --------------------------------------------------------------


class PublishActionsMixin:
    """ "Publish" and "Unpublish" for the objects ticked in the change list: first a page
    that lists what will change (and what is already so), then one revision for the whole
    action, so that each object's history can undo it.

    Publishing puts an object on the site at once: a publish date still to come is dropped
    (the page says so). Unpublishing keeps the date, for when it is published again.
    ``publication_messages`` are the model's own sentences, in Serbian's plural forms.
    """

    actions = ("publish_selected", "unpublish_selected")
    publication_template = "admin/publication_confirmation.html"
    # (published, unpublished): ngettext_lazy(..., "count") each.
    publication_messages = ()

    @admin.action(permissions=["change"], description=_("Publish the selected items"))
    def publish_selected(self, request, queryset):
        return self.change_publication(request, queryset, publish=True)

    @admin.action(permissions=["change"], description=_("Unpublish the selected items"))
    def unpublish_selected(self, request, queryset):
        return self.change_publication(request, queryset, publish=False)

    def get_actions(self, request):
        actions = super().get_actions(request)
        sentences = {
            "publish_selected": pgettext(
                "with the selected, in the accusative", "Publish %(selected)s"
            ),
            "unpublish_selected": pgettext(
                "with the selected, in the accusative", "Unpublish %(selected)s"
            ),
        }
        for name, sentence in sentences.items():
            if name in actions:
                function, name, description = actions[name]
                description = action_description(self.opts, sentence, description)
                actions[name] = (function, name, description)
        return actions

    def change_publication(self, request, queryset, *, publish):
        objects = list(queryset)
        if publish:
            changing = [obj for obj in objects if not obj.is_live]
        else:
            changing = [obj for obj in objects if obj.is_published]
        if request.POST.get("post") == "yes":
            self.apply_publication(request, changing, publish)
            return None  # back to the list, with the message
        action = "publish_selected" if publish else "unpublish_selected"
        descriptions = dict(self.get_action_choices(request))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Are you sure?"),
            "subtitle": descriptions.get(action),
            "action_description": descriptions.get(action),
            "opts": self.opts,
            "action": action,
            "publish": publish,
            "changing": [self.publication_row(obj, publish) for obj in changing],
            "unchanged": [
                self.publication_row(obj, publish) for obj in objects if obj not in changing
            ],
            "queryset": objects,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "changelist_url": request.get_full_path(),
        }
        return TemplateResponse(request, self.publication_template, context)

    def publication_row(self, obj, publish):
        """An object on the confirmation page: its name, a link to it, and what happens."""
        note = ""
        if obj.is_published and not obj.is_live:
            date = formats.date_format(timezone.localtime(obj.publish_at), "DATETIME_FORMAT")
            if publish:
                note = gettext("scheduled for %(date)s: published now instead") % {"date": date}
            else:
                note = gettext("scheduled for %(date)s: not any more") % {"date": date}
        url = reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_change",
            args=(quote(obj.pk),),
        )
        return {"object": obj, "url": url, "note": note}

    def apply_publication(self, request, changing, publish):
        if not changing:
            if publish:
                text = gettext("Nothing changed: everything selected was already published.")
            else:
                text = gettext("Nothing changed: nothing selected was published.")
            self.message_user(request, text, messages.INFO)
            return
        for obj in changing:
            # Loaded content has no version yet: keep how it was before this changes it.
            self.ensure_initial_version(request, obj)
        with (
            transaction.atomic(using=router.db_for_write(self.model)),
            revisions.create_revision(),
        ):
            revisions.set_user(request.user)
            for obj in changing:
                changed = ["is_published"]
                obj.is_published = publish
                if publish and obj.publish_at is not None and not obj.is_live:
                    obj.publish_at = None
                    changed.append("publish_at")
                obj.save()
                with translation.override(None):
                    # As Django stores a change: the fields' labels, untranslated.
                    labels = [
                        str(capfirst(self.opts.get_field(name).verbose_name)) for name in changed
                    ]
                self.log_change(request, obj, [{"changed": {"fields": labels}}])
            # After log_change, which sets Django's message as the comment.
            revisions.set_comment(history_comment("published" if publish else "unpublished"))
        published, unpublished = self.publication_messages
        message = published if publish else unpublished
        self.message_user(request, message % {"count": len(changing)}, messages.SUCCESS)


# --- Accounts and sign-in protection, in the admin's language ------------------------------

PERMISSION_ACTIONS = {
    "add": pgettext_lazy("permission", "Can add"),
    "change": pgettext_lazy("permission", "Can change"),
    "delete": pgettext_lazy("permission", "Can delete"),
    "view": pgettext_lazy("permission", "Can view"),
}


def permission_label(permission):
    """ "Networks | network | Can change", in the reader's language.

    Django stores a permission's name in English when it migrates ("Can change network")
    and shows that: the label is made again from the permission's code and its model's
    translated names. A permission of a model that is gone, or one a model declares
    itself, keeps its stored name.
    """
    model = permission.content_type.model_class()
    action, _separator, model_name = permission.codename.partition("_")
    if model is None or action not in PERMISSION_ACTIONS or model_name != model._meta.model_name:
        return str(permission)
    app = apps.get_app_config(model._meta.app_label).verbose_name
    return f"{app} | {model._meta.verbose_name} | {PERMISSION_ACTIONS[action]}"


class PermissionLabelsMixin:
    class Media:
        # Names the icons of the permissions' two-list selector (axe-core).
        js = ("js/admin-a11y.js",)

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name in {"permissions", "user_permissions"}:
            queryset = kwargs.get("queryset", db_field.remote_field.model.objects)
            # sorl-thumbnail's key-value store of logo renditions is bookkeeping the site
            # keeps by itself: nobody is given rights over it.
            kwargs["queryset"] = queryset.select_related("content_type").exclude(
                content_type__app_label="thumbnail"
            )
            field = super().formfield_for_manytomany(db_field, request=request, **kwargs)
            field.label_from_instance = permission_label
            return field
        return super().formfield_for_manytomany(db_field, request=request, **kwargs)


class UserAdmin(NamedModelAdminMixin, PermissionLabelsMixin, auth_admin.UserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "staff")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # One input per date and time, with its label, as for the publish date (Django's
        # split date and time inputs leave the time's without a name: axe-core).
        if isinstance(db_field, models.DateTimeField):
            kwargs.update(form_class=forms.DateTimeField, widget=PublishDateInput)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=User._meta.get_field("is_staff").verbose_name, ordering="is_staff")
    def staff(self, user):
        return yes_no_icon(user.is_staff)


class GroupAdmin(NamedModelAdminMixin, PermissionLabelsMixin, auth_admin.GroupAdmin):
    pass


class AccessAttemptAdmin(NamedModelAdminMixin, axes_admin.AccessAttemptAdmin):
    @admin.action(description=_("Clean up expired attempts"))
    def cleanup_expired_attempts(self, request, queryset):
        count = self.handler.clean_expired_user_attempts(request=request)
        # django-axes words this in an f-string, which no catalogue can translate.
        message = ngettext(
            "%(count)s expired access attempt was removed.",
            "%(count)s expired access attempts were removed.",
            count,
        )
        self.message_user(request, message % {"count": count})

    @admin.display(description=pgettext_lazy("of sign-in attempts", "Status"))
    def status(self, obj):
        left = axes_settings.AXES_FAILURE_LIMIT - obj.failures_since_start
        if left > 0:
            return ngettext("%(count)s attempt left", "%(count)s attempts left", left) % {
                "count": left
            }
        return gettext("Locked Out")


class AccessLogAdmin(NamedModelAdminMixin, axes_admin.AccessLogAdmin):
    pass


class AccessFailureLogAdmin(NamedModelAdminMixin, axes_admin.AccessFailureLogAdmin):
    pass


for _model, _model_admin in (
    (User, UserAdmin),
    (Group, GroupAdmin),
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
        admin.site.register(_model, _model_admin)
