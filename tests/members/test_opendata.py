"""Open data: the directory as JSON and CSV files in every language, their data package,
the page that explains them, and their caching."""

import csv
import datetime
import io
import json

import frictionless
import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import parse_http_date

from members.opendata import LANGUAGES, TABLES, directory_tables
from tests.core.test_schedule import Clock
from tests.factories import (
    GoalFactory,
    MembershipFactory,
    NetworkFactory,
    OrganizationFactory,
    TownFactory,
)
from tests.helpers import network_form_data

pytestmark = pytest.mark.django_db

CSV_FILES = [f"/data/{table.path}" for table in TABLES]
DATA_FILES = ["/data/directory.json", "/data/datapackage.json", *CSV_FILES]
TAGS = ["sr-Latn", "sr-Cyrl", "en"]
CODES = {"en": "en", "sr-Latn": "sr-latn", "sr-Cyrl": "sr"}
# Last-Modified is given once its (whole) second has passed.
SECONDS = datetime.timedelta(seconds=2)


def directory(client):
    response = client.get("/data/directory.json")
    assert response.status_code == 200
    return json.loads(response.content)


def csv_rows(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def by_id(rows):
    return {int(row["id"]): row for row in rows}


def stored(obj, field):
    """What the database holds for ``field`` in every language, keyed by BCP 47 tag."""
    suffixes = {"en": "en", "sr-Latn": "sr_latn", "sr-Cyrl": "sr"}
    return {tag: getattr(obj, f"{field}_{suffixes[tag]}") or None for tag in TAGS}


def absolute_urls(obj):
    urls = {}
    for tag in TAGS:
        with translation.override(CODES[tag]):
            urls[tag] = f"http://testserver{obj.get_absolute_url()}"
    return urls


# --- Content ----------------------------------------------------------------------------


def test_directory_json_holds_the_networks_in_every_language(client, network):
    network.refresh_from_db()
    (row,) = directory(client)["networks"]
    assert row["id"] == network.pk
    assert row["name"] == {
        "sr-Latn": "Antitrafiking mreža",
        "sr-Cyrl": "Антитрафикинг мрежа",
        "en": "Anti-Trafficking Network",
    }
    for field in ("slug", "name", "short_name", "summary", "description", "headquarters"):
        assert row[field] == stored(network, field), field
    assert row["url"] == absolute_urls(network)
    assert row["url"]["en"] == "http://testserver/en/networks/at-network/"
    assert row["kind"] == "national_network"
    assert row["kind_label"]["en"] == "national network"
    assert row["website"] == "https://atmreza.org"
    assert row["founded_year"] == 2002


def test_directory_json_gives_each_reported_size_with_its_source_and_date(client, network):
    (row,) = directory(client)["networks"]
    assert row["member_count"] == 8
    assert row["member_count_note"]["en"] == "8 member organizations"
    assert row["member_count_note"]["sr-Latn"] == "8 organizacija članica"
    assert row["member_count_note"]["sr-Cyrl"] == "8 организација чланица"
    assert row["member_count_source"]["en"] == "ASTRA’s Networking page"
    # "ASTRA" is a protected term: Latin in Cyrillic text too.
    assert row["member_count_source"]["sr-Cyrl"] == "страница „Умрежавање“ ASTRA-е"
    assert row["member_count_as_of"] == "2026-11-28"


def test_directory_json_holds_organizations_towns_and_memberships(client, network, astra):
    data = directory(client)
    girls = network.memberships.get(organization__is_astra=False).organization
    organizations = by_id(data["organizations"])
    assert set(organizations) == {astra.pk, girls.pk}
    row = organizations[girls.pk]
    assert row["name"] == stored(girls, "name")
    assert row["name"]["sr-Cyrl"] == "Центар за девојке"
    assert row["slug"] == stored(girls, "slug")
    assert row["url"] == absolute_urls(girls)
    assert row["town"] == girls.town_id
    assert organizations[astra.pk]["is_astra"] is True

    towns = by_id(data["towns"])
    assert set(towns) == {astra.town_id, girls.town_id}
    nis = towns[girls.town_id]
    assert nis["name"] == {"sr-Latn": "Niš", "sr-Cyrl": "Ниш", "en": "Niš"}
    assert nis["country"] == "RS"
    assert nis["country_name"] == {"sr-Latn": "Srbija", "sr-Cyrl": "Србија", "en": "Serbia"}
    assert (nis["latitude"], nis["longitude"]) == (43.32, 21.9)

    memberships = {row["organization"]: row for row in data["memberships"]}
    founder = memberships[astra.pk]
    assert founder["network"] == network.pk
    assert founder["role"] == "founder_coordinator"
    assert founder["role_label"]["en"] == "founder and coordinator"
    assert (founder["since"], founder["since_year"]) == ("2002", 2002)
    assert memberships[girls.pk]["since"] is None

    goals = [goal for goal in data["goals"] if goal["network"] == network.pk]
    assert [goal["text"]["en"] for goal in goals] == ["Inform people at risk", "Raise visibility"]
    assert goals[0]["text"]["sr-Cyrl"] == "Информисати"


@pytest.mark.parametrize(
    ("month", "day", "expected"),
    [(None, None, "2014"), (7, None, "2014-07"), (7, 17, "2014-07-17")],
)
def test_a_membership_since_date_is_as_precise_as_it_is_known(client, month, day, expected):
    MembershipFactory(since=2014, since_month=month, since_day=day)
    (row,) = directory(client)["memberships"]
    assert (row["since"], row["since_year"]) == (expected, 2014)


def test_unpublished_rows_and_what_points_to_them_are_left_out(client, network, astra):
    girls = network.memberships.get(organization__is_astra=False).organization
    hidden_network = NetworkFactory(name_en="Hidden network", is_published=False)
    MembershipFactory(network=hidden_network, organization=astra)
    GoalFactory(network=hidden_network)
    hidden_town = TownFactory(name_en="Hidden town", name_sr_latn="Skriveni grad")
    hidden = OrganizationFactory(
        name_en="Hidden organization", is_published=False, town=hidden_town
    )
    MembershipFactory(network=network, organization=hidden)
    soon = OrganizationFactory(publish_at=timezone.now() + datetime.timedelta(hours=1))
    MembershipFactory(network=network, organization=soon)

    data = directory(client)
    assert [row["id"] for row in data["networks"]] == [network.pk]
    assert {row["network"] for row in data["goals"]} == {network.pk}
    assert hidden.pk not in by_id(data["organizations"])
    assert soon.pk not in by_id(data["organizations"])
    assert hidden_town.pk not in by_id(data["towns"])
    assert {(row["network"], row["organization"]) for row in data["memberships"]} == {
        (network.pk, astra.pk),
        (network.pk, girls.pk),
    }
    for path in CSV_FILES:
        text = client.get(path).content.decode()
        assert "Hidden" not in text, path
        assert "Skriveni" not in text, path
    assert str(hidden.pk) not in {row["organization"] for row in csv_rows(client, CSV_FILES[2])}


def test_each_csv_file_agrees_with_the_json(client, network):
    MembershipFactory(
        network=network,
        since=2014,
        since_month=7,
        note_en="Observer",
        note_sr_latn="Posmatrač",
        organization=OrganizationFactory(acronym_en="BCBP", acronym_sr_latn="BCBP"),
    )
    data = directory(client)
    for table in TABLES:
        rows = csv_rows(client, f"/data/{table.path}")
        assert len(rows) == len(data[table.name]) > 0, table.name
        for row, expected in zip(rows, data[table.name], strict=True):
            assert list(row) == table.csv_header()
            for column in table.columns:
                if column.translated:
                    for _code, tag, suffix in LANGUAGES:
                        value = expected[column.name][tag]
                        assert row[f"{column.name}_{suffix}"] == ("" if value is None else value)
                elif isinstance(expected[column.name], bool):
                    assert row[column.name] == str(expected[column.name]).lower()
                elif isinstance(expected[column.name], float):
                    assert float(row[column.name]) == expected[column.name]
                else:
                    value = expected[column.name]
                    assert row[column.name] == ("" if value is None else str(value)), column


def test_csv_columns_have_one_column_per_language(client, network):
    (row,) = csv_rows(client, "/data/networks.csv")
    assert row["name_en"] == "Anti-Trafficking Network"
    assert row["name_sr_latn"] == "Antitrafiking mreža"
    assert row["name_sr_cyrl"] == "Антитрафикинг мрежа"
    assert row["member_count"] == "8"
    assert row["member_count_as_of"] == "2026-11-28"


def test_serbian_letters_survive_in_utf8_without_a_bom(client, db):
    OrganizationFactory(
        name_en="Čačak Women’s Centre",
        name_sr_latn="Ženski centar Čačak – ćšžđ ČĆŠŽĐ",
        town=TownFactory(name_en="Čačak", name_sr_latn="Čačak"),
    )
    response = client.get("/data/organizations.csv")
    assert not response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8")
    assert "Ženski centar Čačak – ćšžđ ČĆŠŽĐ" in text
    assert "Женски центар Чачак – ћшжђ ЧЋШЖЂ" in text
    assert "Чачак" in client.get("/data/towns.csv").content.decode("utf-8")
    assert "ćšžđ" in directory(client)["organizations"][0]["name"]["sr-Latn"]


def test_data_files_say_what_they_are(client, network):
    for path in DATA_FILES:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Access-Control-Allow-Origin"] == "*"
        filename = path.removeprefix("/data/")
        if path.endswith(".csv"):
            assert response["Content-Type"] == "text/csv; charset=utf-8"
            assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
        else:
            assert response["Content-Type"] == "application/json"
            assert response["Content-Disposition"] == f'inline; filename="{filename}"'
    assert client.get("/data/directory.json")["Content-Language"] == "sr-Latn, sr-Cyrl, en"
    assert client.post("/data/directory.json").status_code == 405


def test_data_files_are_the_same_in_every_language_and_have_no_language_prefix(client, network):
    english = client.get("/data/networks.csv", headers={"accept-language": "en"})
    serbian = client.get("/data/networks.csv", headers={"accept-language": "sr"})
    assert english.content == serbian.content
    assert client.get("/en/data/networks.csv").status_code == 404


# --- The data package -------------------------------------------------------------------


def download_package(client, folder):
    package = json.loads(client.get("/data/datapackage.json").content)
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    for resource in package["resources"]:
        (folder / resource["path"]).write_bytes(client.get(f"/data/{resource['path']}").content)
    return package


def test_the_data_package_and_its_files_are_valid(client, network, tmp_path):
    MembershipFactory(since=2014, since_month=7, since_day=17)
    package = download_package(client, tmp_path)
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["title", "rowNumber", "fieldName", "note"])
    assert [resource["path"] for resource in package["resources"]] == [
        "networks.csv",
        "organizations.csv",
        "memberships.csv",
        "towns.csv",
        "goals.csv",
        "directory.json",
    ]
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert package["sources"]
    memberships = package["resources"][2]["schema"]
    assert memberships["primaryKey"] == ["id"]
    assert {key["reference"]["resource"] for key in memberships["foreignKeys"]} == {
        "networks",
        "organizations",
    }


