"""Open data: every fact of the directory, in every language, as JSON and CSV files at
stable addresses outside the language prefixes (``/data/``), described by a Frictionless
Data Package (``/data/datapackage.json``), and the page that explains them.

One function, ``directory_tables``, reads the database and builds the rows (plain dicts);
the JSON file and every CSV file are made from those rows, so they never disagree. The
tables' columns are declared once (``TABLES``): the rows follow them, the CSV headers and
the package's schemas are made from them, and the Open data page lists them.

A text is given in every language: in the JSON as an object keyed by BCP 47 tags
(``{"sr-Latn": …, "sr-Cyrl": …, "en": …}``), in the CSV files as one column per
language, named ``<field>_<tag in lowercase, hyphen as underscore>`` (``name_sr_latn``,
``name_sr_cyrl``, ``name_en``): names that SQL, R and pandas take as they are. The files
hold what is stored for each language, without the pages' fallbacks: a text missing in a
language is null (an empty cell), not another language's text.
"""

import csv
import io
import json
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView
from django_countries import countries
from modeltranslation.utils import build_localized_fieldname

from core.i18n import LanguageAlternatesMixin, choice_label, language_tag
from core.models import published
from members.models import MemberOrganization, Membership
from networks.models import Goal, Network

# (Django's code, BCP 47 tag, CSV column suffix), in the order of settings.LANGUAGES.
LANGUAGES = [
    (code, language_tag(code), language_tag(code).lower().replace("-", "_"))
    for code, _name in settings.LANGUAGES
]
# The package's own descriptions (and the JSON's) are in English; the data are in all.
METADATA_LANGUAGE = "en"

LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}
ATTRIBUTION = "ASTRA – Anti-Trafficking Action"
ASTRA_WEBSITE = "https://www.astra.rs/"
# Where the texts come from: ASTRA's own Networking page (see core/content/astra.toml);
# each network's reported size names its own source in the networks table.
SOURCES = [
    {
        "title": "ASTRA – Anti-Trafficking Action: the Networking page (copied 2026-11-28)",
        "path": ASTRA_WEBSITE,
    }
]

# Table Schema patterns are XML Schema regular expressions: implicitly anchored.
SINCE_PATTERN = r"\d{4}(-\d{2}(-\d{2})?)?"


@dataclass(frozen=True)
class Column:
    """One column of a table; a translated one is a column per language in the CSV files
    and an object keyed by language tags in the JSON."""

    name: str
    type: str  # a Table Schema type: integer, number, string, boolean, date
    description: str  # English, for the data package
    translated: bool = False
    required: bool = False
    format: str = ""  # a Table Schema format, e.g. "uri"
    pattern: str = ""
    enum: tuple = ()

    def csv_names(self):
        if self.translated:
            return [f"{self.name}_{suffix}" for _code, _tag, suffix in LANGUAGES]
        return [self.name]

    def schema_fields(self):
        constraints = {}
        if self.required:
            constraints["required"] = True
        if self.pattern:
            constraints["pattern"] = self.pattern
        if self.enum:
            constraints["enum"] = list(self.enum)
        if not self.translated:
            names = [(self.name, self.description)]
        else:
            names = [
                (name, f"{self.description} Language: {tag}.")
                for name, (_code, tag, _suffix) in zip(self.csv_names(), LANGUAGES, strict=True)
            ]
        fields = []
        for name, description in names:
            field = {"name": name, "type": self.type, "description": description}
            if self.format:
                field["format"] = self.format
            if constraints:
                field["constraints"] = constraints
            fields.append(field)
        return fields


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    summary: str  # translated: what the Open data page says of the file
    columns: tuple
    # (column, table it points to): each to that table's id.
    foreign_keys: tuple = ()

    @property
    def path(self):
        return f"{self.name}.csv"

    @property
    def url_name(self):
        return f"opendata:{self.name}-csv"

    def csv_header(self):
        return [name for column in self.columns for name in column.csv_names()]

    def resource(self):
        """The data package's description of this table's CSV file."""
        with translation.override(METADATA_LANGUAGE):
            description = str(self.summary)
        return {
            "name": self.name,
            "title": self.title,
            "description": description,
            "path": self.path,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {
                "fields": [field for column in self.columns for field in column.schema_fields()],
                "missingValues": [""],
                "primaryKey": ["id"],
                "foreignKeys": [
                    {"fields": [column], "reference": {"resource": table, "fields": ["id"]}}
                    for column, table in self.foreign_keys
                ],
            },
        }


