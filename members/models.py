import datetime
import functools
import operator
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Exists, OuterRef, Prefetch, Q, When
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modeltranslation.utils import build_localized_fieldname as localized

from core.i18n import choice_label
from core.logos import LOGO_ALT_HELP, LogoField, LogoMixin, RenditionsField
from core.models import (
    ContentModel,
    LocalizedColumnsQuerySet,
    PublishableModel,
    not_in_the_future,
    published,
)
from serbian.collation import serbian_order
from serbian.slugs import fill_translated_slugs
from serbian.transliteration import fold

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def shared_name(name_of):
    """``Exists``: another published organization has the same name in the active
    language as the one ``name_of`` points to (e.g. ``"organization__"``), so that pages
    can tell the two apart by their town ("Centre for Girls – Niš")."""
    name = localized("name", translation.get_language())
    return Exists(
        MemberOrganization.objects.published()
        .filter(**{name: OuterRef(f"{name_of}{name}")})
        .exclude(pk=OuterRef(f"{name_of}pk"))
    )


def any_slug(field, slug):
    """``Q``: ``field`` (a translated slug) is ``slug`` in one of the languages."""
    return functools.reduce(
        operator.or_, (Q(**{localized(field, code): slug}) for code in LANGUAGE_CODES)
    )


def folded_words(*values):
    """The search key of some texts: each folded (Latin, lowercase, no diacritics), once."""
    return " ".join(dict.fromkeys(fold(value) for value in values if value))


class TownQuerySet(LocalizedColumnsQuerySet):
    def by_name(self):
        return self.order_by(serbian_order("name"), "id")


class Town(ContentModel):
    """Where organizations are: a town's name in every language, its country, and the
    point that marks it on the maps."""

    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_(
            "Used in the directory's filter addresses. Filled from the name if left empty."
        ),
    )
    name = models.CharField(_("name"), max_length=100)
    country = CountryField(_("country"), default="RS")
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=7,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_(
            "In degrees north, e.g. 43.3209 for Niš. Without it, the town is not on the maps."
        ),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=7,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("In degrees east, e.g. 21.8958 for Niš."),
    )
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)
    # Which entry of the content file (core/content) this is, whatever editors rename.
    content_key = models.CharField(
        _("content file key"), max_length=100, unique=True, null=True, blank=True, editable=False
    )

    objects = TownQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("town")
        verbose_name_plural = _("towns")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both the latitude and the longitude, or neither."))

    def fill_derived_fields(self):
        fill_translated_slugs(self, "name")
        self.search_text = folded_words(
            *(getattr(self, localized("name", code)) for code in LANGUAGE_CODES)
        )

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None


class MemberOrganizationQuerySet(LocalizedColumnsQuerySet):
    def published(self):
        return self.filter(published())

    def search(self, query):
        """Organizations whose name, acronym or town contain every word of ``query``.

        Both sides are folded (Latin, lowercase, no diacritics), so "Nis", "niš" and
        "Ниш" all find Niš, the same way on every database.
        """
        organizations = self
        for word in fold(query).split():
            organizations = organizations.filter(
                Q(search_text__contains=word) | Q(town__search_text__contains=word)
            )
        return organizations

    def with_shared_names(self):
        """``name_is_shared``: see ``shared_name`` (no extra query: a subquery)."""
        return self.annotate(name_is_shared=shared_name(""))

    def in_town(self, slug):
        """In the town whose slug, in any language, is ``slug``."""
        return self.filter(any_slug("town__slug", slug))

    def in_country(self, code):
        return self.filter(town__country=code)

    def in_network(self, slug="", role=""):
        """With a published membership in the network whose slug (in any language) is
        ``slug``, in ``role``; either may be empty (any network, any role). One
        membership must match both: "coordinator of the AT Network", not "coordinator of
        one network and member of the AT Network"."""
        memberships = Membership.objects.filter(published("network__"))
        if slug:
            memberships = memberships.filter(any_slug("network__slug", slug))
        if role:
            memberships = memberships.filter(role=role)
        return self.filter(pk__in=memberships.values("organization"))

    def by_name(self, *then):
        """In the order of the Serbian alphabet, by the name in the active language."""
        return self.order_by(serbian_order("name"), *then)

    def by_city(self):
        return self.order_by(serbian_order("town__name"), serbian_order("name"), "id")

    def sorted_by(self, sort):
        """The directory's orders: "city", or else by name."""
        return self.by_city() if sort == "city" else self.by_name("id")

    def with_networks(self):
        """The published networks each organization belongs to, in one query for any count."""
        return self.prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(published("network__"))
                .select_related("network")
                .order_by("network__display_order", "network__id"),
                to_attr="visible_memberships",
            )
        ).select_related("town")


