"""The page cache's keys (host, scheme, the parameters a page reads) and its early part,
which answers visitors without a session before sessions and authentication run."""

import logging
from urllib.parse import quote

import pytest
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import cache
from django.test import Client

from core.cache import MAX_CACHED_QUERY_LENGTH, QUERY_PARAMETERS, page_key
from members.forms import DirectoryQueryForm

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_page_cache_on")]

NETWORK = "/en/networks/at-network/"
DIRECTORY = "/en/organizations/"


@pytest.fixture
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.ALLOWED_HOSTS = ["a.example", "b.example", "testserver"]


def stored_pages():
    # The test settings' cache is the local-memory one: its keys can be counted.
    return sum(":page:" in key for key in cache._cache)


def canonical(response):
    html = response.content.decode()
    start = html.index('<link rel="canonical" href="') + len('<link rel="canonical" href="')
    return html[start : html.index('"', start)]


# --- Host and scheme ---------------------------------------------------------------------


def test_a_page_cached_for_one_host_is_never_served_for_another(client, network):
    assert client.get(NETWORK, headers={"host": "a.example"})["X-Cache"] == "miss"
    other = client.get(NETWORK, headers={"host": "b.example"})
    assert other["X-Cache"] == "miss"
    assert canonical(other) == "http://b.example/en/networks/at-network/"
    assert 'hreflang="sr-Latn" href="http://b.example/sr-latn/' in other.content.decode()
    again = client.get(NETWORK, headers={"host": "a.example"})
    assert again["X-Cache"] == "hit"
    assert canonical(again) == "http://a.example/en/networks/at-network/"


def test_http_and_https_are_cached_apart(client, network):
    assert canonical(client.get(NETWORK)) == "http://testserver/en/networks/at-network/"
    secure = client.get(NETWORK, secure=True)
    assert secure["X-Cache"] == "miss"
    assert canonical(secure) == "https://testserver/en/networks/at-network/"
    assert client.get(NETWORK, secure=True)["X-Cache"] == "hit"


# --- Query strings -----------------------------------------------------------------------


def test_parameters_a_page_does_not_read_share_its_cached_copy(client, network):
    first = client.get(NETWORK + "?utm_source=newsletter")
    assert first["X-Cache"] == "miss"
    stored = stored_pages()
    for n in range(20):
        response = client.get(f"{NETWORK}?fbclid=click{n}&utm_source=s{n}")
        assert response["X-Cache"] == "hit"
        assert response.content == first.content
    # A directory parameter on another page is just as unread.
    assert client.get(NETWORK + "?q=anything")["X-Cache"] == "hit"
    assert stored_pages() == stored


def test_the_directory_redirects_unread_parameters_whether_cached_or_not(client, network):
    first = client.get(DIRECTORY + "?utm_source=a")
    assert (first.status_code, first["Location"], first["X-Cache"]) == (301, DIRECTORY, "miss")
    assert client.get(DIRECTORY)["X-Cache"] == "miss"
    # The canonical page is cached now; a request with other parameters still gets what
    # the view answers it (the redirect), never the page at a non-canonical address.
    second = client.get(DIRECTORY + "?fbclid=b")
    assert (second.status_code, second["Location"], second["X-Cache"]) == (301, DIRECTORY, "hit")
    search = client.get(DIRECTORY + "?q=Ni%C5%A1&utm_medium=email")
    assert (search.status_code, search["Location"]) == (301, DIRECTORY + "?q=Ni%C5%A1")


def test_the_directory_caches_each_question_apart(client, network):
    girls = client.get(DIRECTORY + "?q=girls")
    astra = client.get(DIRECTORY + "?q=astra")
    assert "Centre for Girls" in girls.content.decode()
    assert "Centre for Girls" not in astra.content.decode()
    for url, first in ((DIRECTORY + "?q=girls", girls), (DIRECTORY + "?q=astra", astra)):
        again = client.get(url)
        assert again["X-Cache"] == "hit"
        assert again.content == first.content
    assert client.get(DIRECTORY + "?sort=city")["X-Cache"] == "miss"


def test_a_long_search_is_answered_but_never_cached(client, network):
    query = "?q=" + quote("ж" * 60)
    assert len(query) > MAX_CACHED_QUERY_LENGTH
    stored = stored_pages()
    for _ in range(2):
        response = client.get(DIRECTORY + query)
        assert response.status_code == 200
        assert "X-Cache" not in response
    assert stored_pages() == stored