def test_the_validation_catches_a_membership_of_an_unpublished_organization(
    client, network, tmp_path
):
    hidden = OrganizationFactory(is_published=False)
    download_package(client, tmp_path)
    path = tmp_path / "memberships.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    row = {"id": 999999, "network": network.pk, "organization": hidden.pk, "role": "member"}
    with path.open("a", encoding="utf-8", newline="") as file:
        csv.DictWriter(file, header, lineterminator="\r\n").writerow(row)
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert not report.valid
    assert [error[0] for error in report.flatten(["type"])] == ["foreign-key"]


# --- Queries ----------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 30])
def test_building_the_files_takes_the_same_queries_for_any_size(
    client, db, django_assert_num_queries, count
):
    for index in range(count):
        town = TownFactory(name_en=f"Town {index}", name_sr_latn=f"Grad {index}")
        membership = MembershipFactory(organization__town=town)
        GoalFactory(network=membership.network)
        MembershipFactory(organization=membership.organization)
    request = RequestFactory().get("/data/directory.json")
    # Networks, organizations with their towns, memberships, goals.
    with django_assert_num_queries(4):
        tables = directory_tables(request)
    assert len(tables["organizations"]) == count
    assert len(tables["memberships"]) == 2 * count
    assert len(tables["towns"]) == count
    # A CSV file reads only its own table and the ids of the rows it points to.
    for path, queries in (
        ("/data/directory.json", 4),
        ("/data/memberships.csv", 3),
        ("/data/goals.csv", 2),
        ("/data/towns.csv", 1),
    ):
        with django_assert_num_queries(queries):
            assert client.get(path).status_code == 200