class MemberOrganization(LogoMixin, PublishableModel):
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("The last part of the page address. Filled from the name if left empty."),
    )
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(
        _("acronym"),
        max_length=30,
        blank=True,
        help_text=_(
            "E.g. “BCBP”: on Serbian Cyrillic pages “БЦБП”, unless it is a protected term "
            "(“ASTRA”)."
        ),
    )
    town = models.ForeignKey(
        Town, on_delete=models.PROTECT, related_name="organizations", verbose_name=_("town")
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("short description"), blank=True)
    logo = LogoField(_("logo"), blank=True, default="", db_default="")
    logo_alt = models.CharField(
        _("logo alt text"),
        max_length=250,
        blank=True,
        default="",
        db_default="",
        help_text=LOGO_ALT_HELP,
    )
    logo_renditions = RenditionsField(_("logo renditions"))
    is_astra = models.BooleanField(
        _("this is ASTRA"),
        default=False,
        help_text=_("ASTRA itself: its memberships give ASTRA’s role on each network’s page."),
    )
    # Kept on the row rather than computed in SQL, so that search is accent-insensitive
    # and script-insensitive alike on SQLite and PostgreSQL.
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)

    objects = MemberOrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("member organization")
        verbose_name_plural = _("member organizations")
        # Lists ask, for each organization shown, whether another has the same name in
        # the page's language (``shared_name``): without an index that is a scan of every
        # organization per row shown (50 ms for a directory page of a thousand).
        indexes = [
            models.Index(
                fields=[localized("name", code)],
                name=f"organization_{localized('name', code)}",
            )
            for code in LANGUAGE_CODES
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["is_astra"],
                condition=Q(is_astra=True),
                name="only_one_astra",
                violation_error_message=_("Only one organization can be ASTRA."),
            )
        ]

    def __str__(self):
        # The town too: two organizations may share a name ("Centre for Girls").
        return f"{self.name} ({self.town})"

    def fill_derived_fields(self):
        fill_translated_slugs(self, "name")
        # The town's names are the town's own search key (a renamed town is found at once).
        self.search_text = folded_words(
            *(
                getattr(self, localized(field, code))
                for field in ("acronym", "name")
                for code in LANGUAGE_CODES
            )
        )

    @property
    def shown_acronym(self):
        """The acronym, unless the name already says it ("PAOR", "ASTRA – …")."""
        acronym = self.acronym
        if acronym and not re.search(rf"(?<!\w){re.escape(acronym)}(?!\w)", self.name):
            return acronym
        return ""

    def get_absolute_url(self):
        return reverse("members:organization-detail", kwargs={"slug": self.slug})


class MembershipQuerySet(LocalizedColumnsQuerySet):
    def visible(self):
        return self.filter(published("organization__"))

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

    def with_shared_names(self):
        """``organization_name_is_shared``: see ``shared_name``."""
        return self.annotate(organization_name_is_shared=shared_name("organization__"))


class Membership(ContentModel):
    class Role(models.TextChoices):
        FOUNDER_COORDINATOR = "founder_coordinator", _("founder and coordinator")
        FOUNDER = "founder", _("founder")
        COORDINATOR = "coordinator", _("coordinator")
        INITIATOR = "initiator", _("initiator")
        # Of the project a network grew out of (BAN): not a claim to lead the network.
        LEAD = "lead", _("lead organization of the project")
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
    since_month = models.PositiveSmallIntegerField(
        _("since (month)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Only if known: 7 for July."),
    )
    since_day = models.PositiveSmallIntegerField(
        _("since (day)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("Only if known, with the month."),
    )
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

    def clean(self):
        super().clean()
        if self.since_day and not self.since_month:
            raise ValidationError({"since_day": _("A day needs its month.")})
        if self.since_month and not self.since:
            raise ValidationError({"since_month": _("A month needs its year.")})
        if self.since_day:
            try:
                datetime.date(self.since, self.since_month, self.since_day)
            except ValueError:
                raise ValidationError({"since_day": _("There is no such day.")}) from None
        future = not_in_the_future(self.since, self.since_month, self.since_day)
        if future:
            raise ValidationError({"since": future})

    def get_role_display(self):
        return choice_label(self.Role, self.role)

    @property
    def since_iso(self):
        """ISO 8601, as precisely as it is known: "2002", "2014-07" or "2019-07-23"."""
        if not self.since:
            return None
        parts = [f"{self.since:04d}"]
        if self.since_month:
            parts.append(f"{self.since_month:02d}")
            if self.since_day:
                parts.append(f"{self.since_day:02d}")
        return "-".join(parts)

    def get_since_display(self):
        """ "since July 2014" in the active language, as precisely as it is known.

        Serbian puts the month in the genitive ("od jula 2014.") and the year with its
        ordinal dot: the formats are translatable for that reason.
        """
        if not self.since:
            return ""
        if self.since_month and self.since_day:
            day = datetime.date(self.since, self.since_month, self.since_day)
            when = formats.date_format(day, "DATE_FORMAT")
        elif self.since_month:
            month = datetime.date(self.since, self.since_month, 1)
            # Translators: a month and year after "since" (Django date format letters);
            # Serbian: "E Y." gives "od jula 2014." (E: the month in the genitive).
            when = formats.date_format(month, pgettext("date format", "F Y"))
        else:
            # The same year format as the founding year's ("2002." in Serbian).
            when = pgettext("a year on its own", "%(year)s") % {"year": self.since}
        return gettext("since %(date)s") % {"date": when}
