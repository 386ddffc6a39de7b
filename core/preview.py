"""A preview of the public page with an editor's unsaved changes, in every language; and
the publish date in the admin.

The change and add forms of a network, an organization and the introduction have a
"Preview" button: it posts the form as it stands, in a new tab, to the admin's preview
view. The view builds the object and its inline rows from the form as saving would
(``form.save(commit=False)``, then the save pipeline's text steps: sanitising, the other
Serbian script, slugs), but saves nothing: nothing is saved by design, and the preview
runs in a transaction that is rolled back whatever happens. The page is the public page's
own template, rendered in one language; the preview's bar carries the form's data again,
so that switching language keeps the unsaved changes. Previews are for staff who may
change the object (or add one), marked "Preview – not saved", never stored by any cache
(``no-store``; the page cache skips the admin, POST requests and signed-in users) and
never indexed (``X-Robots-Tag`` and a robots meta tag).
"""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets, quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import models, router, transaction
from django.forms.formsets import all_valid
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import formats, timezone, translation
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from core.history import TOKEN_FIELD
from core.i18n import language_name, language_tag
from core.models import PublishableModel
from members.directory import network_map
from members.models import MemberOrganization, Membership
from networks.models import Goal, Network
from networks.views import home_context

LANGUAGE_FIELD = "_preview_language"
# Form data not to carry from one language of the preview to the next.
NOT_CARRIED = {"csrfmiddlewaretoken", LANGUAGE_FIELD, TOKEN_FIELD, "_save", "_continue"}


def prepare(instance):
    """What saving would store, without saving (SerbianScriptsModel.prepare_texts)."""
    instance.prepare_texts()
    return instance


class Rows:
    """``network.goals.all`` in a template: the rows as edited in the form."""

    def __init__(self, rows):
        self._rows = rows

    def all(self):
        return self._rows


class Unsaved:
    """An unsaved object as templates see it: its own attributes, with the inline rows as
    edited in the form in place of its related managers (which would read the saved rows,
    or refuse an object that has no primary key yet)."""

    def __init__(self, obj, **related):
        self._object = obj
        for name, rows in related.items():
            setattr(self, name, Rows(rows))

    def __getattr__(self, name):
        if name == "_object":  # not set yet (a copy): no endless lookup
            raise AttributeError(name)
        return getattr(self._object, name)


class PreviewPage:
    """A public page built from an unsaved object and its inline rows (by model)."""

    template_name = None

    def __init__(self, obj, rows):
        self.object = obj
        self.rows = rows

    def get_context(self):
        """The template's context in the active language."""
        raise NotImplementedError


class NetworkPage(PreviewPage):
    template_name = "networks/network_detail.html"

    def get_context(self):
        network = self.object
        goals = sorted(
            self.rows.get(Goal, ()), key=lambda goal: (goal.order, goal.pk is None, goal.pk or 0)
        )
        memberships = list(self.rows.get(Membership, ()))
        # Which organizations are on public pages, in the page's order of names, and
        # which share their name with another one: what the network's page asks for.
        shown = dict(
            MemberOrganization.objects.published()
            .filter(pk__in={membership.organization_id for membership in memberships})
            .with_shared_names()
            .by_name("id")
            .values_list("pk", "name_is_shared")
        )
        position = {pk: index for index, pk in enumerate(shown)}
        rank = {role: index for index, role in enumerate(Membership.Role.values)}
        visible = [m for m in memberships if m.organization_id in shown]
        for membership in visible:
            membership.organization_name_is_shared = shown[membership.organization_id]
        visible.sort(key=lambda m: (rank.get(m.role, len(rank)), position[m.organization_id]))
        network.visible_memberships = visible
        context = {"network": Unsaved(network, goals=goals)}
        if network.lists_members:
            context["map"] = network_map(network)
        return context