ID = Column("id", "integer", "The row’s stable identifier (it never changes).", required=True)
SLUG = Column("slug", "string", "The last part of its page’s address.", translated=True)

# The tables' summaries are shown on the Open data page, translated. They name no file,
# column or format: the Serbian Cyrillic catalogue is the Latin one transliterated, which
# would turn "towns.csv" into Cyrillic letters (the page passes such names as placeholders).
TABLES = (
    Table(
        "networks",
        "Networks",
        _(
            "The networks ASTRA belongs to: names, kind, descriptions, ASTRA’s relationship, "
            "founding year, headquarters, website, addresses of their pages, and the size "
            "each network reports, with its source and date."
        ),
        (
            ID,
            SLUG,
            Column("url", "string", "Its page on this site.", translated=True, format="uri"),
            Column("name", "string", "The network’s name.", translated=True, required=True),
            Column("short_name", "string", "The short name used in lists.", translated=True),
            Column(
                "kind",
                "string",
                "What it is, as a code.",
                required=True,
                enum=tuple(Network.Kind.values),
            ),
            Column("kind_label", "string", "What it is, in words.", translated=True),
            Column("summary", "string", "One paragraph about it.", translated=True),
            Column(
                "description",
                "string",
                "The full text; paragraphs are separated by a blank line.",
                translated=True,
            ),
            Column(
                "astra_relationship",
                "string",
                "What ASTRA is and does in this network.",
                translated=True,
            ),
            Column("founded_year", "integer", "The year it was founded."),
            Column("headquarters", "string", "Where it is based.", translated=True),
            Column("website", "string", "Its own website.", format="uri"),
            Column(
                "member_count",
                "integer",
                "The number of members the network reports (not only those listed here).",
            ),
            Column("member_count_note", "string", "The reported size in words.", translated=True),
            Column(
                "member_count_source",
                "string",
                "Where the reported size comes from.",
                translated=True,
            ),
            Column("member_count_as_of", "date", "The date of the reported size."),
            Column("logo", "string", "The address of its logo.", format="uri"),
            Column("display_order", "integer", "Its place in the site’s list of networks."),
        ),
    ),
    Table(
        "organizations",
        "Member organizations",
        _(
            "The organizations in the networks: names, acronyms, short descriptions, "
            "websites, addresses of their pages, and the town each is in."
        ),
        (
            ID,
            SLUG,
            Column("url", "string", "Its page on this site.", translated=True, format="uri"),
            Column("name", "string", "The organization’s name.", translated=True, required=True),
            Column("acronym", "string", "Its acronym.", translated=True),
            Column("description", "string", "A short description.", translated=True),
            Column("town", "integer", "Its town: an id in towns.csv.", required=True),
            Column("website", "string", "Its own website.", format="uri"),
            Column("is_astra", "boolean", "Whether this is ASTRA itself.", required=True),
        ),
        foreign_keys=(("town", "towns"),),
    ),
    Table(
        "memberships",
        "Memberships",
        _(
            "Which organization belongs to which network (by their ids), its role, since "
            "when, and a note."
        ),
        (
            ID,
            Column("network", "integer", "The network: an id in networks.csv.", required=True),
            Column(
                "organization",
                "integer",
                "The organization: an id in organizations.csv.",
                required=True,
            ),
            Column(
                "role",
                "string",
                "The organization’s role in the network, as a code.",
                required=True,
                enum=tuple(Membership.Role.values),
            ),
            Column("role_label", "string", "The role in words.", translated=True),
            Column(
                "since",
                "string",
                "Since when, as precisely as known: 2014, 2014-07 or 2014-07-17.",
                pattern=SINCE_PATTERN,
            ),
            Column("since_year", "integer", "The year of “since”."),
            Column("note", "string", "A note on the membership.", translated=True),
        ),
        foreign_keys=(("network", "networks"), ("organization", "organizations")),
    ),
    Table(
        "towns",
        "Towns",
        _(
            "The towns the organizations are in: names, the country (its two-letter code "
            "and its name) and the latitude and longitude of the town centre."
        ),
        (
            ID,
            SLUG,
            Column("name", "string", "The town’s name.", translated=True, required=True),
            Column(
                "country",
                "string",
                "The country’s ISO 3166-1 alpha-2 code.",
                required=True,
                pattern="[A-Z]{2}",
            ),
            Column("country_name", "string", "The country’s name.", translated=True),
            Column("latitude", "number", "Degrees north (WGS 84) of the town centre."),
            Column("longitude", "number", "Degrees east (WGS 84) of the town centre."),
        ),
    ),
    Table(
        "goals",
        "Goals",
        _("Each network’s goals, in the order the network’s page lists them."),
        (
            ID,
            Column("network", "integer", "The network: an id in networks.csv.", required=True),
            Column("order", "integer", "Its place in the network’s list of goals."),
            Column("text", "string", "The goal.", translated=True, required=True),
        ),
        foreign_keys=(("network", "networks"),),
    ),
)
TABLES_BY_NAME = {table.name: table for table in TABLES}

