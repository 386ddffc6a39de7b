"""The admin's sentences about a model, in words Serbian can say.

Django's admin puts a model's name, as it stands (the nominative), into its sentences:
"Add %s", "Select %s to change", "Delete selected %(verbose_name_plural)s". Serbian needs
the noun in another case there ("Dodaj mrežu"), so Django's Serbian catalogue works
around it with "Dodaj objekat klase mreža". Here every model the admin shows names
itself in the forms those sentences need (``NOUNS``), and the admin's titles, buttons,
actions and counts are our own sentences built with them (``NamedModelAdminMixin`` and
the ``admin_wording`` template tags). A test checks that every model in the admin has
its noun.

Django's other sentences about a model (the messages after a save, the delete
confirmations) get Serbian wording that fits the noun as Django passes it, from our
catalogue (``DJANGO_SENTENCES``); so do the strings of django-axes and django-reversion,
whose catalogues have no Serbian (``THIRD_PARTY_STRINGS``). Nothing here uses those two
lists: they keep their entries in our catalogue, which ``makemessages --no-obsolete``
would drop otherwise (as ``core.i18n.GENITIVE_MONTHS`` does).
"""

import json
from dataclasses import dataclass

from django.contrib.admin.options import IS_POPUP_VAR
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_noop, ngettext_lazy, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

# The catalogue's contexts are written out at each call: makemessages reads only literals.
# A noun's forms: "accusative" (Add …, Change …), "accusative plural" (Select all 10 …),
# "selected, accusative" (Delete …, Publish …). The sentences that take them: "with a
# noun in the accusative" (%(name)s) and "with the selected, in the accusative"
# (%(selected)s).


@dataclass(frozen=True)
class Noun:
    """A model's name in the forms the admin's sentences need (an inline's model, never
    listed on its own, needs the first only)."""

    accusative: object  # "Add network": "Dodaj mrežu"
    accusative_plural: object = None  # "Select all 10 networks": "Izaberi sve mreže od 10"
    selected: object = None  # "Delete the selected networks": "Obriši označene mreže"
    counted: object = None  # "1 network", "2 networks": "1 mreža", "2 mreže", "5 mreža"

    def count(self, number):
        return self.counted % {"count": number}


NOUNS = {
    "networks.network": Noun(
        pgettext_lazy("accusative", "network"),
        pgettext_lazy("accusative plural", "networks"),
        pgettext_lazy("selected, accusative", "the selected networks"),
        ngettext_lazy("%(count)s network", "%(count)s networks", "count"),
    ),
    "networks.introduction": Noun(
        pgettext_lazy("accusative", "home page introduction"),
        pgettext_lazy("accusative plural", "home page introductions"),
        pgettext_lazy("selected, accusative", "the selected home page introductions"),
        ngettext_lazy(
            "%(count)s home page introduction", "%(count)s home page introductions", "count"
        ),
    ),
    # Only ever an inline: "Add goal".
    "networks.goal": Noun(pgettext_lazy("accusative", "goal")),
    "members.memberorganization": Noun(
        pgettext_lazy("accusative", "member organization"),
        pgettext_lazy("accusative plural", "member organizations"),
        pgettext_lazy("selected, accusative", "the selected member organizations"),
        ngettext_lazy("%(count)s member organization", "%(count)s member organizations", "count"),
    ),
    "members.town": Noun(
        pgettext_lazy("accusative", "town"),
        pgettext_lazy("accusative plural", "towns"),
        pgettext_lazy("selected, accusative", "the selected towns"),
        ngettext_lazy("%(count)s town", "%(count)s towns", "count"),
    ),
    "members.membership": Noun(
        pgettext_lazy("accusative", "membership"),
        pgettext_lazy("accusative plural", "memberships"),
        pgettext_lazy("selected, accusative", "the selected memberships"),
        ngettext_lazy("%(count)s membership", "%(count)s memberships", "count"),
    ),
    "serbian.protectedterm": Noun(
        pgettext_lazy("accusative", "protected term"),
        pgettext_lazy("accusative plural", "protected terms"),
        pgettext_lazy("selected, accusative", "the selected protected terms"),
        ngettext_lazy("%(count)s protected term", "%(count)s protected terms", "count"),
    ),
    "auth.user": Noun(
        pgettext_lazy("accusative", "user"),
        pgettext_lazy("accusative plural", "users"),
        pgettext_lazy("selected, accusative", "the selected users"),
        ngettext_lazy("%(count)s user", "%(count)s users", "count"),
    ),
    "auth.group": Noun(
        pgettext_lazy("accusative", "group"),
        pgettext_lazy("accusative plural", "groups"),
        pgettext_lazy("selected, accusative", "the selected groups"),
        ngettext_lazy("%(count)s group", "%(count)s groups", "count"),
    ),
    "axes.accessattempt": Noun(
        pgettext_lazy("accusative", "access attempt"),
        pgettext_lazy("accusative plural", "access attempts"),
        pgettext_lazy("selected, accusative", "the selected access attempts"),
        ngettext_lazy("%(count)s access attempt", "%(count)s access attempts", "count"),
    ),
    "axes.accesslog": Noun(
        pgettext_lazy("accusative", "access log"),
        pgettext_lazy("accusative plural", "access logs"),
        pgettext_lazy("selected, accusative", "the selected access logs"),
        ngettext_lazy("%(count)s access log", "%(count)s access logs", "count"),
    ),
    "axes.accessfailurelog": Noun(
        pgettext_lazy("accusative", "access failure"),
        pgettext_lazy("accusative plural", "access failures"),
        pgettext_lazy("selected, accusative", "the selected access failures"),
        ngettext_lazy("%(count)s access failure", "%(count)s access failures", "count"),
    ),
}