class OrganizationPage(PreviewPage):
    template_name = "members/organization_detail.html"

    def get_context(self):
        organization = self.object
        memberships = self.rows.get(Membership, ())
        published = set(
            Network.objects.published()
            .filter(pk__in={membership.network_id for membership in memberships})
            .values_list("pk", flat=True)
        )
        organization.visible_memberships = sorted(
            (m for m in memberships if m.network_id in published),
            key=lambda m: (m.network.display_order, m.network.pk),
        )
        field = build_localized_fieldname("name", translation.get_language())
        name = getattr(organization, field)
        organization.name_is_shared = bool(name) and (
            MemberOrganization.objects.published()
            .filter(**{field: name})
            .exclude(pk=organization.pk)
            .exists()
        )
        return {"organization": organization}


class HomePage(PreviewPage):
    template_name = "networks/home.html"

    def get_context(self):
        return home_context(self.object, Network.objects.published())


class PublishDateInput(forms.DateTimeInput):
    """The browser's own date and time picker: one input with one label (the admin's
    split date and time inputs leave the time input without a name)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class PreviewAdminMixin:
    """The "Preview" button and its view, for an admin whose ``preview_page`` is set; the
    publish date's input and a "publication" column for the change list."""

    preview_page = None

    def get_urls(self):
        urls = super().get_urls()
        if self.preview_page is None:
            return urls
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view(self.preview_view)
        return [
            path("add/preview/", view, name="{}_{}_preview_add".format(*info)),
            path("<path:object_id>/preview/", view, name="{}_{}_preview".format(*info)),
            *urls,
        ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "publish_at":
            kwargs.update(form_class=forms.DateTimeField, widget=PublishDateInput)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("publication"), ordering="is_published")
    def publication(self, obj):
        if not obj.is_published:
            return gettext("not published")
        if not obj.is_live:
            when = formats.date_format(timezone.localtime(obj.publish_at), "SHORT_DATETIME_FORMAT")
            return gettext("scheduled for %(date)s") % {"date": when}
        return gettext("published")

    # --- The preview -------------------------------------------------------------------

    def may_preview(self, request, obj):
        if self.preview_page is None:
            return False
        if obj is None:
            return self.has_add_permission(request)
        return self.has_change_permission(request, obj)

    def preview_url(self, obj):
        info = self.opts.app_label, self.opts.model_name
        if obj is None:
            return reverse(
                "admin:{}_{}_preview_add".format(*info), current_app=self.admin_site.name
            )
        return reverse(
            "admin:{}_{}_preview".format(*info),
            args=[quote(obj.pk)],
            current_app=self.admin_site.name,
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if self.may_preview(request, obj):
            context["preview_url"] = self.preview_url(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def preview_view(self, request, object_id=None):
        obj = None
        if object_id is not None:
            obj = self.get_object(request, unquote(object_id))
            if obj is None:
                return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.may_preview(request, obj):
            raise PermissionDenied
        if request.method != "POST":
            # Opened without the form (a bookmark, an address typed): back to the form.
            name = "change" if obj is not None else "add"
            args = [quote(obj.pk)] if obj is not None else []
            info = self.opts.app_label, self.opts.model_name, name
            return redirect(reverse("admin:{}_{}_{}".format(*info), args=args))
        with transaction.atomic(using=router.db_for_write(self.model)):
            try:
                response = self.render_preview(request, obj)
            finally:
                # Nothing of a preview is ever kept, whatever the code it runs does.
                transaction.set_rollback(True)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "no-store"
        return response

    def render_preview(self, request, obj):
        change = obj is not None
        fieldsets = self.get_fieldsets(request, obj)
        form_class = self.get_form(request, obj, change=change, fields=flatten_fieldsets(fieldsets))
        # Without the history lock's token: someone else's save since the form was opened
        # stops a save (core.history), not a look at the page.
        data = request.POST.copy()
        data.pop(TOKEN_FIELD, None)
        form = form_class(data, request.FILES, instance=obj)
        formsets, _inlines = self._create_formsets(request, form.instance, change=change)
        form_valid = form.is_valid()
        if not (all_valid(formsets) and form_valid):
            # In the admin's language, as the form shows them: no page to show yet.
            context = {"errors": self.preview_errors(form, formsets)}
            return self.render_page(request, "preview/errors.html", context)

        unsaved = form.save(commit=False)
        files_dropped = self.drop_new_files(unsaved, form)
        prepare(unsaved)
        rows = {}
        for formset in formsets:
            rows[formset.model] = []
            for row_form, row in self.formset_rows(formset, unsaved):
                files_dropped |= self.drop_new_files(row, row_form)
                rows[formset.model].append(prepare(row))
        page = self.preview_page(unsaved, rows)
        language = self.preview_language(request)
        with translation.override(language):
            context = page.get_context()
        carried = [
            (name, value)
            for name, values in request.POST.lists()
            if name not in NOT_CARRIED
            for value in values
        ]
        notes = self.preview_notes(unsaved, files_dropped)
        return self.render_page(request, page.template_name, context, language, carried, notes)

    @staticmethod
    def formset_rows(formset, parent):
        """(form, row) for the inline rows saving would keep, made as saving makes them."""
        for index, row_form in enumerate(formset.forms):
            if formset.can_delete and formset._should_delete_form(row_form):
                continue
            if index >= formset.initial_form_count() and not row_form.has_changed():
                continue
            row = row_form.save(commit=False)
            setattr(row, formset.fk.name, parent)
            yield row_form, row

    @staticmethod
    def preview_notes(obj, files_dropped):
        """What the page does not show as visitors will see it, in the admin's language."""
        notes = []
        if isinstance(obj, PublishableModel):
            if not obj.is_published:
                notes.append(gettext("Not published: visitors do not see this page."))
            elif not obj.is_live:
                when = formats.date_format(timezone.localtime(obj.publish_at), "DATETIME_FORMAT")
                notes.append(
                    gettext("Scheduled: visitors see this page from %(date)s.") % {"date": when}
                )
        if files_dropped:
            notes.append(gettext("Files chosen in the form, such as a new logo, show once saved."))
        return notes

    @staticmethod
    def drop_new_files(instance, form):
        """A file chosen in the form is stored only when saving: the page shows the saved
        one. Whether there was one."""
        dropped = False
        for field in instance._meta.concrete_fields:
            if isinstance(field, models.FileField):
                file = getattr(instance, field.attname)
                if file and not file._committed:
                    setattr(instance, field.attname, form.initial.get(field.name) or "")
                    dropped = True
        return dropped

    @staticmethod
    def preview_errors(form, formsets):
        """Every error of the form and its inline rows, as "where: what"."""

        def labelled(form, prefix=""):
            for name, errors in form.errors.items():
                field = form.fields.get(name)  # none for the errors of the whole form
                label = str(capfirst(field.label)) if field is not None else ""
                where = ", ".join(part for part in (prefix, label) if part)
                for error in errors:
                    yield format_html("{}: {}", where, error) if where else error

        messages = list(labelled(form))
        for formset in formsets:
            rows = str(capfirst(formset.model._meta.verbose_name_plural))
            for error in formset.non_form_errors():
                messages.append(format_html("{}: {}", rows, error))
            for number, row_form in enumerate(formset.forms, start=1):
                where = pgettext("a row of a table in a form", "%(rows)s, row %(number)s") % {
                    "rows": rows,
                    "number": number,
                }
                messages.extend(labelled(row_form, where))
        return messages

    @staticmethod
    def admin_language():
        codes = [code for code, _name in settings.LANGUAGES]
        language = translation.get_language()
        return language if language in codes else settings.LANGUAGE_CODE

    def preview_language(self, request):
        """The language asked for in the preview's bar, at first the admin's."""
        language = request.POST.get(LANGUAGE_FIELD)
        codes = [code for code, _name in settings.LANGUAGES]
        return language if language in codes else self.admin_language()

    def render_page(self, request, template_name, context, language=None, data=None, notes=()):
        """The page in ``language`` (the admin's if None) with the preview's bar, in the
        admin's language; with ``data``, the bar's buttons show the other languages."""
        admin_language = self.admin_language()
        language = language or admin_language
        context["preview"] = {
            "url": request.path,
            "language": admin_language,
            "tag": language_tag(admin_language),
            "notes": notes,
            "data": data or [],
            "languages": [
                {
                    "code": code,
                    "tag": language_tag(code),
                    "name": language_name(code),
                    "is_current": code == language,
                }
                for code, _name in (settings.LANGUAGES if data is not None else ())
            ],
        }
        with translation.override(language):
            response = render(request, template_name, context)
        response["Content-Language"] = language
        return response
