from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from core.i18n import choice_label
from core.logos import LOGO_ALT_HELP, LogoField, LogoMixin, RenditionsField
from core.models import (
    ContentModel,
    LocalizedColumnsQuerySet,
    PublishableModel,
    localized_columns,
    not_in_the_future,
    published,
)
from serbian.slugs import fill_translated_slugs

# The highest place a network can have on the home page: far more than there are networks,
# and room below the column's limit for moving networks past one another (admin.py).
LAST_PLACE = 999


class Introduction(ContentModel):
    """The home page's introduction: one row, edited in the admin."""

    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), help_text=_("Separate paragraphs with a blank line."))

    class Meta:
        verbose_name = _("home page introduction")
        verbose_name_plural = _("home page introduction")

    def __str__(self):
        return self.title


# What a network's page reads of its member list (the list, the map, the structured
# data); anything else read there costs a query per member (the query-count tests fail).
MEMBER_LIST_FIELDS = (
    "network",
    "organization",
    "role",
    "since",
    "since_month",
    "since_day",
    "note",
    "organization__slug",
    "organization__name",
    "organization__is_astra",
    "organization__town",
    "organization__town__slug",
    "organization__town__name",
    "organization__town__country",
    "organization__town__latitude",
    "organization__town__longitude",
)
# What the page and its cards read of the network itself. Its address in every language
# (the language switcher, hreflang) needs each language's slug.
PAGE_FIELDS = (
    "name",
    "short_name",
    "kind",
    "summary",
    "description",
    "astra_relationship",
    "founded_year",
    "headquarters",
    "website",
    "member_count",
    "member_count_note",
    "member_count_as_of",
    "member_count_source",
    "logo",
    "logo_alt",
    "logo_renditions",
    "display_order",
)
CARD_FIELDS = (
    "name",
    "kind",
    "summary",
    "member_count",
    "member_count_note",
    "member_count_as_of",
    "member_count_source",
    "logo",
    "logo_renditions",
    "display_order",
)


class NetworkQuerySet(LocalizedColumnsQuerySet):
    def published(self):
        return self.filter(published())

    def _only_with_every_slug(self, fields):
        slugs = [build_localized_fieldname("slug", code) for code, _name in settings.LANGUAGES]
        return self.only(*localized_columns(self.model, *fields), *slugs)

    def for_cards(self):
        """The columns the home page's cards read, in the page's language and its
        fallbacks (``core.models.localized_columns``)."""
        return self._only_with_every_slug(CARD_FIELDS)

    def for_page(self):
        """The columns a network's page reads, likewise."""
        return self._only_with_every_slug(PAGE_FIELDS)

    def with_members(self):
        """Goals and the published member organizations, in two queries for any count,
        with the columns the page reads in its language and its fallbacks."""
        from members.models import Membership

        return self.prefetch_related(
            Prefetch(
                "goals", queryset=Goal.objects.only(*localized_columns(Goal, "network", "text"))
            ),
            Prefetch(
                "memberships",
                queryset=Membership.objects.visible()
                .ordered()
                .with_shared_names()
                .select_related("organization__town")
                .only_localized(*MEMBER_LIST_FIELDS),
                to_attr="visible_memberships",
            ),
        )


