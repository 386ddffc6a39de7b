"""Editors' history in the admin: every save and delete recorded, compared and restored
(django-reversion, django-reversion-compare), and no silent overwrite between editors.

- Every admin save is a revision (who, when, what changed, the full content in every
  language); a network's revision holds its goals and memberships, an organization's its
  memberships (reversion follows the admin's inlines), so they restore together.
- A deletion first records the object as it was (with those rows) in a revision of its
  own, so "Recover deleted" brings it back as it was when it was deleted.
- An object that has no version yet (loaded by ``load_content``) gets one, "Initial
  version", before its first change in the admin; ``manage.py createinitialrevisions``
  (``make run``, ``bin/start``) gives every object one beforehand.
- A restore goes through the change form, so it is a revision too, saves through the
  models (the page cache is invalidated by their signals, raw saves included) and keeps
  each row's record of generated Serbian texts as it was in that version.
- Optimistic locking: each change form carries a token (the latest version's id and a
  hash of the object and its followed rows as stored); a save whose token no longer
  matches the database is refused, the editor's input kept, with who changed it, when
  and a link to compare.

Comments are stored without language (Django's change-message JSON, or our own JSON) and
put into words in the reader's language when shown.
"""

import functools
import hashlib
import json
from contextlib import contextmanager
from datetime import date, datetime

from django import forms
from django.contrib.admin.utils import flatten_fieldsets, quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import connection, models
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import format_html
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext, pgettext_lazy
from modeltranslation.fields import TranslationField
from modeltranslation.translator import NotRegistered, translator
from reversion import revisions
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin
from reversion_compare.forms import SelectDiffForm
from reversion_compare.helpers import html_diff

from core.content import AFTER_UPDATE, BEFORE_UPDATE
from core.i18n import language_tag

TOKEN_FIELD = "history_token"
# createinitialrevisions' comment (make run, bin/start), put into words when shown.
INITIAL_COMMENT = "Initial version."

ROW_STATUS = {
    "added": pgettext_lazy("a row in a compared version", "added"),
    "removed": pgettext_lazy("a row in a compared version", "removed"),
    "changed": pgettext_lazy("a row in a compared version", "changed"),
}


# --- What a version is made of ----------------------------------------------------------


def derived_fields(model):
    """Fields made from others on save (a logo's renditions, core/logos.py): no content of
    a version, and no change by anyone when they are made again."""
    return tuple(
        field.name for field in model._meta.concrete_fields if getattr(field, "derived", False)
    )


def register(model, **options):
    """Versioned without its derived fields: a restored row makes them anew."""
    revisions.register(model, exclude=derived_fields(model), **options)


def untranslated_columns(model):
    """The column behind each translated field (``name`` beside ``name_en``...): it
    mirrors whichever language was active when the row was saved, so it is no content."""
    try:
        return set(translator.get_options_for_model(model).get_field_names())
    except NotRegistered:
        return set()


def compared_fields(model, *, without=()):
    """The fields an editor reads in a comparison, in the model's order: every language
    column, the record of generated Serbian texts; not keys or derived search text."""
    hidden = untranslated_columns(model)
    fields = [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key
        and field.name not in hidden
        and field.name not in without
        and (field.editable or field.name == "generated_translations")
    ]
    # The record of generated texts after the texts it speaks of.
    return sorted(fields, key=lambda field: field.name == "generated_translations")


def field_label(field):
    """ "Description (Serbian, Latin)", as the change form labels the field."""
    return str(capfirst(field.verbose_name))


@functools.cache
def stored_labels(model):
    """The field labels Django's change messages store for ``model`` (the form's labels in
    English, "Summary (Serbian, Latin)"; before, "Summary [sr-latn]"), each with its field."""
    labels = {}
    with translation.override(None):
        for field in model._meta.concrete_fields:
            labels[str(capfirst(field.verbose_name))] = field
            if isinstance(field, TranslationField):
                legacy = f"{capfirst(field.translated_field.verbose_name)} [{field.language}]"
                labels[legacy] = field
    return labels


