"""The public page cache: fast for visitors, never stale after an edit."""

import datetime
import re

import pytest
import redis
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.http import parse_http_date

from core.cache import GENERATION_KEY
from members.models import Membership
from tests.helpers import network_form_data
from tests.servers import Server, database_env, gunicorn_command, production_env, uses_postgresql

# Development turns the cache off by default; production's setting is on.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_page_cache_on")]


@pytest.fixture
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


def test_second_visit_is_served_from_the_cache_without_sql(
    client, network, introduction, django_assert_num_queries
):
    first = client.get("/en/")
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/en/")
    assert second.status_code == 200
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    # Headers that belong to this response, not to the stored one.
    assert second["X-Request-ID"] != first["X-Request-ID"]
    assert "frame-ancestors 'none'" in second["Content-Security-Policy"]
    assert second["Content-Type"] == "text/html; charset=utf-8"


def test_each_language_has_its_own_cached_page(client, network, introduction):
    client.get("/en/")
    client.get("/sr-latn/")
    english, serbian = client.get("/en/"), client.get("/sr-latn/")
    assert (english["X-Cache"], serbian["X-Cache"]) == ("hit", "hit")
    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="sr-Latn">' in serbian.content.decode()
    assert "Antitrafiking mreža" in serbian.content.decode()


def test_an_admin_save_shows_on_the_next_visit(admin_client, client, network, introduction):
    assert "Antitrafiking mreža" in client.get("/sr-latn/").content.decode()
    assert client.get("/sr-latn/")["X-Cache"] == "hit"
    url = reverse("admin:networks_network_change", args=[network.pk])
    data = network_form_data(network, name_sr_latn="Preimenovana mreža")
    assert admin_client.post(url, data).status_code == 302
    response = client.get("/sr-latn/")
    assert response["X-Cache"] == "miss"
    assert "Preimenovana mreža" in response.content.decode()


def test_deleting_a_membership_updates_the_organization_page(client, network):
    url = "/en/organizations/centre-for-girls-nis/"
    assert "Anti-Trafficking Network" in client.get(url).content.decode()
    Membership.objects.get(organization__slug_en="centre-for-girls-nis").delete()
    assert "Anti-Trafficking Network" not in client.get(url).content.decode()


