"""The organization directory's questions: search, filters and the counts beside them.

A visitor filters by network, by role in a network, by town and by country, combined
with each other and with the search. Beside each choice is how many organizations it
would leave, with the other filters as they are ("Niš (2)"); choices that would leave
none are not offered. Every count of a filter comes from one query, so the page runs the
same number of queries whatever is filtered and however many organizations there are.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext
from django_countries import countries
from modeltranslation.utils import build_localized_fieldname

from core.i18n import choice_label
from core.models import localized_columns, published
from members.forms import DirectoryQueryForm
from members.maps import Place, build_map
from members.models import LANGUAGE_CODES, MemberOrganization, Membership, Town, any_slug
from networks.models import Network
from serbian.collation import serbian_order
from serbian.transliteration import collation_key

# In the order of the address's query string (alphabetical: one canonical address).
PARAMETERS = ("country", "network", "page", "q", "role", "sort", "town")
FILTERS = ("network", "role", "town", "country")
DEFAULT_SORT = "name"
# What a printed directory or a search engine's result page shows: a screen or two of
# cards, few enough to render in a few milliseconds, and 20 pages for 1,000 organizations.
PAGE_SIZE = 50
# What a card in the list reads (templates/members/organization_list.html); anything else
# read there costs a query per card (the query-count tests fail).
LISTED_FIELDS = ("slug", "name", "acronym", "logo", "logo_renditions", "town")


@dataclass
class Choice:
    value: str
    label: str
    count: int
    selected: bool = False
    obj: object = None


@dataclass
class ActiveFilter:
    name: str
    label: str
    remove_query: str


@dataclass
class SortChoice:
    value: str
    label: str
    query: str
    current: bool


@dataclass
class PageLink:
    number: int | None  # None: the gap ("…") between distant page numbers
    url: str = ""
    current: bool = False


@dataclass
class Pagination:
    number: int
    count: int
    previous_url: str
    next_url: str
    links: list


class CountedPaginator(Paginator):
    """A paginator told the number of rows: the directory knows it from the country
    filter's counts, which cost their query anyway."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self.count = count


@dataclass
class Facet:
    name: str
    label: str
    all_label: str
    choices: list = field(default_factory=list)


def slugs_of(obj):
    return {getattr(obj, build_localized_fieldname("slug", code)) for code in LANGUAGE_CODES}


def facet_columns(model, *fields):
    """A filter's columns: what its choices show, in the page's language, and the slug in
    every language (a choice is found by any of them)."""
    slugs = [build_localized_fieldname("slug", code) for code in LANGUAGE_CODES]
    return [*localized_columns(model, *fields), *slugs]


def _count(rows, group):
    """A correlated subquery: how many of ``rows`` (filtered by ``OuterRef``) there are."""
    counted = rows.order_by().values(group).annotate(count=Count("pk")).values("count")
    return Coalesce(Subquery(counted), 0)


def _label_order(choice):
    return collation_key(choice.label)