def stored_label_text(model, label):
    """A field label from a change message, in the reader's language ("summary (Serbian,
    Latin)"); a label that is no field of the model (a form's own, "Make again from the
    other script") through the catalogue, as Django's history does."""
    field = stored_labels(model).get(label) if model is not None else None
    if field is not None:
        return str(field.verbose_name)
    translated = gettext(label)
    if translated == label and label[:1].isupper():
        # Our labels are the verbose names of their fields, capitalised by the form.
        lowered = label[:1].lower() + label[1:]
        if gettext(lowered) != lowered:
            return gettext(lowered)
    return translated


def related_model(model, stored_name):
    """The model of an inline row named in a change message ("goal", stored in English)."""
    if model is None:
        return None
    with translation.override(None):
        for relation in model._meta.related_objects:
            if str(relation.related_model._meta.verbose_name) == stored_name:
                return relation.related_model
    return None


def describe_change(message, model=None):
    """Django's change message (its JSON) in the active language, with the fields named as
    the form names them: "Changed summary (Serbian, Latin)." rather than Django's own
    reading, "Changed Summary [sr-latn]." (a label it cannot translate)."""
    sentences = []
    for part in message:
        for action, details in part.items():
            if action == "added" and not details:
                sentences.append(gettext("Added."))
                continue
            row = related_model(model, details.get("name")) if details.get("name") else None
            if row is not None:
                name = str(row._meta.verbose_name)
            else:
                name = gettext(details.get("name", ""))
            row_name = {"name": name, "object": details.get("object", "")}
            if action == "added":
                sentences.append(gettext("Added {name} “{object}”.").format(**row_name))
            elif action == "deleted":
                sentences.append(gettext("Deleted {name} “{object}”.").format(**row_name))
            elif action == "changed":
                fields = get_text_list(
                    [stored_label_text(row or model, label) for label in details["fields"]],
                    gettext("and"),
                )
                if details.get("name"):
                    sentence = gettext("Changed {fields} for {name} “{object}”.").format(
                        fields=fields, **row_name
                    )
                else:
                    sentence = gettext("Changed {fields}.").format(fields=fields)
                sentences.append(sentence)
    return " ".join(capfirst(sentence) for sentence in sentences)


def followed_rows(obj):
    """The object and the rows its revisions hold (a network's goals and memberships),
    in a stable order."""
    rows = revisions._follow_relations_recursive(obj)
    return sorted(rows, key=lambda row: (row._meta.label_lower, str(row.pk)))


def stored_rows(model, pk, *, lock=False):
    """The object as stored now, with its followed rows; [] if it does not exist.

    ``lock`` holds the object's row until the transaction ends (PostgreSQL), so two
    saves of one object cannot both pass the check between them."""
    manager = model._base_manager
    if lock and connection.features.has_select_for_update and connection.in_atomic_block:
        manager = manager.select_for_update()
    obj = manager.filter(pk=pk).first()
    return followed_rows(obj) if obj is not None else []


def state_digest(rows):
    """A hash of the rows' stored values: equal exactly when nothing was changed."""
    payload = [
        [
            row._meta.label_lower,
            str(row.pk),
            {
                field.attname: field.value_to_string(row)
                for field in row._meta.concrete_fields
                if field.name not in untranslated_columns(type(row))
                and field.name not in derived_fields(type(row))
            },
        ]
        for row in rows
    ]
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def latest_version(rows, *, excluding=()):
    """The newest version of any of the rows (a goal saved alone counts for its network),
    leaving out the revisions ``excluding``."""
    by_model = {}
    for row in rows:
        by_model.setdefault(type(row), []).append(str(row.pk))
    if not by_model:
        return None
    query = Q()
    for model, ids in by_model.items():
        content_type = ContentType.objects.get_for_model(model)
        query |= Q(content_type=content_type, object_id__in=ids)
    versions = Version.objects.filter(query).exclude(revision__in=excluding)
    return versions.select_related("revision__user").order_by("-pk").first()


def make_token(rows):
    latest = latest_version(rows)
    return f"{latest.pk if latest else 0}-{state_digest(rows)}"


def token_version_id(token):
    number, _separator, _digest = (token or "").partition("-")
    return int(number) if number.isdigit() else 0


def token_digest(token):
    return (token or "").partition("-")[2]


# --- Comments, in the reader's language ---------------------------------------------------