JSON_SUMMARY = _(
    "Everything in one file: the same tables, with each text in every language side by side."
)


# --- The rows ---------------------------------------------------------------------------


def _texts(obj, field):
    """``{"sr-Latn": …, "sr-Cyrl": …, "en": …}``: what is stored, None where nothing is."""
    return {
        tag: getattr(obj, build_localized_fieldname(field, code)) or None
        for code, tag, _suffix in LANGUAGES
    }


def _in_every_language(make):
    """``{tag: make()}`` with each language active in turn."""
    result = {}
    for code, tag, _suffix in LANGUAGES:
        with translation.override(code):
            result[tag] = make()
    return result


class _Addresses:
    """Each row's page address in every language, as ``get_absolute_url`` gives it, at a
    thousand rows: the address is reversed once per language and view, with a stand-in
    slug that each row's own (quoted as ``reverse`` quotes it) replaces."""

    STAND_IN = "slug-stand-in"

    def __init__(self, request):
        self.request = request
        self.patterns = {}

    def __call__(self, obj):
        result = {}
        for code, tag, _suffix in LANGUAGES:
            with translation.override(code):
                slug = obj.slug
            result[tag] = self.pattern(type(obj), code).replace(
                self.STAND_IN, quote(slug, safe=RFC3986_SUBDELIMS + "/~:@")
            )
        return result

    def pattern(self, model, code):
        key = (model, code)
        if key not in self.patterns:
            stand_in = model(**{build_localized_fieldname("slug", code): self.STAND_IN})
            with translation.override(code):
                self.patterns[key] = self.request.build_absolute_uri(stand_in.get_absolute_url())
        return self.patterns[key]


def _labels(choices):
    """Every choice's label in every language: ``{value: {tag: label}}``."""
    return {
        value: _in_every_language(lambda value=value: choice_label(choices, value))
        for value in choices.values
    }


def _number(value):
    return None if value is None else float(value)


def _iso_date(value):
    return None if value is None else value.isoformat()