def test_a_change_invalidates_again_when_its_transaction_commits(
    network, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from core.cache import generation

    before = generation()
    with django_capture_on_commit_callbacks(execute=True):
        network.save()
    # Once at once, once after the commit: a page rendered in between is dropped too.
    assert cache.get(GENERATION_KEY) == before + 2


def test_signed_in_editors_never_get_cached_pages(admin_client, client, network):
    client.get("/en/")
    response = admin_client.get("/en/")
    assert "X-Cache" not in response
    assert not any("Set-Cookie" in key for key in response.headers)


def test_only_successful_public_html_is_cached(client, network):
    for url in ("/en/no-such-page/", "/sitemap.xml", "/admin/login/", "/"):
        client.get(url)
        assert "X-Cache" not in client.get(url), url


@override_settings(PAGE_CACHE_SECONDS=0)
def test_page_cache_can_be_turned_off(client, network, django_assert_num_queries):
    client.get("/en/")
    response = client.get("/en/")
    assert "X-Cache" not in response


REDIS_URL = "redis://127.0.0.1:6379/4"


def redis_answers():
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.mark.skipif(
    not uses_postgresql(),
    reason="needs PostgreSQL shared by two processes (set DATABASE_URL; .ci/run does)",
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.production_password_hasher
def test_an_edit_through_one_copy_shows_at_once_on_the_other(
    tmp_path, static_root, django_user_model
):
    from django.db import connection

    from tests.factories import (
        GoalFactory,
        IntroductionFactory,
        MembershipFactory,
        NetworkFactory,
        OrganizationFactory,
    )

    assert redis_answers(), "Redis must answer at 127.0.0.1:6379 (.ci/run starts it)"
    redis.Redis.from_url(REDIS_URL).flushdb()
    IntroductionFactory()
    network = NetworkFactory(
        name_en="Shared Network", slug_en="shared", name_sr_latn="Zajednička mreža"
    )
    GoalFactory(network=network)
    MembershipFactory(network=network, organization=OrganizationFactory(is_astra=True))
    django_user_model.objects.create_superuser("editor", "editor@example.org", "Corr3ct-horse!")
    env = production_env(
        DATABASE_URL=database_env(connection),
        CACHE_URL=REDIS_URL,
        DJANGO_STATIC_ROOT=static_root,
    )
    servers = [
        Server(gunicorn_command("--workers", "1"), env, tmp_path / f"{name}.log")
        for name in ("a", "b")
    ]
    try:
        a, b = servers
        for server in servers:
            server.wait_until_healthy()
            assert server.json("/readyz")["cache"] == "ok"
        # The proxy forwards the site's one host name to every copy (the pages' links
        # hold it, so it is part of the cache key).
        site = {"Host": "localhost"}
        # B has the page cached (a hit the second time), A the same.
        assert "Shared Network" in b.request("GET", "/en/", headers=site).text
        assert b.request("GET", "/en/", headers=site).headers["X-Cache"] == "hit"
        assert a.request("GET", "/en/", headers=site).headers["X-Cache"] == "hit"  # via Redis

        # An editor signs in on A and renames the network there.
        login_form = a.request("GET", "/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_form.text)[1]
        signed_in = a.request(
            "POST",
            "/admin/login/",
            {
                "csrfmiddlewaretoken": token,
                "username": "editor",
                "password": "Corr3ct-horse!",
                "next": "/admin/",
            },
        )
        assert signed_in.status == 302, signed_in.text[:500]
        change_url = f"/admin/networks/network/{network.pk}/change/"
        form = a.request("GET", change_url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)[1]
        network.refresh_from_db()
        data = network_form_data(network, name_en="Renamed Network")
        data["csrfmiddlewaretoken"] = token
        saved = a.request("POST", change_url, data)
        assert saved.status == 302, saved.text[:2000]

        # B shows it on the very next request.
        response = b.request("GET", "/en/", headers=site)
        assert response.headers["X-Cache"] == "miss"
        assert "Renamed Network" in response.text
        assert "Shared Network" not in response.text
    finally:
        for server in servers:
            server.stop()
        redis.Redis.from_url(REDIS_URL).flushdb()


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            # Nobody listens on port 1: the cache is down.
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
)
def test_without_its_cache_the_site_still_serves_and_saves(admin_client, client, network):
    response = client.get("/en/")
    assert response.status_code == 200
    assert "X-Cache" not in response
    url = reverse("admin:networks_network_change", args=[network.pk])
    data = network_form_data(network, name_en="Saved Without Cache")
    assert admin_client.post(url, data).status_code == 302
    assert "Saved Without Cache" in client.get("/en/").content.decode()
    # Ready (pages are served), and the cache reported as missing.
    assert client.get("/readyz").json() == {
        "status": "degraded",
        "database": "ok",
        "cache": "unavailable",
    }


def test_a_save_the_cache_missed_is_not_hidden_once_the_cache_is_back(
    admin_client, client, network, monkeypatch
):
    assert client.get("/en/")["X-Cache"] == "miss"
    assert client.get("/en/")["X-Cache"] == "hit"

    def no_answer(*args, **kwargs):
        raise ConnectionError("the cache does not answer")

    # The cache goes away while an editor saves: the save succeeds, the bump is lost.
    monkeypatch.setattr(cache, "incr", no_answer)
    monkeypatch.setattr(cache, "add", no_answer)
    url = reverse("admin:networks_network_change", args=[network.pk])
    data = network_form_data(network, name_en="Saved While The Cache Was Away")
    assert admin_client.post(url, data).status_code == 302
    monkeypatch.undo()

    # Back: the page cached before the save is not served.
    response = client.get("/en/")
    assert response["X-Cache"] == "miss"
    assert "Saved While The Cache Was Away" in response.content.decode()


# --- Conditional requests: ETag and Last-Modified ----------------------------------------


@pytest.mark.parametrize("cache_seconds", [0, 600])
def test_a_page_the_visitor_has_is_answered_with_304(client, network, settings, cache_seconds):
    settings.PAGE_CACHE_SECONDS = cache_seconds
    first = client.get("/en/")
    etag = first["ETag"]
    again = client.get("/en/", headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    if cache_seconds:
        assert again["X-Cache"] == "hit"
    # Another language is another page.
    assert client.get("/sr-latn/", headers={"if-none-match": etag}).status_code == 200


def test_without_the_page_cache_no_last_modified_is_given(client, network, settings):
    settings.PAGE_CACHE_SECONDS = 0
    response = client.get("/en/")
    assert "ETag" in response
    assert "Last-Modified" not in response


def test_errors_redirects_and_the_admin_get_no_etag(admin_client, client, network):
    for response in (
        client.get("/en/no-such-page/"),
        client.get("/"),
        admin_client.get(reverse("admin:networks_network_changelist")),
    ):
        assert "ETag" not in response


def test_last_modified_moves_on_when_a_publish_date_passes(client, network, monkeypatch):
    from tests.core.test_schedule import Clock
    from tests.factories import NetworkFactory

    clock = Clock(monkeypatch)
    hour = datetime.timedelta(hours=1)
    NetworkFactory(name_en="Soon Network", publish_at=timezone.now() + hour)
    assert client.get("/en/")["X-Cache"] == "miss"
    # Given once the second it began in has passed (see core.cache.last_modified).
    clock.advance(datetime.timedelta(seconds=2))
    last_modified = client.get("/en/")["Last-Modified"]
    assert client.get("/en/", headers={"if-modified-since": last_modified}).status_code == 304

    clock.advance(hour)  # no edit: the network is published on its own
    response = client.get("/en/", headers={"if-modified-since": last_modified})
    assert response.status_code == 200
    assert "Soon Network" in response.content.decode()
    clock.advance(datetime.timedelta(seconds=2))
    response = client.get("/en/", headers={"if-modified-since": last_modified})
    assert response.status_code == 200
    assert response["X-Cache"] == "hit"
    assert parse_http_date(response["Last-Modified"]) > parse_http_date(last_modified)


def test_last_modified_is_never_shared_by_two_versions_of_a_page():
    from core.cache import last_modified

    began = datetime.datetime(2026, 11, 28, 12, 0, 0, 200_000, tzinfo=datetime.UTC)
    second = datetime.timedelta(seconds=1)
    # Within the second it began in, a newer version could still begin and get the same
    # (whole-second) date: none is given yet.
    assert last_modified(began, None, began + datetime.timedelta(milliseconds=500)) is None
    assert last_modified(began, None, began + second) == int(began.timestamp()) + 1
    # Past the next publish date the content is no longer that version.
    assert last_modified(began, began + second, began + 2 * second) is None
