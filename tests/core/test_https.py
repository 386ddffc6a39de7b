"""HTTPS as deployed: deploy/Caddyfile run by Debian's Caddy, with certificates from its own
local CA, in front of gunicorn serving the site with production settings.

Only what a test machine must change differs from production (tests.servers.Caddy): the
site address is ``localhost:<free port>`` instead of ``{$SITE_HOST}`` (localhost resolves
here and Caddy gives it a certificate from its local CA: ``local_certs``, the global form
of ``tls internal``, kept out of the system's trust store); the automatic redirect listens
on a free port instead of 80; the upstreams are two local gunicorns instead of web1 and
web2, one of them a copy whose database is gone.

The visitor connects from 127.0.0.2 while Caddy reaches gunicorn from 127.0.0.1, so the
address the site records shows whether it came through the proxy's X-Forwarded-For.
"""

import contextlib
import gzip
import http.client
import json
import re
import socket
import sqlite3
import ssl
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import brotli
import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from tests.servers import (
    ROOT,
    Caddy,
    Server,
    free_port,
    gunicorn_command,
    production_env,
)

VISITOR_ADDRESS = "127.0.0.2"
PASSWORD = "Corr3ct-horse-battery!"


class Visitor:
    """A browser over HTTPS from another loopback address, trusting only Caddy's local CA
    and keeping its cookies."""

    def __init__(self, port, root_certificate):
        self.port = port
        self.origin = f"https://localhost:{port}"
        self.context = ssl.create_default_context(cafile=str(root_certificate))
        self.cookies = {}

    def request(self, method, path, data=None, headers=None):
        connection = http.client.HTTPSConnection("localhost", self.port, context=self.context)
        # Caddy listens on 127.0.0.1; the visitor's own address is 127.0.0.2.
        sock = socket.create_connection(
            ("127.0.0.1", self.port), timeout=10, source_address=(VISITOR_ADDRESS, 0)
        )
        connection.sock = self.context.wrap_socket(sock, server_hostname="localhost")
        all_headers = {"Accept-Language": "en", "Accept-Encoding": "identity"}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
            all_headers["Origin"] = self.origin
        all_headers.update(headers or {})
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        response.body = response.read()
        connection.close()
        response.cookies = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            response.cookies.load(header)
        for name, morsel in response.cookies.items():
            self.cookies[name] = morsel.value
        return response

    def csrf_token(self, path):
        page = self.request("GET", path).body.decode()
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]


class Deployment:
    """The site and a broken copy of it behind Caddy. The site has a SQLite database of its
    own, migrated here: nothing checked depends on the engine, and so the module runs the
    same on both legs of CI."""

    def __init__(self, folder, static_root):
        env = production_env(
            DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}", DJANGO_STATIC_ROOT=static_root
        )
        self.database = folder / "db.sqlite3"
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "shell",
                "-c",
                "from django.core.management import call_command; "
                "from django.contrib.auth.models import User; "
                "call_command('migrate', '--no-input', verbosity=0); "
                f"User.objects.create_superuser('editor', 'editor@example.org', '{PASSWORD}')",
            ],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        self.site = Server(gunicorn_command("--workers", "1"), env, folder / "site.log")
        # A copy whose database is gone: it still answers /healthz, but not /readyz.
        self.broken = Server(
            gunicorn_command("--workers", "1"),
            {**env, "DATABASE_URL": f"sqlite:///{folder / 'missing' / 'db.sqlite3'}"},
            folder / "broken.log",
        )
        self.caddy = None
        try:
            self.site.wait_until_healthy()
            self.broken.wait_until_healthy()
            self.port, self.http_port = free_port(), free_port()
            # Caddy probes every upstream once at start, then every health_interval: started
            # after both copies answer, its first probe decides.
            self.caddy = Caddy(
                folder,
                f"localhost:{self.port}",
                [f"127.0.0.1:{self.site.port}", f"127.0.0.1:{self.broken.port}"],
                global_options=(f"http_port {self.http_port}", "local_certs", "skip_install_trust"),
            )
            self.wait_for_certificate()
            # The other tests must not meet the broken copy; this one checks that it is
            # taken out of rotation at all.
            self.broken_marked_down()
        except BaseException:
            self.stop()
            raise

    def broken_marked_down(self):
        """Whether Caddy's probe of /readyz has found the broken copy failing."""
        return self.caddy.logged(
            "health_checker", f'"host":"127.0.0.1:{self.broken.port}"', '"status_code":503'
        )

    def wait_for_certificate(self, timeout=20):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.visitor().request("GET", "/healthz")
                return
            except (OSError, ssl.SSLError):
                if time.monotonic() > deadline:
                    raise AssertionError(self.caddy.output()) from None
                time.sleep(0.1)

    def visitor(self):
        return Visitor(self.port, self.caddy.root_certificate)

    def recorded_logins(self, table):
        """(user name, address) of each row of one of django-axes' tables in the site's
        database (the tests' own database is not the one gunicorn uses)."""
        model = {"attempts": AccessAttempt, "failures": AccessFailureLog, "logins": AccessLog}
        with contextlib.closing(sqlite3.connect(self.database)) as database:
            return database.execute(
                f"SELECT username, ip_address FROM {model[table]._meta.db_table}"
            ).fetchall()

    def stop(self):
        if self.caddy is not None:
            self.caddy.stop()
        for server in (self.site, self.broken):
            server.stop()


