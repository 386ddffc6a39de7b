"""Health checks, the outage page and the error pages, in every language."""

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import path, reverse

from astra_site import urls as site_urls
from networks.models import Network
from tests.factories import NetworkFactory
from tests.helpers import network_form_data


@pytest.mark.django_db
def test_healthz_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readyz_checks_the_database_and_the_cache(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.django_db
@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}})
def test_readyz_stays_ready_but_degraded_when_the_cache_does_not_answer(client):
    # The dummy cache forgets what it is given, as an unreachable Redis would. Pages are
    # still served (uncached): the copy stays in rotation, and the outage is reported.
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


class Outage:
    """Points the site at a database that refuses connections, and back again.

    PostgreSQL: a port nobody listens on. SQLite: a file in a folder that does not
    exist. The test database (in memory for SQLite) is kept open aside, so that what it
    holds is still there when the site reconnects by itself.
    """

    def __init__(self, tmp_path):
        self.saved = {**connection.settings_dict}
        self.kept_aside = connection.connection
        connection.connection = None
        if connection.vendor == "postgresql":
            connection.settings_dict.update(
                HOST="127.0.0.1", PORT=1, OPTIONS={**self.saved["OPTIONS"], "connect_timeout": 1}
            )
        else:
            connection.settings_dict["NAME"] = str(tmp_path / "no-such-folder" / "db.sqlite3")

    def end(self):
        connection.settings_dict.update(self.saved)

    def clean_up(self):
        self.end()
        if connection.connection is not None:
            connection.connection.close()
        connection.connection = self.kept_aside


@pytest.fixture
def outage(transactional_db, tmp_path):
    outage = Outage(tmp_path)
    yield outage
    outage.clean_up()


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/en/", "The site is temporarily unavailable"),
        ("/sr-latn/", "Sajt je privremeno nedostupan"),
        ("/sr-latn/organizacije/", "Sajt je privremeno nedostupan"),
    ],
)
def test_outage_gives_a_friendly_page_in_the_visitors_language(client, outage, url, heading):
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert heading in html
    assert "Traceback" not in html
    assert "OperationalError" not in html


def test_outage_shows_in_readyz_but_not_in_healthz(client, outage):
    assert client.get("/healthz").status_code == 200
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable", "cache": "ok"}


def test_site_recovers_by_itself_when_the_database_returns(client, tmp_path, transactional_db):
    NetworkFactory(name_en="Recovered Network", slug_en="recovered", slug_sr_latn="oporavljena")
    outage = Outage(tmp_path)
    try:
        assert client.get("/en/networks/recovered/").status_code == 503
        outage.end()
        # Nothing restarted, nothing reset: the next request simply works again.
        response = client.get("/en/networks/recovered/")
        assert response.status_code == 200
        assert "Recovered Network" in response.content.decode()
    finally:
        outage.clean_up()


def broken_view(request):
    raise RuntimeError("a bug")


urlpatterns = [path("broken/", broken_view), *site_urls.urlpatterns]
handler404 = site_urls.handler404
handler500 = site_urls.handler500


@pytest.mark.parametrize(
    ("language", "heading"),
    [("en", "Something went wrong"), ("sr-latn", "Nešto nije u redu")],
)
@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.django_db
def test_server_error_page_is_translated_and_needs_no_database(
    client, django_assert_num_queries, language, heading
):
    client.raise_request_exception = False
    with django_assert_num_queries(0):
        response = client.get("/broken/", HTTP_ACCEPT_LANGUAGE=language)
    html = response.content.decode()
    assert response.status_code == 500
    assert heading in html
    assert "a bug" not in html


@pytest.mark.parametrize(
    ("url", "heading"),
    [("/en/no-such-page/", "Page not found"), ("/sr-latn/nema-je/", "Stranica nije pronađena")],
)
@pytest.mark.django_db
def test_not_found_page_is_translated(client, url, heading):
    response = client.get(url)
    assert response.status_code == 404
    assert heading in response.content.decode()


def test_outage_outside_the_view_gets_the_same_page(
    client, django_user_model, tmp_path, transactional_db
):
    # A signed-in visitor's session is read by middleware, before any view runs.
    client.force_login(django_user_model.objects.create_user("editor", password="x-Y-z-12345"))
    outage = Outage(tmp_path)
    try:
        client.raise_request_exception = False
        response = client.get("/en/", HTTP_ACCEPT_LANGUAGE="en")
    finally:
        outage.clean_up()
    assert response.status_code == 503
    assert "The site is temporarily unavailable" in response.content.decode()


def test_a_save_during_an_outage_says_it_was_not_saved(
    admin_client, network, tmp_path, transactional_db
):
    url = reverse("admin:networks_network_change", args=[network.pk])
    data = network_form_data(network, summary_en="Typed during the outage.")
    outage = Outage(tmp_path)
    try:
        admin_client.raise_request_exception = False
        response = admin_client.post(url, data)
    finally:
        outage.clean_up()
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Cache-Control"] == "no-store"
    assert "Your change was not saved" in html
    assert "Back button" in html
    assert Network.objects.get(pk=network.pk).summary_en != "Typed during the outage."