def directory_tables(request, names=None):
    """The published rows of the directory's tables ``names`` (all of them by default),
    table by table (``{"networks": [...], ...}``, in the order of ``TABLES``), as plain
    dicts ready for JSON. At most four queries, whatever the number of rows: one CSV file
    reads only what its table and the rows it points to need.

    A membership or a goal is listed only with the rows it points to, even if something
    was published between two of the queries: the files never point to a missing row.
    """
    names = [table.name for table in TABLES if names is None or table.name in names]
    wanted = set(names)
    networks = organizations = ()
    if wanted & {"networks", "memberships", "goals"}:
        networks = Network.objects.published().order_by("display_order", "id")
        # Only their ids, when only the rows pointing to them are asked for.
        networks = list(networks if "networks" in wanted else networks.values_list("pk", flat=True))
    if wanted & {"organizations", "memberships", "towns"}:
        organizations = MemberOrganization.objects.published().order_by("id")
        if wanted & {"organizations", "towns"}:
            organizations = list(organizations.select_related("town"))
        else:
            organizations = list(organizations.values_list("pk", flat=True))
    network_ids = {getattr(network, "pk", network) for network in networks}
    organization_ids = {getattr(org, "pk", org) for org in organizations}
    kinds, roles = _labels(Network.Kind), _labels(Membership.Role)
    addresses = _Addresses(request)

    def network_rows():
        return [
            {
                "id": network.pk,
                "slug": _texts(network, "slug"),
                "url": addresses(network),
                "name": _texts(network, "name"),
                "short_name": _texts(network, "short_name"),
                "kind": network.kind,
                "kind_label": kinds.get(network.kind, {}),
                "summary": _texts(network, "summary"),
                "description": _texts(network, "description"),
                "astra_relationship": _texts(network, "astra_relationship"),
                "founded_year": network.founded_year,
                "headquarters": _texts(network, "headquarters"),
                "website": network.website or None,
                "member_count": network.member_count,
                "member_count_note": _texts(network, "member_count_note"),
                "member_count_source": _texts(network, "member_count_source"),
                "member_count_as_of": _iso_date(network.member_count_as_of),
                "logo": request.build_absolute_uri(network.logo.url) if network.logo else None,
                "display_order": network.display_order,
            }
            for network in networks
        ]

    def organization_rows():
        return [
            {
                "id": organization.pk,
                "slug": _texts(organization, "slug"),
                "url": addresses(organization),
                "name": _texts(organization, "name"),
                "acronym": _texts(organization, "acronym"),
                "description": _texts(organization, "description"),
                "town": organization.town_id,
                "website": organization.website or None,
                "is_astra": organization.is_astra,
            }
            for organization in organizations
        ]

    def membership_rows():
        memberships = Membership.objects.filter(
            published("network__"), published("organization__")
        ).order_by("id")
        return [
            {
                "id": membership.pk,
                "network": membership.network_id,
                "organization": membership.organization_id,
                "role": membership.role,
                "role_label": roles.get(membership.role, {}),
                "since": membership.since_iso,
                "since_year": membership.since,
                "note": _texts(membership, "note"),
            }
            for membership in memberships
            if membership.network_id in network_ids
            and membership.organization_id in organization_ids
        ]

    def town_rows():
        # The towns of the listed organizations: the others are in no published fact.
        towns = sorted({o.town_id: o.town for o in organizations}.values(), key=lambda t: t.pk)
        country_names = {
            code: _in_every_language(lambda code=code: str(countries.name(code)))
            for code in {str(town.country) for town in towns}
        }
        return [
            {
                "id": town.pk,
                "slug": _texts(town, "slug"),
                "name": _texts(town, "name"),
                "country": str(town.country),
                "country_name": country_names[str(town.country)],
                "latitude": _number(town.latitude),
                "longitude": _number(town.longitude),
            }
            for town in towns
        ]

    def goal_rows():
        goals = Goal.objects.filter(published("network__")).order_by(
            "network__display_order", "network_id", "order", "id"
        )
        return [
            {
                "id": goal.pk,
                "network": goal.network_id,
                "order": goal.order,
                "text": _texts(goal, "text"),
            }
            for goal in goals
            if goal.network_id in network_ids
        ]

    rows = {
        "networks": network_rows,
        "organizations": organization_rows,
        "memberships": membership_rows,
        "towns": town_rows,
        "goals": goal_rows,
    }
    return {name: rows[name]() for name in names}


# --- The files --------------------------------------------------------------------------

# The directory's texts are in every language; the package's descriptions in English.
ALL_LANGUAGES = ", ".join(tag for _code, tag, _suffix in LANGUAGES)