# Django's own sentence, from Django's catalogue, for a model with no noun here: called
# under another name, so that makemessages does not copy it into ours.
djangos_gettext = gettext


def noun_for(model):
    return NOUNS.get(model._meta.label_lower)


def add_label(opts):
    """ "Add network" ("Dodaj mrežu"): the change list's button and the add form's title."""
    noun = NOUNS.get(opts.label_lower)
    if noun is None:
        return djangos_gettext("Add %(name)s") % {"name": opts.verbose_name}
    return pgettext("with a noun in the accusative", "Add %(name)s") % {"name": noun.accusative}


def result_count(opts, count):
    """ "10 networks" ("10 mreža") under a change list."""
    noun = NOUNS.get(opts.label_lower)
    if noun is None or noun.counted is None:
        return f"{count} {opts.verbose_name if count == 1 else opts.verbose_name_plural}"
    return noun.count(count)


def action_description(opts, sentence, default):
    """An action's name in the list of actions: ``sentence`` (one of ours, taking the
    selected objects), or Django's ``default`` for a model with no noun."""
    noun = NOUNS.get(opts.label_lower)
    if noun is None or noun.selected is None:
        return default
    return sentence % {"selected": noun.selected}


class NamedModelAdminMixin:
    """The admin's titles, buttons and actions for a model, with the model named in the
    case Serbian needs (``NOUNS``): "Izmeni mrežu", not "Izmeni objekat klase mreža"."""

    def changelist_view(self, request, extra_context=None):
        noun = noun_for(self.model)
        if noun is not None:
            if IS_POPUP_VAR in request.GET:
                title = pgettext("with a noun in the accusative", "Select %(name)s")
            elif self.has_change_permission(request):
                title = pgettext("with a noun in the accusative", "Select %(name)s to change")
            else:
                title = pgettext("with a noun in the accusative", "Select %(name)s to view")
            context = {"title": title % {"name": noun.accusative}}
            if noun.accusative_plural is not None:
                # "Select all 10 …" in the actions bar.
                context["module_name"] = noun.accusative_plural
            extra_context = {**context, **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        noun = noun_for(self.model)
        if noun is not None:
            if object_id is None:
                title = add_label(self.opts)
            elif self.has_change_permission(request):
                title = pgettext("with a noun in the accusative", "Change %(name)s") % {
                    "name": noun.accusative
                }
            else:
                title = pgettext("with a noun in the accusative", "View %(name)s") % {
                    "name": noun.accusative
                }
            # A title given by the caller (the history's restore and recover) wins.
            extra_context = {"title": title, **(extra_context or {})}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        noun = noun_for(self.model)
        if noun is not None:
            # "Are you sure you want to delete the {{ object_name }} …": our catalogue
            # words those sentences for the accusative ("…da obrišete mrežu „X“?").
            extra_context = {"object_name": noun.accusative, **(extra_context or {})}
        return super().delete_view(request, object_id, extra_context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            function, name, description = actions["delete_selected"]
            sentence = pgettext("with the selected, in the accusative", "Delete %(selected)s")
            actions[name] = (function, name, action_description(self.opts, sentence, description))
        return actions

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        inline_formsets = super().get_inline_formsets(request, formsets, inline_instances, obj)
        for inline_formset in inline_formsets:
            # The "Add another Goal" link that Django's inlines.js makes from this data.
            data = json.loads(inline_formset.inline_formset_data())
            data["options"]["addText"] = str(capfirst(add_label(inline_formset.opts.model._meta)))
            text = json.dumps(data)
            inline_formset.inline_formset_data = lambda text=text: text
        return inline_formsets


# --- Django's sentences, in Serbian words that fit any noun --------------------------------
# Each takes a model's name as Django gives it: the nominative (words of its own after a
# colon or in brackets), or, in the delete confirmation, the accusative (delete_view
# above). The catalogue's Serbian for each is ours.

DJANGO_SENTENCES = (
    gettext_noop(
        'Are you sure you want to delete the %(object_name)s "%(escaped_object)s"? All of '
        "the following related items will be deleted:"
    ),
    gettext_noop(
        "Deleting the %(object_name)s '%(escaped_object)s' would result in deleting related "
        "objects, but your account doesn't have permission to delete the following types "
        "of objects:"
    ),
    gettext_noop(
        "Deleting the %(object_name)s '%(escaped_object)s' would require deleting the "
        "following protected related objects:"
    ),
    gettext_noop(
        "Are you sure you want to delete the selected %(objects_name)s? All of the following "
        "objects and their related items will be deleted:"
    ),
    gettext_noop(
        "Deleting the selected %(objects_name)s would result in deleting related objects, "
        "but your account doesn't have permission to delete the following types of objects:"
    ),
    gettext_noop(
        "Deleting the selected %(objects_name)s would require deleting the following "
        "protected related objects:"
    ),
    gettext_noop("Cannot delete %(name)s"),
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("Successfully deleted %(count)d %(items)s."),
    ngettext_lazy(
        "%(count)s %(name)s was changed successfully.",
        "%(count)s %(name)s were changed successfully.",
        "count",
    ),
    gettext_noop("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"),
    # The titles of the icons beside a related field (the name of a link with no text).
    gettext_noop("Add another %(model)s"),
    gettext_noop("Change selected %(model)s"),
    gettext_noop("Delete selected %(model)s"),
    gettext_noop("View selected %(model)s"),
    # The history's comments (core.history.describe_change).
    gettext_noop("Added {name} “{object}”."),
    gettext_noop("Changed {fields} for {name} “{object}”."),
    gettext_noop("Changed {fields}."),
    gettext_noop("Deleted {name} “{object}”."),
    # Form errors: Django's Serbian calls a slug "slag" and has stray dots in these.
    gettext_noop("Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."),
    gettext_noop(
        "Enter a valid “slug” consisting of Unicode letters, numbers, underscores, or hyphens."
    ),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("%(model_name)s with this %(field_label)s already exists."),
)

# --- django-axes and django-reversion, which have no Serbian catalogue ------------------
# What the admin shows of them: axes' section (its models, their fields, filters and
# messages) and reversion's models in the lists of permissions.

THIRD_PARTY_STRINGS = (
    # django-axes: models
    _("access attempt"),
    _("access attempts"),
    _("access log"),
    _("access logs"),
    _("access failure"),
    _("access failures"),
    _("access attempt expiration"),
    _("access attempt expirations"),
    # django-axes: fields
    _("User Agent"),
    _("IP Address"),
    _("Username"),
    _("HTTP Accept"),
    _("Path"),
    _("Attempt Time"),
    _("Access lock out"),
    _("GET Data"),
    _("POST Data"),
    _("Failed Logins"),
    _("Access Attempt"),
    _("Expires At"),
    _("The time when access attempt expires and is no longer valid."),
    _("Logout Time"),
    _("Session key hash (sha256)"),
    # django-axes: its admin and messages
    _("Locked Out"),
    _("Form Data"),
    _("Meta Data"),
    _("Clean up expired attempts"),
    _("Not set"),
    _("Account locked: too many login attempts. Please try again later."),
    _("Account locked: too many login attempts. Contact an admin to unlock your account."),
    # django-reversion: its app and models, in the lists of permissions
    _("Reversion"),
    _("revision"),
    _("revisions"),
    _("version"),
    _("versions"),
)