class Network(LogoMixin, PublishableModel):
    class Kind(models.TextChoices):
        NATIONAL_NETWORK = "national_network", _("national network")
        NATIONAL_COALITION = "national_coalition", _("national coalition")
        REGIONAL_PLATFORM = "regional_platform", _("regional platform")
        EUROPEAN_PLATFORM = "european_platform", _("European platform")
        EUROPEAN_NETWORK = "european_network", _("European network")
        GLOBAL_ALLIANCE = "global_alliance", _("global alliance")
        GLOBAL_NETWORK = "global_network", _("global network")
        UN_STATUS = "un_status", _("United Nations status")

    class Scope(models.TextChoices):
        """How far a network reaches: the home page groups the networks by it."""

        NATIONAL = "national", _("In Serbia")
        REGIONAL = "regional", _("In the region")
        EUROPEAN = "european", _("In Europe")
        GLOBAL = "global", _("Worldwide")
        UNITED_NATIONS = "united_nations", _("At the United Nations")

    SCOPE_OF_KIND = {
        Kind.NATIONAL_NETWORK: Scope.NATIONAL,
        Kind.NATIONAL_COALITION: Scope.NATIONAL,
        Kind.REGIONAL_PLATFORM: Scope.REGIONAL,
        Kind.EUROPEAN_PLATFORM: Scope.EUROPEAN,
        Kind.EUROPEAN_NETWORK: Scope.EUROPEAN,
        Kind.GLOBAL_ALLIANCE: Scope.GLOBAL,
        Kind.GLOBAL_NETWORK: Scope.GLOBAL,
        Kind.UN_STATUS: Scope.UNITED_NATIONS,
    }

    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("The last part of the page address. Filled from the name if left empty."),
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(
        _("short name"), max_length=60, help_text=_("Used on cards and in lists, e.g. “GAATW”.")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind)
    summary = models.TextField(_("summary"), help_text=_("One paragraph, shown on the cards."))
    description = models.TextField(
        _("description"), help_text=_("The full text. Separate paragraphs with a blank line.")
    )
    astra_relationship = models.TextField(
        _("ASTRA’s relationship"),
        help_text=_(
            "In words: what ASTRA is and does in this network. ASTRA’s role and the year it "
            "joined are set on its membership."
        ),
    )
    founded_year = models.PositiveSmallIntegerField(_("founded (year)"), null=True, blank=True)
    headquarters = models.CharField(_("headquarters"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    member_count = models.PositiveIntegerField(
        _("reported member count"),
        null=True,
        blank=True,
        help_text=_("The number of members the network reports (not only those listed here)."),
    )
    member_count_note = models.CharField(
        _("member count in words"),
        max_length=300,
        blank=True,
        help_text=_("E.g. “26 members and 2 associate members from 23 European countries”."),
    )
    member_count_as_of = models.DateField(_("member count as of"), null=True, blank=True)
    member_count_source = models.CharField(_("member count source"), max_length=200, blank=True)
    logo = LogoField(_("logo"), blank=True)
    logo_alt = models.CharField(
        _("logo alt text"),
        max_length=250,
        blank=True,
        default="",
        db_default="",
        help_text=LOGO_ALT_HELP,
    )
    logo_renditions = RenditionsField(_("logo renditions"))
    display_order = models.PositiveSmallIntegerField(
        _("display order"),
        default=0,
        validators=[MaxValueValidator(LAST_PLACE)],
        help_text=_(
            "The home page shows the networks in this order, the lowest number first. Each "
            "network has a number of its own: to move one, drag it in the list of networks, "
            "or change the numbers there."
        ),
    )

    objects = NetworkQuerySet.as_manager()

    class Meta:
        # The order editors set, and nothing else: no two networks share a place.
        ordering = ["display_order"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        constraints = [
            models.UniqueConstraint(
                fields=["display_order"],
                name="one_network_per_place",
                # "unique": the form shows it beside the field, not above the form.
                violation_error_code="unique",
                violation_error_message=_(
                    "Another network already has this place on the home page: choose a free "
                    "number, or reorder the networks in their list."
                ),
            )
        ]

    def __str__(self):
        return self.name

    def fill_derived_fields(self):
        fill_translated_slugs(self, "name")

    def clean(self):
        super().clean()
        errors = {}
        if future := not_in_the_future(self.founded_year):
            errors["founded_year"] = future
        as_of = self.member_count_as_of
        if as_of and (future := not_in_the_future(as_of.year, as_of.month, as_of.day)):
            errors["member_count_as_of"] = future
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self):
        return reverse("networks:network-detail", kwargs={"slug": self.slug})

    def get_kind_display(self):
        return choice_label(self.Kind, self.kind)

    def get_size_source_display(self):
        """Where the reported size comes from, in the active language: "source: ASTRA's
        Networking page, as of 28 November 2026" (either part only, when that is all)."""
        source = self.member_count_source
        date = self.member_count_as_of and formats.date_format(self.member_count_as_of)
        if source and date:
            return gettext("source: %(source)s, as of %(date)s") % {"source": source, "date": date}
        if source:
            return gettext("source: %(source)s") % {"source": source}
        if date:
            return gettext("as of %(date)s") % {"date": date}
        return ""

    @property
    def scope(self):
        return self.SCOPE_OF_KIND.get(self.kind, self.Scope.NATIONAL)

    @classmethod
    def by_scope(cls, networks):
        """``networks`` grouped by scope, in the order of ``Scope`` (empty ones left out):
        a list of (scope, label, networks in their own order)."""
        groups = {scope: [] for scope in cls.Scope}
        for network in networks:
            groups[network.scope].append(network)
        return [(scope, scope.label, group) for scope, group in groups.items() if group]

    @property
    def is_status(self):
        """A status ASTRA holds (UN ECOSOC), not a network with members."""
        return self.kind == self.Kind.UN_STATUS

    @property
    def astra_membership(self):
        """ASTRA's own membership, from the prefetched list (no query)."""
        return next((m for m in self.visible_memberships if m.organization.is_astra), None)

    @property
    def lists_members(self):
        """Whether we list member organizations besides ASTRA's own membership (shown as
        ASTRA's role): for most networks we store that one alone, which is not the
        network's size."""
        return not self.is_status and any(
            not m.organization.is_astra for m in self.visible_memberships
        )


class Goal(ContentModel):
    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="goals", verbose_name=_("network")
    )
    text = models.TextField(_("goal"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Which goal of the content file this is (core/content), whatever editors change.
    content_key = models.CharField(
        _("content file key"), max_length=250, unique=True, null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["network", "order", "id"]
        verbose_name = pgettext_lazy("objective", "goal")
        verbose_name_plural = pgettext_lazy("objective", "goals")

    def __str__(self):
        return self.text
