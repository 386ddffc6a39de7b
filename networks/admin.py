from django import forms
from django.contrib import admin
from django.core.validators import MaxValueValidator
from django.db.models import Count, Max, Prefetch
from django.forms.models import BaseModelFormSet
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from core.admin import (
    LogoAdminMixin,
    PublishActionsMixin,
    TranslatedModelAdmin,
    TranslatedTabularInline,
    in_every_language,
)
from core.logos import render_logo
from core.preview import HomePage, NetworkPage
from members.models import Membership
from networks.models import LAST_PLACE, Goal, Introduction, Network

admin.site.site_header = _("ASTRA networks administration")
admin.site.site_title = _("ASTRA networks")
admin.site.index_title = _("Content")
# The sidebar of every model takes a fifth of a 1366 px screen from the change lists and
# forms (and needs JavaScript to open); the breadcrumbs and the home page lead everywhere.
admin.site.enable_nav_sidebar = False


class GoalInline(TranslatedTabularInline):
    model = Goal
    fields = ("order", "text", "generated_serbian")
    extra = 0


class NetworkMembershipInline(TranslatedTabularInline):
    model = Membership
    fields = (
        "organization",
        "role",
        "since",
        "since_month",
        "since_day",
        "note",
        "generated_serbian",
    )
    autocomplete_fields = ("organization",)
    extra = 0


class PlaceForm(forms.ModelForm):
    """A network's place in the list's editable column, labelled with the network's name.

    Places are checked across the whole list (PlacesFormSet), not row by row: row by row,
    two networks could not swap places, each refused while the other still holds it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["display_order"]
        # The model's limit, which is not checked row by row either (see above).
        field.max_value = LAST_PLACE
        field.validators.append(MaxValueValidator(LAST_PLACE))
        field.widget.attrs.update(
            {
                "max": LAST_PLACE,
                # The column's heading is far from the input, and names no network.
                "aria-label": gettext("Place on the home page: %(network)s")
                % {"network": self.instance},
            }
        )

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        exclude.add("display_order")
        return exclude


class PlacesFormSet(BaseModelFormSet):
    """The list's places: every network its own, whichever rows change at once.

    The networks the list does not show (another page, a filter) keep their places, so a
    place one of them holds is refused with its name. Saving moves the changed rows out
    of the way first (``make_room``), so that two networks can swap places under the
    database's unique constraint.
    """

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.places = self
        return form

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        listed = {form.instance.pk for form in self.forms}
        hidden = {
            network.display_order: network for network in Network.objects.exclude(pk__in=listed)
        }
        by_place = {}
        for form in self.forms:
            place = form.cleaned_data.get("display_order")
            if place is None:
                continue
            if place in hidden:
                message = gettext(
                    "Place %(place)s belongs to “%(network)s”, which this list does not show: "
                    "choose another number."
                ) % {"place": place, "network": hidden[place]}
                form.add_error("display_order", message)
            by_place.setdefault(place, []).append(form)
        for place, forms_with_place in by_place.items():
            if len(forms_with_place) > 1:
                message = gettext(
                    "Two networks cannot share place %(place)s: give each a number of its own."
                ) % {"place": place}
                for form in forms_with_place:
                    form.add_error("display_order", message)

    def make_room(self):
        """Move the networks whose place changes past every place in use, once, before
        the first of them is saved in its new place."""
        if getattr(self, "_room_made", False):
            return
        self._room_made = True
        moving = [form.instance.pk for form in self.forms if "display_order" in form.changed_data]
        top = Network.objects.aggregate(top=Max("display_order"))["top"] or 0
        for offset, pk in enumerate(moving, start=1):
            Network.objects.filter(pk=pk).update(display_order=top + offset)


@admin.register(Network)
class NetworkAdmin(LogoAdminMixin, PublishActionsMixin, TranslatedModelAdmin):
    list_display = (
        # The logo in the name's column: a column of its own made the list too wide for
        # 1366 px in Cyrillic.
        "name_and_logo",
        "short_name",
        "kind",
        "astra_role",
        "listed_members",
        "member_count",
        "display_order",
        "publication",
        "incomplete_languages",
    )
    list_display_links = ("name_and_logo", "short_name")
    # The home page's order, changed here: by number, or by dragging (js/admin-places.js).
    list_editable = ("display_order",)
    list_filter = ("kind", "is_published")
    search_fields = in_every_language("name", "short_name", "summary")
    ordering = ("display_order",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = (GoalInline, NetworkMembershipInline)
    preview_page = NetworkPage
    publication_messages = (
        ngettext_lazy(
            "%(count)s network was published.", "%(count)s networks were published.", "count"
        ),
        ngettext_lazy(
            "%(count)s network was taken off the site.",
            "%(count)s networks were taken off the site.",
            "count",
        ),
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "short_name",
                    "slug",
                    "kind",
                    "is_published",
                    "publish_at",
                    "display_order",
                )
            },
        ),
        (_("Texts"), {"fields": ("summary", "description", "astra_relationship")}),
        (_("Facts"), {"fields": ("founded_year", "headquarters", "website")}),
        (_("Logo"), {"fields": LogoAdminMixin.logo_fields}),
        (
            _("Members reported by the network"),
            {
                "fields": (
                    "member_count",
                    "member_count_note",
                    "member_count_as_of",
                    "member_count_source",
                )
            },
        ),
        (
            _("Serbian in two scripts"),
            {
                "fields": ("generated_serbian",),
                "description": _(
                    "Write Serbian in either script: the other one is generated when you save."
                ),
            },
        ),
    )

    change_list_template = "admin/networks/network/change_list.html"

    class Media:
        js = ("js/admin-places.js",)

    @admin.display(description=Network._meta.get_field("name").verbose_name, ordering="name")
    def name_and_logo(self, network):
        logo = render_logo(network, "small")
        return format_html("{}{}", logo, network.name) if logo else network.name

    def changelist_view(self, request, extra_context=None):
        # What js/admin-places.js says, with the network's name put in by the script.
        places_text = {
            "move": gettext("Move “%(name)s”"),
            "moved": gettext(
                "“%(name)s” is now at place %(place)s: press “Save” to keep the new order."
            ),
        }
        context = {"places_text": places_text, **(extra_context or {})}
        return super().changelist_view(request, context)

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, form=PlaceForm, **kwargs)

    def get_changelist_formset(self, request, **kwargs):
        return super().get_changelist_formset(request, formset=PlacesFormSet, **kwargs)

    def save_model(self, request, obj, form, change):
        places = getattr(form, "places", None)
        if places is not None:
            places.make_room()
        super().save_model(request, obj, form, change)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(listed_members_count=Count("memberships"))
            .prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=Membership.objects.filter(organization__is_astra=True),
                    to_attr="astra_memberships",
                )
            )
        )

    @admin.display(description=_("ASTRA’s role"))
    def astra_role(self, network):
        return ", ".join(m.get_role_display() for m in network.astra_memberships) or "–"

    @admin.display(description=_("listed members"), ordering="listed_members_count")
    def listed_members(self, network):
        return network.listed_members_count

    def get_changeform_initial_data(self, request):
        # A new network goes last on the home page, not first (order 0) with no members.
        initial = super().get_changeform_initial_data(request)
        last = Network.objects.aggregate(last=Max("display_order"))["last"]
        initial.setdefault("display_order", 0 if last is None else last + 1)
        return initial


@admin.register(Introduction)
class IntroductionAdmin(TranslatedModelAdmin):
    list_display = ("title",)
    preview_page = HomePage

    def has_add_permission(self, request):
        # The home page has one introduction.
        return not Introduction.objects.exists()