def history_comment(action, version=None):
    """A revision comment in our own words, stored as JSON so that it is shown in the
    language of whoever reads it."""
    data = {"history": action}
    if version is not None:
        data["date"] = version.revision.date_created.isoformat()
    return json.dumps(data)


def describe_comment(comment, model=None):
    """What a revision of ``model`` did, in the active language."""
    try:
        data = json.loads(comment)
    except (TypeError, ValueError):
        data = None
    if isinstance(data, dict) and "history" in data:
        date = ""
        if data.get("date"):
            date = formats.date_format(
                timezone.localtime(datetime.fromisoformat(data["date"])), "DATETIME_FORMAT"
            )
        action = data["history"]
        if action == "restored":
            return gettext("Restored the version saved on %(date)s") % {"date": date}
        if action == "recovered":
            return gettext("Recovered after deletion: the version saved on %(date)s") % {
                "date": date
            }
        if action == "deleted":
            return gettext("Deleted.")
        if action == "initial":
            return gettext("Initial version.")
        if action == "published":
            return gettext("Published with the list's “Publish” action.")
        if action == "unpublished":
            return gettext("Taken off the site with the list's “Unpublish” action.")
    if comment == INITIAL_COMMENT:
        return gettext("Initial version.")
    # The content loader's own comments (core.content).
    if comment == BEFORE_UPDATE:
        return gettext("As it was before the content file was loaded again.")
    if comment == AFTER_UPDATE:
        return gettext("As the content file made it when it was loaded again.")
    if isinstance(data, list):
        return describe_change(data, model) or gettext("No fields changed.")
    return comment or gettext("No fields changed.")


