"""Serbian as a native speaker writes it (issue 8): the genitive month in dates, roles that
agree with "organizacija", sort labels after "Poređaj:", the ordinal dot of a year, and
Django's own admin words where our catalogue has none of its own."""

import datetime
import re

import polib
import pytest
from django.urls import reverse
from django.utils import formats, translation

from serbian.catalogues import LATIN_CATALOGUE
from tests.factories import MembershipFactory, NetworkFactory

GENITIVE = (
    "januara",
    "februara",
    "marta",
    "aprila",
    "maja",
    "juna",
    "jula",
    "avgusta",
    "septembra",
    "oktobra",
    "novembra",
    "decembra",
)
GENITIVE_CYRILLIC = (
    "јануара",
    "фебруара",
    "марта",
    "априла",
    "маја",
    "јуна",
    "јула",
    "августа",
    "септембра",
    "октобра",
    "новембра",
    "децембра",
)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@pytest.mark.parametrize("month", range(1, 13))
def test_a_serbian_date_has_its_month_in_the_genitive(month):
    date = datetime.date(2026, month, 28)
    with translation.override("sr-latn"):
        assert formats.date_format(date) == f"28. {GENITIVE[month - 1]} 2026."
    with translation.override("sr"):
        assert formats.date_format(date) == f"28. {GENITIVE_CYRILLIC[month - 1]} 2026."
    with translation.override("en"):
        assert formats.date_format(date) == f"28 {MONTHS[month - 1]} 2026"


def test_a_month_and_year_alone_stay_in_the_nominative():
    with translation.override("sr-latn"):
        assert formats.date_format(datetime.date(2026, 11, 28), "YEAR_MONTH_FORMAT") == (
            "novembar 2026."
        )


def test_the_genitive_months_are_in_our_catalogue():
    """Django's own Serbian catalogue has the nominative ("Novembar") for "alt. month"."""
    catalogue = polib.pofile(str(LATIN_CATALOGUE))
    for name, genitive in zip(MONTHS, GENITIVE, strict=True):
        assert catalogue.find(name, msgctxt="alt. month").msgstr == genitive


@pytest.mark.django_db
def test_the_as_of_date_on_a_network_page_takes_the_genitive(client, network):
    pages = {
        "/sr-latn/mreze/at-mreza/": "stanje na dan 28. novembra 2026.",
        "/sr/mreze/at-mreza/": "стање на дан 28. новембра 2026.",
        "/en/networks/at-network/": "as of 28 November 2026",
    }
    for path, expected in pages.items():
        assert expected in client.get(path).content.decode()


ROLES = {
    "founder_coordinator": ("Osnivačica i koordinatorka", "Оснивачица и координаторка"),
    "founder": ("Osnivačica", "Оснивачица"),
    "coordinator": ("Koordinatorka", "Координаторка"),
    "initiator": ("Inicijatorka", "Иницијаторка"),
    "member": ("Članica", "Чланица"),
    "associate_member": ("Pridružena članica", "Придружена чланица"),
    "partner": ("Partnerska organizacija", "Партнерска организација"),
    "secretariat": ("Sekretarijat", "Секретаријат"),
}


@pytest.mark.django_db
def test_roles_agree_with_organizacija_in_both_scripts(client):
    network = NetworkFactory(slug_en="n", slug_sr_latn="m")
    for role in ROLES:
        MembershipFactory(network=network, role=role)
    latin = client.get("/sr-latn/mreze/m/").content.decode()
    cyrillic = client.get("/sr/mreze/m/").content.decode()
    for expected_latin, expected_cyrillic in ROLES.values():
        assert f'<span class="member-list__meta">{expected_latin}</span>' in latin
        assert f'<span class="member-list__meta">{expected_cyrillic}</span>' in cyrillic


@pytest.mark.django_db
def test_sort_labels_read_after_poredjaj(client):
    # The links' addresses are the directory's own business; their words are checked here.
    html = client.get("/sr-latn/organizacije/").content.decode()
    assert "Poređaj:" in html
    assert '<strong aria-current="true">po nazivu</strong>' in html
    assert re.search(r'<a href="[^"]*\?sort=city">po gradu</a>', html)
    html = client.get("/sr/organizacije/?sort=city").content.decode()
    assert "Поређај:" in html
    assert re.search(r'<a href="[^"]*">по називу</a>', html)
    assert '<strong aria-current="true">по граду</strong>' in html
    html = client.get("/en/organizations/").content.decode()
    assert "Sort by:" in html
    assert '<strong aria-current="true">name</strong>' in html


@pytest.mark.django_db
def test_the_founding_year_has_the_ordinal_dot_in_serbian(client, network):
    pages = {
        "/sr-latn/mreze/at-mreza/": "<dt>Osnovana</dt><dd>2002.</dd>",
        "/sr/mreze/at-mreza/": "<dt>Основана</dt><dd>2002.</dd>",
        "/en/networks/at-network/": "<dt>Founded</dt><dd>2002</dd>",
    }
    for path, expected in pages.items():
        assert expected in client.get(path).content.decode()


@pytest.mark.parametrize(
    ("language", "change", "switch"),
    [("sr-latn", "Izmeni", "Promeni"), ("sr", "Измени", "Промени")],
)
def test_the_admin_keeps_djangos_own_change_link(admin_client, language, change, switch):
    """Only the language button is ours ("Promeni"); Django's "Change" links stay "Izmeni"."""
    admin_client.post(reverse("set_language"), {"language": language, "next": "/admin/"})
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert f'class="changelink" aria-describedby="networks-network">{change}</a>' in html
    assert f'<button type="submit">{switch}</button>' in html
