"""HTTP caching of the public answers (Cache-Control, Vary) and their compression."""

import gzip
import http.client
import os
import shutil
import subprocess
import time

import brotli
import pytest
from django.middleware.csrf import get_token
from django.test import Client

from core.cache import can_be_shared
from core.compression import encoded_etag, negotiate
from tests.servers import ROOT, free_port

pytestmark = [pytest.mark.django_db]

NETWORK = "/en/networks/at-network/"
DECODERS = {"gzip": gzip.decompress, "br": brotli.decompress}


@pytest.fixture(params=[600, 0], ids=["cached", "uncached"])
def cache_seconds(request, settings):
    settings.PAGE_CACHE_SECONDS = request.param
    return request.param


@pytest.mark.parametrize(
    ("accept_encoding", "chosen"),
    [
        (None, "identity"),
        ("", "identity"),
        ("gzip", "gzip"),
        ("gzip, deflate, br, zstd", "br"),
        ("br;q=0.5, gzip", "gzip"),
        ("gzip;q=0.5, identity", "identity"),
        ("x-gzip", "gzip"),
        ("GZIP;Q=1", "gzip"),
        ("*", "br"),
        ("br;q=0, *;q=0.1", "gzip"),
        ("deflate", "identity"),
        ("gzip;q=0, br;q=0, identity;q=0", "identity"),  # nothing left: sent plain
        ("gzip;q=nonsense", "identity"),
    ],
)
def test_the_encoding_follows_the_clients_q_values(accept_encoding, chosen):
    assert negotiate(accept_encoding, {"identity", "gzip", "br"}) == chosen


@pytest.mark.parametrize("url", [NETWORK, "/data/directory.json", "/data/organizations.csv"])
def test_public_answers_may_be_kept_but_are_revalidated(client, network, cache_seconds, url):
    response = client.get(url)
    assert response["Cache-Control"] == "no-cache"
    assert "ETag" in response
    vary = {value.strip() for value in response["Vary"].split(",")}
    assert "Accept-Encoding" in vary
    # Only the session makes a page private, and a visitor without one has none.
    assert "Cookie" not in vary
    # The pages' language is in their address; the files hold every language.
    assert ("Accept-Language" in vary) == url.startswith("/data/")


@pytest.mark.parametrize("encoding", ["gzip", "br"])
@pytest.mark.parametrize("url", [NETWORK, "/en/organizations/", "/data/directory.json"])
def test_compressed_answers_are_the_page_itself(client, network, cache_seconds, encoding, url):
    plain = client.get(url, headers={"accept-encoding": "identity"})
    assert "Content-Encoding" not in plain
    response = client.get(url, headers={"accept-encoding": encoding})
    assert response["Content-Encoding"] == encoding
    assert int(response["Content-Length"]) == len(response.content) < len(plain.content)
    assert DECODERS[encoding](response.content) == plain.content
    assert response["ETag"] == encoded_etag(plain["ETag"], encoding) != plain["ETag"]


