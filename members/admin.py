from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_countries.filters import CountryFilter

from core.admin import (
    LogoAdminMixin,
    PublishActionsMixin,
    TranslatedModelAdmin,
    TranslatedTabularInline,
    in_every_language,
    yes_no_icon,
)
from core.preview import OrganizationPage
from members.models import MemberOrganization, Membership, Town
from serbian.collation import serbian_order
from serbian.transliteration import fold


class OrganizationMembershipInline(TranslatedTabularInline):
    model = Membership
    fields = ("network", "role", "since", "since_month", "since_day", "note", "generated_serbian")
    autocomplete_fields = ("network",)
    extra = 0


@admin.register(MemberOrganization)
class MemberOrganizationAdmin(LogoAdminMixin, PublishActionsMixin, TranslatedModelAdmin):
    list_display = (
        "name",
        "logo_thumbnail",
        "acronym",
        "town",
        "country",
        "networks",
        "astra",
        "publication",
        "incomplete_languages",
    )
    # Only the countries that have towns, not every country in the world.
    list_filter = ("is_published", ("town__country", CountryFilter), "town")
    list_select_related = ("town",)
    search_fields = in_every_language("name", "town__name", "acronym")
    autocomplete_fields = ("town",)
    ordering = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = (OrganizationMembershipInline,)
    preview_page = OrganizationPage
    publication_messages = (
        ngettext_lazy(
            "%(count)s member organization was published.",
            "%(count)s member organizations were published.",
            "count",
        ),
        ngettext_lazy(
            "%(count)s member organization was taken off the site.",
            "%(count)s member organizations were taken off the site.",
            "count",
        ),
    )
    fields = (
        "name",
        "acronym",
        "slug",
        "town",
        "website",
        "description",
        *LogoAdminMixin.logo_fields,
        "is_astra",
        "is_published",
        "publish_at",
        "generated_serbian",
    )

    def get_ordering(self, request):
        # In the admin's language, in the order of the Serbian alphabet.
        return (serbian_order("name"),)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(networks_count=Count("memberships"))

    def get_search_results(self, request, queryset, search_term):
        # Also the site's own search: accent- and script-insensitive ("Nis" finds Niš).
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            results |= queryset.search(search_term)
        return results, may_have_duplicates

    @admin.display(description=_("networks"), ordering="networks_count")
    def networks(self, organization):
        return organization.networks_count

    @admin.display(
        description=MemberOrganization._meta.get_field("is_astra").verbose_name,
        ordering="is_astra",
    )
    def astra(self, organization):
        return yes_no_icon(organization.is_astra)

    @admin.display(description=_("country"), ordering="town__country")
    def country(self, organization):
        return organization.town.country.name


@admin.register(Town)
class TownAdmin(TranslatedModelAdmin):
    list_display = ("name", "country", "latitude", "longitude", "organizations")
    list_filter = (("country", CountryFilter),)
    search_fields = in_every_language("name")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "country", "latitude", "longitude", "generated_serbian")

    def get_ordering(self, request):
        return (serbian_order("name"),)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(organizations_count=Count("organizations"))

    def get_search_results(self, request, queryset, search_term):
        # As the site searches: "Nis" and "Ниш" find Niš, and every word must match
        # ("novi sad" is not every town with "novi" in its name).
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        words = fold(search_term).split()
        if words:
            matches = queryset
            for word in words:
                matches = matches.filter(search_text__contains=word)
            results |= matches
        return results, may_have_duplicates

    @admin.display(description=_("organizations"), ordering="organizations_count")
    def organizations(self, town):
        return town.organizations_count


@admin.register(Membership)
class MembershipAdmin(TranslatedModelAdmin):
    list_display = ("organization", "network", "role", "since")
    list_filter = ("role", "network")
    list_select_related = ("organization__town", "network")
    search_fields = in_every_language("organization__name", "network__name")
    ordering = ("network__display_order", "organization__name")
    autocomplete_fields = ("network", "organization")
    fields = (
        "network",
        "organization",
        "role",
        "since",
        "since_month",
        "since_day",
        "note",
        "generated_serbian",
    )