class Directory:
    """The organizations that answer a ``DirectoryQueryForm``, and the filters' choices.

    A network or a town is named by its slug in any language (the address in the page's
    language is the canonical one); one that does not exist is left out, with a note in
    ``ignored``, as are the form's invalid values (an unknown role or country).
    """

    def __init__(self, form):
        self.query = form.query
        self.sort = form.sort_order
        self.page_number = form.page_number
        self.values = {name: form.cleaned_data.get(name) or "" for name in FILTERS}
        self.ignored = [(name, value) for name, value in form.rejected.items() if value]
        self.network = self.town = None
        self._choose()

    # -- the querysets ----------------------------------------------------------------

    def organizations(self, *, without=()):
        """Published organizations that match the search and every filter but ``without``."""
        organizations = MemberOrganization.objects.published().search(self.query)
        values = {name: value for name, value in self.values.items() if name not in without}
        if values.get("town"):
            organizations = organizations.in_town(values["town"])
        if values.get("country"):
            organizations = organizations.in_country(values["country"])
        if values.get("network") or values.get("role"):
            organizations = organizations.in_network(
                values.get("network", ""), values.get("role", "")
            )
        return organizations

    def listed(self):
        """The list: every filter, in the chosen order (the columns a card shows, in the
        page's language and its fallbacks only)."""
        return self.organizations().sorted_by(self.sort).only_localized(*LISTED_FIELDS)

    def page(self):
        """The page asked for (``django.core.paginator.EmptyPage`` past the last one),
        sorted and sliced by the database: only its rows are fetched and rendered. Each
        organization's town and ``listed_networks`` are the filters' own objects (the
        networks' addresses computed once): a model object per membership, its network
        and each town was half of the page's time, Django's ``Model.__init__`` walking
        every column of these wide rows."""
        paginator = CountedPaginator(self.listed().with_shared_names(), PAGE_SIZE, count=self.count)
        page = paginator.page(self.page_number)
        organizations = list(page.object_list)
        memberships = (
            Membership.objects.filter(
                published("network__"), organization__in=[o.pk for o in organizations]
            )
            .order_by("network__display_order", "network__id")
            .values_list("organization", "network")
        )
        networks_of = {organization.pk: [] for organization in organizations}
        for organization, network in memberships:
            # Both lists are the published networks; one published between the two
            # queries (a publish date passing) waits for the next request.
            if network in self._networks_by_pk:
                networks_of[organization].append(self._networks_by_pk[network])
        for organization in organizations:
            organization.listed_networks = networks_of[organization.pk]
            # The town filter's choices count every town of the listed organizations
            # (they leave the town out), so they hold each one's town.
            if organization.town_id in self._towns_by_pk:
                organization.town = self._towns_by_pk[organization.town_id]
        page.object_list = organizations
        return page

    def pagination(self, page):
        """Links to the other pages: the first and last, two on each side of this one."""
        path = reverse("members:organization-list")

        def url(number):
            return path + self.query_string(page=number if number > 1 else "")

        links = [
            PageLink(number, url(number), number == page.number)
            if number != page.paginator.ELLIPSIS
            else PageLink(None)
            for number in page.paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            )
        ]
        return Pagination(
            number=page.number,
            count=page.paginator.num_pages,
            previous_url=url(page.previous_page_number()) if page.has_previous() else "",
            next_url=url(page.next_page_number()) if page.has_next() else "",
            links=links,
        )

    def _town_counts(self):
        # Counted per town in a subquery, then sorted: sorting the joined rows (one per
        # organization, by the Serbian collation) before grouping them cost ten times more.
        among = self.organizations(without={"town"})
        return (
            Town.objects.only(*facet_columns(Town, "name", "country", "latitude", "longitude"))
            .annotate(count=_count(among.filter(town=OuterRef("pk")), "town"))
            .filter(Q(count__gt=0) | self._is_chosen("slug", self.values["town"]))
            .order_by(serbian_order("name"), "id")
        )

    def _network_counts(self):
        # The role counts too: "AT Network (3)" with "coordinator" chosen means three
        # coordinators of the AT Network (one membership per network and organization).
        memberships = Membership.objects.filter(
            network=OuterRef("pk"),
            organization__in=self.organizations(without={"network", "role"}).values("pk"),
        )
        if self.values["role"]:
            memberships = memberships.filter(role=self.values["role"])
        return (
            Network.objects.published()
            .only(*facet_columns(Network, "short_name"))
            .annotate(count=_count(memberships, "network"))
            .order_by(serbian_order("short_name"), "id")
        )

    def _role_counts(self):
        memberships = Membership.objects.filter(
            published("network__"),
            organization__in=self.organizations(without={"network", "role"}).values("pk"),
        )
        if self.values["network"]:
            memberships = memberships.filter(any_slug("network__slug", self.values["network"]))
        return (
            memberships.order_by()
            .values_list("role")
            .annotate(count=Count("organization", distinct=True))
        )

    def _country_counts(self):
        return (
            self.organizations(without={"country"})
            .order_by()
            .values_list("town__country")
            .annotate(count=Count("pk", distinct=True))
        )

    # -- the choices -------------------------------------------------------------------

    def _choose(self):
        towns, networks = list(self._town_counts()), list(self._network_counts())
        missing = [
            name
            for name, objects in (("town", towns), ("network", networks))
            if self.values[name] and not self._find(objects, self.values[name])
        ]
        if missing:
            # Counted with a filter that does not exist: count again without it (only
            # an address that was mistyped or is out of date pays for this).
            for name in missing:
                self.ignored.append((name, self.values[name]))
                self.values[name] = ""
            towns, networks = list(self._town_counts()), list(self._network_counts())
        self.town = self._find(towns, self.values["town"])
        self.network = self._find(networks, self.values["network"])
        self._networks_by_pk = {network.pk: network for network in networks}
        self._towns_by_pk = {town.pk: town for town in towns}
        for network in networks:
            network.page_url = network.get_absolute_url()
        country_counts = dict(self._country_counts())
        # Every organization is in one town, so in one country: the countries' counts
        # add up to the whole result (or, with a country chosen, its count is the
        # result). The pagination's count costs no query of its own.
        country = self.values["country"]
        self.count = country_counts.get(country, 0) if country else sum(country_counts.values())
        self.facets = [
            self._facet(
                "network",
                pgettext("directory filter", "Network"),
                gettext("All networks"),
                [
                    Choice(n.slug, n.short_name, n.count, n == self.network, n)
                    for n in networks
                    if n.count or n == self.network
                ],
            ),
            self._facet(
                "role",
                pgettext("directory filter", "Role in the network"),
                gettext("All roles"),
                sorted(
                    (
                        Choice(role, choice_label(Membership.Role, role), count)
                        for role, count in self._role_counts()
                    ),
                    key=_label_order,
                ),
            ),
            self._facet(
                "town",
                pgettext("directory filter", "Town"),
                gettext("All towns"),
                [
                    Choice(t.slug, t.name, t.count, t == self.town, t)
                    for t in towns
                    if t.count or t == self.town
                ],
            ),
            self._facet(
                "country",
                pgettext("directory filter", "Country"),
                gettext("All countries"),
                sorted(
                    (
                        Choice(code, countries.name(code) or code, count)
                        for code, count in country_counts.items()
                    ),
                    key=_label_order,
                ),
            ),
        ]

    def _facet(self, name, label, all_label, choices):
        value = self.values[name]
        for choice in choices:
            choice.selected = choice.selected or (choice.obj is None and choice.value == value)
        if value and name in ("role", "country") and not any(c.selected for c in choices):
            # A valid choice that leaves nothing is still shown as chosen.
            label_of = {
                "role": lambda: choice_label(Membership.Role, value),
                "country": lambda: countries.name(value) or value,
            }[name]
            choices.append(Choice(value, label_of(), 0, selected=True))
        return Facet(name, label, all_label, choices)

    @staticmethod
    def _is_chosen(field, slug):
        return any_slug(field, slug) if slug else Q(pk__in=[])

    @staticmethod
    def _find(objects, slug):
        if not slug:
            return None
        return next((obj for obj in objects if slug in slugs_of(obj)), None)

    # -- addresses ---------------------------------------------------------------------

    def parameters(self, **changes):
        """The canonical query parameters in the active language (slugs in its language,
        empty ones and the default order left out, in alphabetical order)."""
        values = {
            "country": self.values["country"],
            "network": self.network.slug if self.network else "",
            "page": self.page_number if self.page_number > 1 else "",
            "q": self.query,
            "role": self.values["role"],
            "sort": self.sort,
            "town": self.town.slug if self.town else "",
        }
        if changes and "page" not in changes:
            # Another question (a filter, the search, the order) starts at its first page.
            values["page"] = ""
        values.update(changes)
        if values["sort"] == DEFAULT_SORT:
            values["sort"] = ""
        return [(name, values[name]) for name in PARAMETERS if values[name]]

    def query_string(self, **changes):
        parameters = self.parameters(**changes)
        return "?" + urlencode(parameters) if parameters else ""

    def query_string_in(self, code):
        with translation.override(code):
            return self.query_string()

    @property
    def selected(self):
        return [
            (facet, choice) for facet in self.facets for choice in facet.choices if choice.selected
        ]

    @property
    def active_filters(self):
        return [
            ActiveFilter(facet.name, choice.label, self.query_string(**{facet.name: ""}))
            for facet, choice in self.selected
        ]

    @property
    def is_filtered(self):
        return bool(self.selected)

    @property
    def unfiltered_query(self):
        """The search and the order as they are, without any filter."""
        return self.query_string(**dict.fromkeys(FILTERS, ""))

    @property
    def sort_choices(self):
        return [
            SortChoice(value, label, self.query_string(sort=value), value == self.sort)
            for value, label in DirectoryQueryForm.SORTS.items()
        ]

    def title(self, page):
        """The heading, and the page beyond the first: "Member organizations – page 2 of
        20" (a search engine's result names it, and so does the browser's history)."""
        if page.number == 1:
            return self.heading
        return gettext("%(heading)s – page %(number)s of %(count)s") % {
            "heading": self.heading,
            "number": page.number,
            "count": page.paginator.num_pages,
        }

    @property
    def heading(self):
        """ "Member organizations", and what they are filtered by."""
        if not self.selected:
            return gettext("Member organizations")
        return gettext("Member organizations: %(filters)s") % {
            "filters": ", ".join(choice.label for _facet, choice in self.selected)
        }

    def ignored_messages(self):
        messages = {
            "network": gettext(
                "No network has the address “%(value)s”: the list is not filtered by network."
            ),
            "role": gettext(
                "“%(value)s” is not a role in a network: the list is not filtered by role."
            ),
            "town": gettext("There is no town “%(value)s” here: the list is not filtered by town."),
            "country": gettext(
                "“%(value)s” is not a country code: the list is not filtered by country."
            ),
            "page": gettext("“%(value)s” is not a page number: the first page is shown."),
        }
        return [messages[name] % {"value": value} for name, value in self.ignored]

    def town_choices_with_location(self):
        town_facet = next(facet for facet in self.facets if facet.name == "town")
        return [choice for choice in town_facet.choices if choice.obj.has_location]