@pytest.mark.parametrize("encoding", ["identity", "gzip", "br"])
def test_a_copy_in_each_encoding_is_answered_with_304(client, network, cache_seconds, encoding):
    first = client.get(NETWORK, headers={"accept-encoding": encoding})
    again = client.get(
        NETWORK, headers={"accept-encoding": encoding, "if-none-match": first["ETag"]}
    )
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert "Accept-Encoding" in again["Vary"]
    # Another encoding is another representation: its copy is not this one.
    other = "gzip" if encoding != "gzip" else "br"
    changed = client.get(
        NETWORK, headers={"accept-encoding": other, "if-none-match": first["ETag"]}
    )
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_a_hit_costs_no_compression(client, network, settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 600
    client.get(NETWORK)  # stored with every encoding, asked or not

    def refuse(*args, **kwargs):
        raise AssertionError("compressed on a hit")

    monkeypatch.setattr(brotli, "compress", refuse)
    monkeypatch.setattr(gzip, "compress", refuse)
    for encoding in ("br", "gzip"):
        response = client.get(NETWORK, headers={"accept-encoding": encoding})
        assert (response["X-Cache"], response["Content-Encoding"]) == ("hit", encoding)


def test_the_admin_and_the_login_are_never_compressed(admin_client, network, settings):
    settings.PAGE_CACHE_SECONDS = 600
    br = {"accept-encoding": "gzip, br"}
    login = Client().get("/admin/login/", headers=br)
    assert "csrfmiddlewaretoken" in login.content.decode()
    changelist = admin_client.get("/admin/networks/network/", headers=br)
    # A signed-in editor's copy of a public page is not compressed either.
    page = admin_client.get(NETWORK, headers=br)
    for response in (login, changelist, page):
        assert response.status_code == 200
        assert "Content-Encoding" not in response


def test_an_answer_holding_a_csrf_token_is_neither_cached_nor_compressed(rf, network):
    from django.http import HttpResponse

    request = rf.get(NETWORK)
    response = HttpResponse("<form>…</form>")
    assert can_be_shared(request, response)
    get_token(request)
    assert not can_be_shared(request, response)


def test_small_answers_are_not_compressed(client, network, settings):
    settings.PAGE_CACHE_SECONDS = 600
    redirect = client.get("/en/organizations/?utm_source=x", headers={"accept-encoding": "br"})
    assert redirect.status_code == 301
    assert "Content-Encoding" not in redirect


# --- Behind the proxy --------------------------------------------------------------------


@pytest.fixture
def proxy(tmp_path, live_server):
    """deploy/Caddyfile run by Caddy (site address and upstream made local) in front of
    the site: ``get(path, accept_encoding)`` answers (status, headers, raw body)."""
    caddy = shutil.which("caddy")
    if caddy is None:
        message = "Caddy is not installed (apt-get install caddy)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: CI must test the proxy's configuration.", pytrace=False)
        pytest.skip(message)
    port = free_port()
    upstream = live_server.url.removeprefix("http://")
    config = (ROOT / "deploy" / "Caddyfile").read_text()
    config = config.replace("{$SITE_HOST}", f"http://127.0.0.1:{port}").replace(
        "web1:8000 web2:8000", upstream
    )
    (tmp_path / "Caddyfile").write_text("{\n\tadmin off\n}\n" + config)
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    with (tmp_path / "caddy.log").open("wb") as log:
        process = subprocess.Popen(
            [caddy, "run", "--config", str(tmp_path / "Caddyfile"), "--adapter", "caddyfile"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def get(path, accept_encoding):
        deadline = time.monotonic() + 20
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", path, headers={"Accept-Encoding": accept_encoding})
                response = connection.getresponse()
                return response.status, response.headers, response.read()
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise AssertionError((tmp_path / "caddy.log").read_text()) from None
                time.sleep(0.1)
            finally:
                connection.close()

    yield get
    process.terminate()
    process.wait(timeout=20)


@pytest.mark.django_db(transaction=True)
def test_the_proxy_passes_our_compression_through_and_compresses_the_rest(proxy, settings):
    from tests.factories import NetworkFactory

    settings.PAGE_CACHE_SECONDS = 600
    NetworkFactory(name_en="Proxied Network", slug_en="proxied")
    plain = proxy("/en/networks/proxied/", "identity")
    assert plain[0] == 200
    assert "Proxied Network" in plain[2].decode()
    for encoding in ("br", "gzip"):
        status, headers, body = proxy("/en/networks/proxied/", encoding)
        # Encoded once, by the site: one decoding gives the page.
        assert (status, headers["Content-Encoding"]) == (200, encoding)
        assert DECODERS[encoding](body) == plain[2]
    # What the site does not compress (an error page), the proxy does.
    status, headers, body = proxy("/en/no-such-page/", "gzip")
    assert (status, headers["Content-Encoding"]) == (404, "gzip")
    assert b"<html" in gzip.decompress(body)