def user_name(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def when(date):
    return formats.date_format(timezone.localtime(date), "DATETIME_FORMAT")


# --- The comparison -----------------------------------------------------------------------


class ValueDisplay:
    """A stored value as an editor reads it: names rather than ids and codes."""

    def __init__(self):
        self.related = {}

    def __call__(self, field, value):
        if value is None or value == "" or value == []:
            return ""
        if field.name == "generated_translations":
            # In the order of the form, named as the form names them.
            known = {f.name: f for f in field.model._meta.concrete_fields}
            order = list(known)
            names = sorted(value, key=lambda name: order.index(name) if name in known else 0)
            return "\n".join(
                field_label(known[name]) if name in known else str(name) for name in names
            )
        if field.is_relation and field.many_to_one:
            key = (field.related_model, value)
            if key not in self.related:
                related = field.related_model._base_manager.filter(pk=value).first()
                self.related[key] = str(related) if related is not None else f"#{value}"
            return self.related[key]
        if field.flatchoices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return gettext("Yes") if value else gettext("No")
        if isinstance(value, datetime):
            return when(value)
        if isinstance(value, date):
            return formats.date_format(value)
        if isinstance(value, models.fields.files.FieldFile):
            return value.name or ""
        return str(value)


def field_changes(fields, values1, values2, display):
    changes = []
    for field in fields:
        old = display(field, values1.get(field.attname))
        new = display(field, values2.get(field.attname))
        if old != new:
            # A text in one language is marked so, for screen readers (and for the
            # Cyrillic admin's reader: English and Latin texts say what they are).
            language = getattr(field, "language", None)
            changes.append(
                {
                    "label": field_label(field),
                    "diff": html_diff(old, new),
                    "lang": language_tag(language) if language else "",
                }
            )
    return changes


def version_title(version):
    """The object as its version names it, in the active language (the stored name is in
    the language of whoever saved it) when it can."""
    try:
        return str(version._object_version.object)
    except (ObjectDoesNotExist, RevertError):
        return version.object_repr


def rows_in_revision(revision, model, foreign_key, pk):
    content_type = ContentType.objects.get_for_model(model)
    rows = {}
    for version in revision.version_set.filter(content_type=content_type):
        if version.field_dict.get(foreign_key.attname) == pk:
            rows[version.object_id] = version
    return rows


def compare_versions(obj, version1, version2):
    """Field by field (each language its own field), then the followed rows (a network's
    goals and memberships) row by row: what was added, removed or changed in each."""
    display = ValueDisplay()
    model = type(obj)
    diff = field_changes(compared_fields(model), version1.field_dict, version2.field_dict, display)
    for name in revisions._get_options(model).follow:
        relation = model._meta.get_field(name)
        if not relation.one_to_many:
            continue
        row_model, foreign_key = relation.related_model, relation.field
        fields = compared_fields(row_model, without={foreign_key.name})
        rows1 = rows_in_revision(version1.revision, row_model, foreign_key, obj.pk)
        rows2 = rows_in_revision(version2.revision, row_model, foreign_key, obj.pk)

        def order(object_id, rows1=rows1, rows2=rows2):
            version = rows2.get(object_id) or rows1[object_id]
            number = int(object_id) if object_id.isdigit() else 0
            return (version.field_dict.get("order") or 0, number)

        rows = []
        for object_id in sorted(rows1.keys() | rows2.keys(), key=order):
            old, new = rows1.get(object_id), rows2.get(object_id)
            changes = field_changes(
                fields, old.field_dict if old else {}, new.field_dict if new else {}, display
            )
            if changes:
                status = "changed" if old and new else "added" if new else "removed"
                rows.append(
                    {
                        "title": version_title(new or old),
                        "status": ROW_STATUS[status],
                        "fields": changes,
                    }
                )
        if rows:
            diff.append({"label": capfirst(row_model._meta.verbose_name_plural), "rows": rows})
    return diff


# --- The lock's form field ----------------------------------------------------------------


class HistoryTokenField(forms.CharField):
    """The state the form was opened from. Rendered from the database on every request,
    whatever was posted: after a refused save the form carries the newer state, so the
    editor, having looked, can save again."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, label="", **kwargs)

    def bound_data(self, data, initial):
        return initial

    def has_changed(self, initial, data):
        return False


class HistoryLockFormMixin:
    """Refuses the save when the object changed since the form was opened."""

    history_conflict = None  # set per request by HistoryAdminMixin.get_form

    def clean(self):
        cleaned_data = super().clean()
        submitted = self.data.get(self.add_prefix(TOKEN_FIELD))
        # A form without the token was not rendered by this admin (a script): not checked.
        if submitted and self.history_conflict is not None:
            message = self.history_conflict(submitted)
            if message:
                raise forms.ValidationError(message, code="changed_meanwhile")
        return cleaned_data


# --- The admin ----------------------------------------------------------------------------


class HistoryAdminMixin(CompareVersionAdmin):
    """History, comparison, restore and recovery of deleted objects (django-reversion and
    django-reversion-compare, with our templates, in the admin's language), and no silent
    overwrite between two editors of one object."""

    object_history_template = "admin/history/object_history.html"
    compare_template = "admin/history/compare.html"
    revision_form_template = "admin/history/revision_form.html"
    recover_form_template = "admin/history/recover_form.html"
    recover_list_template = "admin/history/recover_list.html"
    change_list_template = "admin/history/change_list.html"
    history_latest_first = True

    # Revisions ---------------------------------------------------------------------------

    def reversion_register(self, model, **options):
        register(model, **options)

    @contextmanager
    def create_revision(self, request):
        with super().create_revision(request):
            yield
            # After reversion's own comment for a restore: ours, in no language.
            restoring = getattr(request, "_history_restoring", None)
            if restoring is not None:
                revisions.set_comment(history_comment(*restoring))

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        if revisions.is_active():
            revisions.set_comment(entry.change_message)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        if revisions.is_active():
            # The change message as Django stores it (JSON): words in the reader's language.
            revisions.set_comment(entry.change_message)
        return entry

    def record_version(self, request, obj, action):
        """A revision of the object as it is now (with its followed rows), on its own."""
        with revisions.create_revision():
            if request is not None:
                revisions.set_user(request.user)
            revisions.set_comment(history_comment(action))
            revisions.add_to_revision(obj)

    def ensure_initial_version(self, request, obj):
        """Content loaded from the content file has no version until one is made: make
        it before the first change, so that the change can be compared and undone."""
        if obj is not None and not Version.objects.get_for_object(obj).exists():
            self.record_version(None, obj, "initial")
            made = Version.objects.get_for_object(obj).order_by("-pk").first()
            # Not a change by anyone: the lock must not name it as one (history_conflict).
            request._history_made = [*getattr(request, "_history_made", []), made.revision_id]

    def delete_model(self, request, obj):
        # Recorded as it is, before it goes: "Recover deleted" brings this back.
        self.record_version(request, obj, "deleted")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # One revision each, so that each can be recovered on its own.
        for obj in queryset:
            self.record_version(request, obj, "deleted")
        super().delete_queryset(request, queryset)

    # Views ---------------------------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST":
            request._history_saving = True
            self.ensure_initial_version(request, self.get_object(request, unquote(object_id)))
        return super().change_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        # VersionAdmin opens one revision around the whole list view (for list_editable):
        # inside it, the revisions that "delete selected" records (delete_queryset) would
        # be saved only after their objects are gone, that is, not at all, and those of
        # the other actions would be merged into it. Only the list's own form, saving
        # its editable column, is one revision.
        context = {"has_change_permission": self.has_change_permission(request)}
        context.update(extra_context or {})
        view = super(VersionAdmin, self).changelist_view
        if self.list_editable and request.method == "POST" and "_save" in request.POST:
            with self.create_revision(request):
                return view(request, context)
        return view(request, context)

    def history_view(self, request, object_id, extra_context=None):
        opts = self.model._meta
        versions = Version.objects.get_for_object_reference(
            self.model, unquote(object_id)
        ).select_related("revision__user")
        action_list = [
            {
                "version": version,
                "revision": version.revision,
                "date": when(version.revision.date_created),
                "user": user_name(version.revision.user),
                "comment": describe_comment(version.revision.comment, self.model),
                "url": reverse(
                    f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_revision",
                    args=(quote(version.object_id), version.pk),
                ),
            }
            for version in versions.order_by("-pk")
        ]
        if len(action_list) > 1:
            # Preselected: the latest change, the newest version against the one before.
            action_list[0]["newer"] = True
            action_list[1]["older"] = True
        context = {"action_list": action_list, "comparable": len(action_list) > 1}
        context.update(extra_context or {})
        # Django's own history view (permissions, breadcrumbs), with the versions instead
        # of the log entries; not VersionAdmin's and CompareVersionAdmin's, which only
        # build lists this one replaces.
        return super(VersionAdmin, self).history_view(request, object_id, context)

    def compare_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        form = SelectDiffForm(request.GET)
        context = {"title": gettext("Compare versions: %(name)s") % {"name": obj}}
        if form.is_valid():
            ids = sorted([form.cleaned_data["version_id1"], form.cleaned_data["version_id2"]])
            found = Version.objects.get_for_object(obj).select_related("revision__user")
            found = {version.pk: version for version in found.filter(pk__in=ids)}
            opts = self.model._meta
            context["compared"] = [
                {
                    "version": found[pk],
                    "date": when(found[pk].revision.date_created),
                    "user": user_name(found[pk].revision.user),
                    "comment": describe_comment(found[pk].revision.comment, self.model),
                    "url": reverse(
                        f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_revision",
                        args=(quote(obj.pk), pk),
                    ),
                }
                for pk in ids
                if pk in found
            ]
        context.update(extra_context or {})
        return super().compare_view(request, object_id, context)

    def compare(self, obj, version1, version2):
        return compare_versions(obj, version1, version2), False

    def revision_view(self, request, object_id, version_id, extra_context=None):
        version = get_object_or_404(Version, pk=version_id, object_id=unquote(object_id))
        obj = self.model._base_manager.filter(pk=unquote(object_id)).first()
        name = str(obj) if obj is not None else version_title(version)
        title = gettext("Restore a version: %(name)s") % {"name": name}
        context = self.before_restore(request, version, "restored", title)
        context.update(extra_context or {})
        return super().revision_view(request, object_id, version_id, context)

    def recover_view(self, request, version_id, extra_context=None):
        version = get_object_or_404(Version, pk=version_id)
        title = gettext("Recover: %(name)s") % {"name": version_title(version)}
        context = self.before_restore(request, version, "recovered", title)
        context.update(extra_context or {})
        return super().recover_view(request, version_id, context)

    def before_restore(self, request, version, action, title):
        # The lock compares with the object as it is before the version is put back
        # (reversion puts it back first, then runs the change form on it).
        self._tokens(request)[self._token_key(version.object_id)] = make_token(
            stored_rows(self.model, version.object_id)
        )
        request._history_restoring = (action, version)
        request._history_saving = request.method == "POST"
        return {
            "title": title,
            "history_version": version,
            "history_version_date": when(version.revision.date_created),
        }

    def recoverlist_view(self, request, extra_context=None):
        opts = self.model._meta
        deleted = Version.objects.get_deleted(self.model).select_related("revision__user")
        context = {
            "title": gettext("Recover deleted: %(name)s")
            % {"name": capfirst(opts.verbose_name_plural)},
            "deleted": [
                {
                    "version": version,
                    "title": version_title(version),
                    "date": when(version.revision.date_created),
                    "user": user_name(version.revision.user),
                    "comment": describe_comment(version.revision.comment, self.model),
                }
                for version in deleted.order_by("-pk")
            ],
        }
        context.update(extra_context or {})
        return super().recoverlist_view(request, context)

    # The lock ------------------------------------------------------------------------------

    def _tokens(self, request):
        if not hasattr(request, "_history_tokens"):
            request._history_tokens = {}
        return request._history_tokens

    def _token_key(self, pk):
        return (self.model._meta.label_lower, str(pk))

    def history_token(self, request, obj):
        """The state of the object and its followed rows as stored now, once a request
        (for a restore: as they were before the version was put back)."""
        tokens = self._tokens(request)
        key = self._token_key(obj.pk)
        if key not in tokens:
            rows = stored_rows(self.model, obj.pk, lock=request.method == "POST")
            tokens[key] = make_token(rows)
        return tokens[key]

    def locks(self, request, obj):
        return obj is not None and obj.pk is not None and self.has_change_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.locks(request, obj) or TOKEN_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], TOKEN_FIELD]}), *rest]

    def get_form(self, request, obj=None, **kwargs):
        if self.locks(request, obj):
            base = kwargs.get("form", self.form)
            # As ModelAdmin.get_form does: a declared field shown read-only is left out.
            readonly = self.get_readonly_fields(request, obj)
            attrs = dict.fromkeys(name for name in readonly if name in base.declared_fields)
            attrs[TOKEN_FIELD] = HistoryTokenField(initial=self.history_token(request, obj))

            def conflict(submitted):
                return self.history_conflict(request, obj, submitted)

            attrs["history_conflict"] = staticmethod(conflict)
            kwargs["form"] = type(base.__name__, (HistoryLockFormMixin, base), attrs)
        return super().get_form(request, obj, **kwargs)

    def history_conflict(self, request, obj, submitted):
        """The message refusing the save, or None if nothing changed since ``submitted``.

        Only a save is refused: the same form posted elsewhere (the preview) saves nothing.
        """
        current = self.history_token(request, obj)
        # The state decides; a version added meanwhile with the same content (the initial
        # version made just before this save) is no change.
        if token_digest(submitted) == token_digest(current):
            return None
        if not getattr(request, "_history_saving", False):
            return None
        opened = token_version_id(submitted)
        opts = self.model._meta
        url = reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_history",
            args=(quote(obj.pk),),
        )
        rows = stored_rows(self.model, obj.pk)
        newer = latest_version(rows, excluding=getattr(request, "_history_made", ()))
        if newer is not None and newer.pk > opened:
            changed = gettext(
                "Not saved: %(user)s changed this on %(date)s, after you opened the form."
            ) % {
                "user": user_name(newer.revision.user) or gettext("someone"),
                "date": when(newer.revision.date_created),
            }
            # Straight to the comparison when both versions are the object's own.
            own = Version.objects.get_for_object(obj)
            # As the form was opened: the version then, or else the first one (the initial
            # version, made at the first save since).
            before = own.filter(pk__lte=opened).order_by("-pk").first()
            before = before or own.order_by("pk").first()
            after = own.order_by("-pk").first()
            if before is not None and after is not None and after.pk > before.pk:
                compare = reverse(
                    f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_compare",
                    args=(quote(obj.pk),),
                )
                url = f"{compare}?version_id1={before.pk}&version_id2={after.pk}"
        else:
            # Changed without a revision (outside the admin): nobody to name.
            changed = gettext("Not saved: someone changed this after you opened the form.")
        return format_html(
            '{} {} <a href="{}">{}</a>',
            changed,
            gettext(
                "Your changes are still in the form below: compare them with the saved "
                "version, then save again to replace it with yours."
            ),
            url,
            gettext("See what changed"),
        )