# --- Caching and conditional requests --------------------------------------------------


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


@pytest.mark.parametrize("cache_seconds", [0, 600])
@pytest.mark.parametrize("path", DATA_FILES)
def test_an_unchanged_file_is_answered_with_304(client, network, settings, cache_seconds, path):
    settings.PAGE_CACHE_SECONDS = cache_seconds
    first = client.get(path)
    etag = first["ETag"]
    again = client.get(path, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Content-Language"] == first["Content-Language"]
    assert client.get(path, headers={"if-none-match": '"something else"'}).status_code == 200


def test_an_edit_changes_the_etag(client, network):
    etag = client.get("/data/networks.csv")["ETag"]
    network.name_en = "Renamed Network"
    network.save()
    response = client.get("/data/networks.csv", headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "Renamed Network" in response.content.decode()


@pytest.mark.usefixtures("page_cache_on")
def test_if_modified_since_is_answered_with_304_until_an_edit(client, network, monkeypatch):
    clock = Clock(monkeypatch)
    assert client.get("/data/directory.json")["X-Cache"] == "miss"
    clock.advance(SECONDS)
    response = client.get("/data/directory.json")
    assert response["X-Cache"] == "hit"
    last_modified = response["Last-Modified"]
    assert parse_http_date(last_modified) <= clock.now
    unchanged = client.get("/data/directory.json", headers={"if-modified-since": last_modified})
    assert unchanged.status_code == 304
    assert unchanged["Last-Modified"] == last_modified

    network.save()
    changed = client.get("/data/directory.json", headers={"if-modified-since": last_modified})
    assert changed.status_code == 200
    assert changed["X-Cache"] == "miss"
    # Not in the second the new version began: a version after it could share that date.
    assert "Last-Modified" not in changed
    clock.advance(SECONDS)
    response = client.get("/data/directory.json", headers={"if-modified-since": last_modified})
    assert response.status_code == 200
    assert response["X-Cache"] == "hit"
    assert parse_http_date(response["Last-Modified"]) > parse_http_date(last_modified)


@pytest.mark.usefixtures("page_cache_on")
def test_data_files_are_cached_and_an_admin_save_refreshes_them(
    admin_client, client, network, django_assert_num_queries
):
    for path in ("/data/directory.json", "/data/networks.csv"):
        assert client.get(path)["X-Cache"] == "miss"
        with django_assert_num_queries(0):
            assert client.get(path)["X-Cache"] == "hit"
    url = reverse("admin:networks_network_change", args=[network.pk])
    data = network_form_data(network, name_sr_latn="Preimenovana mreža")
    assert admin_client.post(url, data).status_code == 302
    response = client.get("/data/networks.csv")
    assert response["X-Cache"] == "miss"
    assert "Preimenovana mreža" in response.content.decode()
    assert "Преименована мрежа" in response.content.decode()
    assert "Preimenovana mreža" in client.get("/data/directory.json").content.decode()


# --- The page, the links, the sitemap ---------------------------------------------------


@pytest.mark.parametrize(("code", "tag"), [("en", "en"), ("sr-latn", "sr-Latn"), ("sr", "sr-Cyrl")])
def test_the_open_data_page_explains_and_links_each_file(client, db, code, tag):
    with translation.override(code):
        url = reverse("members:open-data")
        heading = translation.gettext("Open data")
        licence = translation.gettext("Licence")
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{tag}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert f">{licence}</h2>" in html
    for path in DATA_FILES:
        assert f'href="{path}"' in html, path
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in html
    assert "<code>name_sr_cyrl</code>" in html
    assert "<code>member_count_as_of</code>" in html
    for other in ("en", "sr-Latn", "sr-Cyrl"):
        assert f'<link rel="alternate" hreflang="{other}"' in html


def test_the_open_data_page_in_english(client, db):
    html = client.get("/en/open-data/").content.decode()
    assert "<title>Open data · ASTRA</title>" in html
    assert "Creative Commons Attribution 4.0 International licence (CC BY 4.0)" in html
    assert "<code>name_*</code>" in html
    assert "<code>name_sr_latn</code> – Serbian (Latin)" in html


def test_every_page_links_the_open_data_page_in_its_footer(client, network):
    for path in ("/en/", "/en/organizations/"):
        assert 'href="/en/open-data/"' in client.get(path).content.decode()


def test_the_alternate_links_name_the_machine_readable_twins(rf):
    with translation.override("en"):
        html = render_to_string("includes/_data_links.html")
    assert (
        '<link rel="alternate" type="application/json" href="/data/directory.json" '
        'title="The directory as JSON (every language)">' in html
    )
    for name in ("networks", "organizations", "memberships"):
        assert f'<link rel="alternate" type="text/csv" href="/data/{name}.csv"' in html


def test_the_sitemap_lists_the_open_data_page_in_every_language(client, db):
    xml = client.get("/sitemap.xml").content.decode()
    for code in ("en", "sr-latn", "sr"):
        with translation.override(code):
            assert f"<loc>http://testserver{reverse('members:open-data')}</loc>" in xml


def test_robots_txt_lets_crawlers_read_the_data(client):
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /data" not in robots
    assert "Disallow: /\n" not in robots
