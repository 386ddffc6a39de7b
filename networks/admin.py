from django.contrib import admin
from django.db.models import Count, Max, Prefetch
from django.utils.translation import gettext_lazy as _

from core.admin import (
    LogoAdminMixin,
    TranslatedModelAdmin,
    TranslatedTabularInline,
    in_every_language,
)
from core.preview import HomePage, NetworkPage
from members.models import Membership
from networks.models import Goal, Introduction, Network

admin.site.site_header = _("ASTRA networks administration")
admin.site.site_title = _("ASTRA networks")
admin.site.index_title = _("Content")


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


@admin.register(Network)
class NetworkAdmin(LogoAdminMixin, TranslatedModelAdmin):
    list_display = (
        "name",
        "logo_thumbnail",
        "short_name",
        "kind",
        "astra_role",
        "listed_members",
        "member_count",
        "display_order",
        "publication",
        "incomplete_languages",
    )
    list_display_links = ("name", "short_name")
    list_filter = ("kind", "is_published")
    search_fields = in_every_language("name", "short_name", "summary")
    ordering = ("display_order", "id")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (GoalInline, NetworkMembershipInline)
    preview_page = NetworkPage
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