def member_places(network):
    """The towns of a network's listed members (from its prefetched memberships: no
    query), each with its number of organizations and a link to the directory filtered
    by the network and the town."""
    towns = {}
    for membership in network.visible_memberships:
        town = membership.organization.town
        if town.has_location:
            towns.setdefault(town.pk, [town, 0])[1] += 1
    directory = reverse("members:organization-list")
    return [
        Place(
            name=town.name,
            country=town.country.code,
            latitude=float(town.latitude),
            longitude=float(town.longitude),
            count=count,
            url=directory + "?" + urlencode({"network": network.slug, "town": town.slug}),
        )
        for town, count in sorted(towns.values(), key=lambda item: collation_key(item[0].name))
    ]


def directory_places(directory):
    """The directory's towns (the town filter's choices) as map marks: each links to the
    directory with that town chosen and the other filters as they are."""
    path = reverse("members:organization-list")
    return [
        Place(
            name=choice.label,
            country=choice.obj.country.code,
            latitude=float(choice.obj.latitude),
            longitude=float(choice.obj.longitude),
            count=choice.count,
            url=path + directory.query_string(town=choice.value),
        )
        for choice in directory.town_choices_with_location()
    ]


def network_map(network):
    """The map of a network's listed members' towns, or None (none has a location)."""
    return build_map(
        member_places(network),
        title=gettext("Where the members are"),
        description=gettext(
            "A map with a mark on each town of the member organizations listed "
            "here, with their number."
        ),
    )