def test_every_parameter_of_the_directory_is_in_its_key():
    # A field added to the directory's form and not here would be ignored by the key:
    # every answer to it would be the first one cached.
    directory = set(QUERY_PARAMETERS["members:organization-list"])
    assert set(DirectoryQueryForm.base_fields) <= directory
    assert "page" in directory


def test_keys_have_a_bounded_length(rf, settings):
    settings.ALLOWED_HOSTS = ["*"]
    short = page_key(rf.get("/en/"), 1, "en", ("", False))
    long = page_key(rf.get("/en/" + "x" * 5000), 1, "en", ("q=" + "y" * 300, True))
    assert short != long
    assert len(short) == len(long) < 100


# --- The early part ----------------------------------------------------------------------


@pytest.fixture
def inner_middleware_calls(monkeypatch):
    """How many requests reached sessions and authentication."""
    calls = []
    for middleware in (SessionMiddleware, AuthenticationMiddleware):
        original = middleware.process_request

        def counted(self, request, original=original, middleware=middleware):
            calls.append(middleware.__name__)
            return original(self, request)

        monkeypatch.setattr(middleware, "process_request", counted)
    return calls


def test_a_hit_without_a_session_is_answered_before_sessions_and_authentication(
    client, network, inner_middleware_calls, django_assert_num_queries
):
    assert client.get(NETWORK)["X-Cache"] == "miss"
    assert inner_middleware_calls == ["SessionMiddleware", "AuthenticationMiddleware"]
    inner_middleware_calls.clear()
    with django_assert_num_queries(0):
        hit = client.get(NETWORK)
    assert hit["X-Cache"] == "hit"
    assert inner_middleware_calls == []


def test_a_visitor_with_a_session_cookie_goes_the_whole_way(
    client, admin_client, network, inner_middleware_calls
):
    client.get(NETWORK)
    inner_middleware_calls.clear()
    # An anonymous visitor whose session is gone: the cached page, through sessions.
    stale = Client(headers={"cookie": "sessionid=expired"}).get(NETWORK)
    assert stale["X-Cache"] == "hit"
    assert "SessionMiddleware" in inner_middleware_calls
    # A signed-in editor: the page as rendered for them, which no one may share.
    editor = admin_client.get(NETWORK)
    assert "X-Cache" not in editor
    assert editor["Cache-Control"] == "private, no-cache"
    assert "Cookie" in editor["Vary"]


def test_a_hit_carries_every_security_header_and_is_logged(client, network, settings, caplog):
    settings.SECURE_SSL_REDIRECT = True
    client.get(NETWORK, secure=True)
    with caplog.at_level(logging.INFO, logger="astra_site.request"):
        hit = client.get(NETWORK, secure=True, headers={"x-request-id": "probe-1"})
    assert hit["X-Cache"] == "hit"
    assert "frame-ancestors 'none'" in hit["Content-Security-Policy"]
    assert hit["Strict-Transport-Security"].startswith("max-age=")
    assert hit["X-Frame-Options"] == "DENY"
    assert hit["X-Content-Type-Options"] == "nosniff"
    assert hit["Referrer-Policy"] == "same-origin"
    assert hit["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in hit["Permissions-Policy"]
    assert hit["X-Request-ID"] == "probe-1"
    assert any(record.request_id == "probe-1" for record in caplog.records)
    # Plain http is still redirected first, cached page or not.
    assert client.get(NETWORK).status_code == 301


@pytest.mark.parametrize(
    ("url", "headers"),
    [
        ("/sr-latn/", {}),
        ("/sr/", {"accept-encoding": "gzip"}),
        (NETWORK, {"accept-encoding": "br"}),
        ("/data/directory.json", {"accept-language": "en"}),
        ("/data/directory.json", {"accept-language": "sr", "accept-encoding": "gzip, br"}),
    ],
)
def test_a_hit_has_the_headers_of_the_miss(client, network, introduction, url, headers):
    ignored = {"X-Cache", "X-Request-ID", "Last-Modified"}
    miss = client.get(url, headers=headers)
    hit = client.get(url, headers=headers)
    assert (miss["X-Cache"], hit["X-Cache"]) == ("miss", "hit")
    assert {k: v for k, v in hit.items() if k not in ignored} == {
        k: v for k, v in miss.items() if k not in ignored
    }


def test_the_language_of_a_hit_is_the_address_prefix(client, network, introduction):
    client.get("/sr-latn/")
    hit = client.get("/sr-latn/", headers={"accept-language": "en", "cookie": "django_language=en"})
    assert hit["X-Cache"] == "hit"
    assert hit["Content-Language"] == "sr-latn"
    assert '<html lang="sr-Latn">' in hit.content.decode()
    assert "Accept-Language" not in hit["Vary"]
