from django.conf import settings
from django.db import models
from django.db.models import Case, Prefetch, Q, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modeltranslation.utils import build_localized_fieldname as localized

from astra_site.collation import serbian_order
from astra_site.i18n import choice_label
from astra_site.serbian import SerbianScriptsModel
from astra_site.slugs import fill_translated_slugs
from astra_site.transliteration import fold

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class MemberOrganizationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def search(self, query):
        """Organizations whose name, acronym or city contain every word of ``query``.

        Both sides are folded (Latin, lowercase, no diacritics), so "Nis", "niš" and
        "Ниш" all find Niš, the same way on every database.
        """
        organizations = self
        for word in fold(query).split():
            organizations = organizations.filter(search_text__contains=word)
        return organizations

    def by_name(self, *then):
        """In the order of the Serbian alphabet, by the name in the active language."""
        return self.order_by(serbian_order("name"), *then)

    def by_city(self):
        return self.order_by(serbian_order("city"), serbian_order("name"), "id")

    def with_networks(self):
        """The published networks each organization belongs to, in one query for any count."""
        return self.prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(network__is_published=True)
                .select_related("network")
                .order_by("network__display_order", "network__id"),
                to_attr="visible_memberships",
            )
        )


class MemberOrganization(SerbianScriptsModel):
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("The last part of the page address. Filled from the name if left empty."),
    )
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    city = models.CharField(_("city"), max_length=100)
    country = CountryField(_("country"), default="RS")
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("short description"), blank=True)
    is_astra = models.BooleanField(
        _("this is ASTRA"),
        default=False,
        help_text=_("ASTRA itself: its memberships give ASTRA’s role on each network’s page."),
    )
    is_published = models.BooleanField(_("published"), default=True)
    # Kept on the row rather than computed in SQL, so that search is accent-insensitive
    # and script-insensitive alike on SQLite and PostgreSQL.
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)

    objects = MemberOrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("member organization")
        verbose_name_plural = _("member organizations")
        constraints = [
            models.UniqueConstraint(
                fields=["is_astra"],
                condition=Q(is_astra=True),
                name="only_one_astra",
                violation_error_message=_("Only one organization can be ASTRA."),
            )
        ]

    def __str__(self):
        return self.name

    def fill_derived_fields(self):
        fill_translated_slugs(self, "name")
        self.search_text = " ".join(
            fold(value)
            for value in (
                self.acronym,
                *(
                    getattr(self, localized(field, code))
                    for field in ("name", "city")
                    for code in LANGUAGE_CODES
                ),
            )
            if value
        )

    def get_absolute_url(self):
        return reverse("members:organization-detail", kwargs={"slug": self.slug})


class MembershipQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(organization__is_published=True)

    def ordered(self):
        """Leading roles first (in the order Role declares them), then by name in the
        active language, in the order of the Serbian alphabet."""
        rank = Case(
            *(When(role=role, then=index) for index, role in enumerate(Membership.Role.values)),
            default=len(Membership.Role.values),
        )
        return self.alias(role_rank=rank).order_by(
            "role_rank", serbian_order("organization__name"), "id"
        )


class Membership(SerbianScriptsModel):
    class Role(models.TextChoices):
        FOUNDER_COORDINATOR = "founder_coordinator", _("founder and coordinator")
        FOUNDER = "founder", _("founder")
        COORDINATOR = "coordinator", _("coordinator")
        INITIATOR = "initiator", _("initiator")
        LEAD = "lead", _("lead organization")
        SECRETARIAT = "secretariat", _("secretariat")
        MEMBER = "member", _("member")
        ASSOCIATE_MEMBER = "associate_member", _("associate member")
        PARTNER = "partner", _("partner")
        CONSULTATIVE_STATUS = "consultative_status", _("special consultative status")

    network = models.ForeignKey(
        "networks.Network",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("network"),
    )
    organization = models.ForeignKey(
        MemberOrganization,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organization"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role, default=Role.MEMBER)
    since = models.PositiveSmallIntegerField(_("since (year)"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["network", "organization"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "organization"],
                name="one_membership_per_network_and_organization",
                violation_error_message=_("This organization is already a member of this network."),
            )
        ]

    def __str__(self):
        return f"{self.organization} – {self.network}"

    def get_role_display(self):
        return choice_label(self.Role, self.role)