def _file_response(content, content_type, filename, *, attachment=False, language=ALL_LANGUAGES):
    response = HttpResponse(content, content_type=content_type)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Content-Language"] = language
    # Open data: any web page may read it (it is public and takes no credentials).
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _json(document):
    # Without indentation: json's C encoder, several times faster than the indenting
    # Python one on a directory of a thousand organizations (a data file, not a page).
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def table_csv_text(table, rows):
    """The CSV file of ``rows`` of ``table``: a header row, then one line per row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180
    writer.writerow(table.csv_header())
    for row in rows:
        cells = []
        for column in table.columns:
            value = row[column.name]
            if column.translated:
                cells.extend(_csv_value(value.get(tag)) for _code, tag, _suffix in LANGUAGES)
            else:
                cells.append(_csv_value(value))
        writer.writerow(cells)
    return out.getvalue()


def _package_url(request):
    return request.build_absolute_uri(reverse("opendata:datapackage"))


def _open_data_page_url(request):
    with translation.override(METADATA_LANGUAGE):
        return request.build_absolute_uri(reverse("members:open-data"))


@require_safe
def directory_json(request):
    document = {
        "title": "ASTRA’s networks: the directory",
        "description": (
            "The networks ASTRA belongs to, their member organizations, the organizations’ "
            "towns, the memberships and the networks’ goals. Each text is given in every "
            "language of the site, keyed by BCP 47 tags; null where there is none."
        ),
        "languages": [tag for _code, tag, _suffix in LANGUAGES],
        "license": LICENSE,
        "attribution": ATTRIBUTION,
        "homepage": _open_data_page_url(request),
        "datapackage": _package_url(request),
        **directory_tables(request),
    }
    return _file_response(_json(document), "application/json", "directory.json")


@require_safe
def table_csv(request, table):
    table = TABLES_BY_NAME[table]
    text = table_csv_text(table, directory_tables(request, [table.name])[table.name])
    return _file_response(text, "text/csv; charset=utf-8", table.path, attachment=True)


def package_descriptor(request):
    with translation.override(METADATA_LANGUAGE):
        json_summary = str(JSON_SUMMARY)
    return {
        "name": "astra-networks",
        "title": "ASTRA’s networks: networks, member organizations and memberships",
        "description": (
            "The directory of the networks ASTRA – Anti-Trafficking Action belongs to: the "
            "networks, their member organizations and towns, the memberships with their "
            "roles, and the networks’ goals, in English, Serbian (Latin script) and "
            "Serbian (Cyrillic script). Columns of texts come once per language, suffixed "
            + ", ".join(f"_{suffix} ({tag})" for _code, tag, suffix in LANGUAGES)
            + ". Only what the site publishes; the files change with every edit."
        ),
        "homepage": _open_data_page_url(request),
        "keywords": ["human trafficking", "civil society", "networks", "Serbia"],
        "licenses": [LICENSE],
        "sources": SOURCES,
        "contributors": [{"title": ATTRIBUTION, "path": ASTRA_WEBSITE, "role": "author"}],
        "resources": [
            *(table.resource() for table in TABLES),
            {
                "name": "directory",
                "title": "The directory in one JSON file",
                "description": json_summary,
                "path": "directory.json",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
            },
        ],
    }


@require_safe
def datapackage_json(request):
    return _file_response(
        _json(package_descriptor(request)),
        "application/json",
        "datapackage.json",
        language=METADATA_LANGUAGE,
    )


# --- The page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnName:
    name: str
    translated: bool


class OpenDataView(LanguageAlternatesMixin, TemplateView):
    """What the files hold, their columns and their licence, in the visitor's language."""

    template_name = "members/open_data.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tables"] = [
            {
                "path": table.path,
                "url": reverse(table.url_name),
                "summary": table.summary,
                "columns": [ColumnName(column.name, column.translated) for column in table.columns],
            }
            for table in TABLES
        ]
        context["json_summary"] = JSON_SUMMARY
        names = dict(settings.LANGUAGES)
        context["languages"] = [
            {"suffix": suffix, "name": names[code]} for code, _tag, suffix in LANGUAGES
        ]
        context["tags"] = ", ".join(tag for _code, tag, _suffix in LANGUAGES)
        context["license"] = LICENSE
        return context