@pytest.fixture(scope="module")
def deployment(tmp_path_factory, static_root):
    deployment = Deployment(tmp_path_factory.mktemp("https"), static_root)
    yield deployment
    deployment.stop()


def test_plain_http_is_redirected_to_the_same_address_over_https(deployment):
    connection = http.client.HTTPConnection("127.0.0.1", deployment.http_port, timeout=10)
    connection.request("GET", "/en/networks/?page=2", headers={"Host": "localhost"})
    response = connection.getresponse()
    response.read()
    connection.close()
    assert response.status == 308
    assert response.headers["Location"] == (
        f"https://localhost:{deployment.port}/en/networks/?page=2"
    )


@pytest.mark.parametrize("path", ["/en/", "/admin/login/"])
def test_https_responses_carry_hsts_and_every_security_header_once(deployment, path):
    response = deployment.visitor().request("GET", path)
    assert response.status == 200, deployment.site.output()
    expected = {
        "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
        "X-Frame-Options": "DENY",
        "Permissions-Policy": (
            "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
            "microphone=(), payment=(), usb=()"
        ),
    }
    for name, value in expected.items():
        assert response.headers.get_all(name) == [value], name
    [policy] = response.headers.get_all("Content-Security-Policy")
    directives = dict(directive.split(" ", 1) for directive in policy.split("; "))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"


def test_session_csrf_and_language_cookies_are_secure_httponly_and_samesite(deployment):
    visitor = deployment.visitor()
    login_page = visitor.request("GET", "/admin/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.body)[1]
    switched = visitor.request(
        "POST",
        "/i18n/setlang/",
        {"csrfmiddlewaretoken": token.decode(), "language": "sr-latn", "next": "/admin/"},
    )
    assert switched.status == 302
    signed_in = visitor.request(
        "POST",
        "/admin/login/",
        {
            "csrfmiddlewaretoken": visitor.csrf_token("/admin/login/"),
            "username": "editor",
            "password": PASSWORD,
            "next": "/admin/",
        },
    )
    assert signed_in.status == 302, signed_in.body[:2000]
    cookies = {
        "csrftoken": login_page.cookies["csrftoken"],
        "django_language": switched.cookies["django_language"],
        "sessionid": signed_in.cookies["sessionid"],
    }
    for name, cookie in cookies.items():
        assert cookie["secure"] is True, name
        assert cookie["httponly"] is True, name
        assert cookie["samesite"] == "Lax", name
    assert cookies["django_language"].value == "sr-latn"
    # The admin, in the chosen language, for the signed-in editor.
    admin = visitor.request("GET", "/admin/")
    assert admin.status == 200
    assert b'<html lang="sr-latn"' in admin.body
    # The successful sign-in is recorded with the visitor's own address.
    assert ("editor", VISITOR_ADDRESS) in deployment.recorded_logins("logins")


def decoded(response):
    """The body, decoded once according to its Content-Encoding."""
    encoding = response.headers.get("Content-Encoding", "identity")
    if encoding == "gzip":
        return gzip.decompress(response.body)
    if encoding == "br":
        return brotli.decompress(response.body)
    if encoding == "zstd":
        # Python 3.11 has no zstd module; Debian's zstd tool decodes it.
        return subprocess.run(
            ["zstd", "-d", "-c"], input=response.body, capture_output=True, check=True
        ).stdout
    assert encoding == "identity", encoding
    return response.body


@pytest.mark.parametrize(
    ("accepted", "expected"),
    [
        ("gzip", {"gzip"}),
        ("zstd", {"zstd"}),
        # Caddy 2.6 cannot write Brotli: the site may (whitenoise's Brotli package is
        # there), otherwise Caddy falls back to gzip.
        ("br, gzip", {"br", "gzip"}),
        ("gzip, deflate, br, zstd", {"br", "gzip", "zstd"}),
    ],
)
def test_public_pages_come_compressed_exactly_once(deployment, accepted, expected):
    visitor = deployment.visitor()
    plain = visitor.request("GET", "/en/")
    assert plain.status == 200
    assert plain.headers.get("Content-Encoding") is None
    assert plain.body.lstrip().lower().startswith(b"<!doctype html>")
    compressed = visitor.request("GET", "/en/", headers={"Accept-Encoding": accepted})
    assert compressed.status == 200
    assert compressed.headers.get_all("Content-Encoding") in [[encoding] for encoding in expected]
    assert len(compressed.body) < len(plain.body) / 2
    # Decoded once, it is the page itself: compressed by the site or by Caddy, never both.
    assert decoded(compressed) == plain.body
    vary = ",".join(compressed.headers.get_all("Vary"))
    assert "accept-encoding" in vary.lower()


def test_a_clients_own_forwarded_proto_cannot_pass_https_off_as_plain_http(deployment):
    # The site believes X-Forwarded-Proto because Caddy always overwrites it: a client's
    # "http" would otherwise send it round the HTTPS redirect forever.
    response = deployment.visitor().request("GET", "/en/", headers={"X-Forwarded-Proto": "http"})
    assert response.status == 200
    assert response.headers["Strict-Transport-Security"]


def test_readyz_through_the_proxy_answers_what_the_site_answers(deployment):
    through_proxy = deployment.visitor().request("GET", "/readyz")
    direct = deployment.site.request("GET", "/readyz")
    assert through_proxy.status == direct.status == 200
    assert json.loads(through_proxy.body) == json.loads(direct.text)
    assert through_proxy.headers["Cache-Control"] == "no-store"


def page_requests(server, path, at_least=0):
    """How many GETs of ``path`` the server has answered, from its access log (which
    gunicorn writes just after the response: waits a moment for ``at_least`` lines)."""
    deadline = time.monotonic() + 5
    while True:
        count = server.log_path.read_text().count(f'"GET {path} HTTP/1.1"')
        if count >= at_least or time.monotonic() > deadline:
            return count
        time.sleep(0.05)


def test_a_copy_whose_database_is_down_gets_no_traffic(deployment):
    broken = deployment.broken
    assert deployment.broken_marked_down(), deployment.caddy.output()
    # It is up (its container health check passes) but cannot serve a page.
    assert broken.request("GET", "/healthz").status == 200
    assert broken.request("GET", "/readyz").status == 503
    assert broken.request("GET", "/en/").status == 503
    served_by_broken = page_requests(broken, "/en/", 1)
    served_by_site = page_requests(deployment.site, "/en/")
    visitor = deployment.visitor()
    statuses = [visitor.request("GET", "/en/").status for _ in range(12)]
    assert statuses == [200] * 12
    assert page_requests(deployment.site, "/en/", served_by_site + 12) == served_by_site + 12
    assert page_requests(broken, "/en/") == served_by_broken


def test_failed_logins_are_recorded_with_the_visitors_address_not_the_proxys(deployment):
    visitor = deployment.visitor()
    for username, headers in [
        ("intruder", {}),
        # A client's own X-Forwarded-For is replaced by Caddy, which alone the site trusts.
        ("forger", {"X-Forwarded-For": "1.2.3.4", "X-Real-IP": "1.2.3.4"}),
    ]:
        failed = visitor.request(
            "POST",
            "/admin/login/",
            {
                "csrfmiddlewaretoken": visitor.csrf_token("/admin/login/"),
                "username": username,
                "password": "wrong",
                "next": "/admin/",
            },
            headers=headers,
        )
        assert failed.status == 200
        assert b"errornote" in failed.body
    attempts = deployment.recorded_logins("attempts")
    assert ("intruder", VISITOR_ADDRESS) in attempts
    assert ("forger", VISITOR_ADDRESS) in attempts
    recorded = attempts + deployment.recorded_logins("failures")
    assert {address for _, address in recorded} == {VISITOR_ADDRESS}
