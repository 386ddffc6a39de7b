"""Security headers on every kind of page, the admin under CSP, and login lockout."""

import re
import subprocess
import sys

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from tests.servers import ROOT

pytestmark = pytest.mark.django_db

PAGES = ["/en/", "/sr-latn/", "/admin/login/", "/en/no-such-page/"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_carries_the_security_headers(client, network, url):
    response = client.get(url, secure=True)
    csp = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'"
    assert csp["style-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["base-uri"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_cookies_are_httponly_and_samesite(client):
    response = client.get("/admin/login/")
    cookie = response.cookies["csrftoken"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def blocked_by_csp(html):
    """What a policy without 'unsafe-inline' would block: inline scripts, handlers, styles.
    (A JSON data block is no script: the browser never runs it, the policy lets it be.)"""
    return {
        "inline scripts": re.findall(
            r'<script(?![^>]*\b(?:src=|type="application/(?:ld\+)?json"))[^>]*>', html
        ),
        "event handlers": re.findall(r"<[^>]+\son[a-z]+\s*=", html),
        "style attributes": re.findall(r"<[^>]+\sstyle\s*=", html),
        "style elements": re.findall(r"<style\b", html),
        "other origins": re.findall(
            r"(?:src|href)=\"https?://(?!testserver)[^\"]*\.(?:js|css)", html
        ),
    }


@pytest.mark.parametrize(
    "url_name",
    ["admin:index", "admin:networks_network_changelist", "admin:networks_network_change"],
)
def test_admin_pages_work_under_the_policy(admin_client, network, url_name):
    args = [network.pk] if url_name.endswith("_change") else []
    response = admin_client.get(reverse(url_name, args=args))
    html = response.content.decode()
    assert response.status_code == 200
    assert blocked_by_csp(html) == {key: [] for key in blocked_by_csp("")}
    if url_name.endswith("_change"):
        # The language tabs' scripts are all there, from our own static files.
        for script in ("jquery-ui/jquery-ui.min.js", "tabbed_translation_fields.js"):
            assert re.search(rf'<script src="/static/[^"]*{re.escape(script)}"', html)


@pytest.mark.parametrize("url", ["/en/", "/en/networks/at-network/", "/en/organizations/"])
def test_public_pages_need_nothing_the_policy_blocks(client, network, url):
    html = client.get(url).content.decode()
    assert blocked_by_csp(html) == {key: [] for key in blocked_by_csp("")}


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser(
        "editor", "editor@example.org", "Corr3ct-horse!"
    )


def log_in(client, password, address="203.0.113.5", username="editor", **headers):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


def test_login_locks_out_after_five_failures_for_an_hour(client, editor):
    for _attempt in range(4):
        assert log_in(client, "wrong").status_code == 200
    response = log_in(client, "wrong", HTTP_ACCEPT_LANGUAGE="sr-latn")
    assert response.status_code == 429
    assert "Previše neuspelih pokušaja prijave" in response.content.decode()
    # Even the right password is refused now, from that address…
    assert log_in(client, "Corr3ct-horse!").status_code == 429
    # …but not from another one.
    assert log_in(client, "Corr3ct-horse!", address="198.51.100.9").status_code == 302


def test_lockout_page_speaks_english_too(client, editor):
    for _attempt in range(5):
        response = log_in(client, "wrong", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert "Signing in failed 5 times in a row" in response.content.decode()


def test_one_address_guessing_many_accounts_is_blocked_after_twenty_failures(client, editor):
    # Four tries at each of five names: no pair reaches its limit of five.
    for attempt in range(19):
        response = log_in(client, "wrong", username=f"admin{attempt % 5}")
        assert response.status_code == 200, attempt
    response = log_in(client, "wrong", username="root", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Signing in from this address failed 20 times within an hour" in html
    assert "signing in from this address is blocked for an hour" in html
    # The address is blocked, the right password included; other addresses are not.
    assert log_in(client, "Corr3ct-horse!").status_code == 429
    assert log_in(client, "Corr3ct-horse!", address="198.51.100.9").status_code == 302


def test_one_account_guessed_from_many_addresses_is_locked_after_ten_failures(
    client, editor, django_user_model
):
    for attempt in range(9):
        response = log_in(client, "wrong", address=f"192.0.2.{attempt + 1}")
        assert response.status_code == 200, attempt
    response = log_in(client, "wrong", address="192.0.2.10", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Signing in to this account failed 10 times within an hour" in html
    assert "from different addresses, so the account is locked for an hour" in html
    # The account is locked from everywhere, a new address included; others are not.
    assert log_in(client, "Corr3ct-horse!", address="198.51.100.9").status_code == 429
    django_user_model.objects.create_superuser("other", "other@example.org", "An0ther-horse!")
    signed_in = log_in(client, "An0ther-horse!", username="other", address="198.51.100.9")
    assert signed_in.status_code == 302


def test_signing_in_forgives_only_that_names_failures_from_that_address(client, editor):
    # An address with one account of its own must not wipe its guesses at the others.
    for attempt in range(15):
        assert log_in(client, "wrong", username=f"admin{attempt % 5}").status_code == 200
    for _attempt in range(4):
        assert log_in(client, "wrong").status_code == 200
    assert log_in(client, "Corr3ct-horse!").status_code == 302
    client.logout()
    # 15 guesses at other names still count: the 20th failure (the editor's 4 forgiven).
    for attempt in range(4):
        assert log_in(client, "wrong", username=f"admin{attempt}").status_code == 200
    assert log_in(client, "wrong", username="root").status_code == 429


@override_settings(
    AXES_IPWARE_PROXY_COUNT=0,
    AXES_IPWARE_META_PRECEDENCE_ORDER=("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"),
)
def test_behind_the_proxy_the_client_address_counts(client, editor):
    # Every request comes from the proxy (10.0.0.2); the clients differ.
    for _attempt in range(5):
        log_in(client, "wrong", address="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5")
    locked = log_in(
        client, "Corr3ct-horse!", address="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5"
    )
    assert locked.status_code == 429
    other = log_in(client, "Corr3ct-horse!", address="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.44")
    assert other.status_code == 302


def test_password_validators_refuse_weak_passwords(django_user_model):
    user = django_user_model(username="editor")
    for weak in ("password", "12345678", "editor12", "short"):
        with pytest.raises(ValidationError):
            validate_password(weak, user)
    validate_password("Corr3ct-horse-battery", user)


def settings_in_a_new_process(code, **env):
    """What ``code`` prints, run after ``django.setup()`` in a process of its own with
    development settings and ``env``: settings are read once, at start-up."""
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "astra_site.settings",
            "DJANGO_DEBUG": "1",
            "DJANGO_LOG_LEVEL": "WARNING",
            **env,
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_admin_address_comes_from_the_environment():
    code = "from django.urls import reverse; print(reverse('admin:index'))"
    assert settings_in_a_new_process(code, DJANGO_ADMIN_URL="staff-only-7f3a/") == (
        "/staff-only-7f3a/"
    )


def test_each_login_limit_comes_from_the_environment():
    code = (
        "from django.conf import settings; "
        "print(settings.LOGIN_FAILURE_LIMITS, settings.AXES_FAILURE_LIMIT)"
    )
    printed = settings_in_a_new_process(
        code,
        DJANGO_LOGIN_FAILURE_LIMIT="3",
        DJANGO_LOGIN_ADDRESS_FAILURE_LIMIT="30",
        DJANGO_LOGIN_USER_FAILURE_LIMIT="12",
    )
    assert printed == ("{'username+ip_address': 3, 'ip_address': 30, 'username': 12} 3")


def test_the_content_security_policy_is_django_csps_own(rf, settings):
    """The header built once (core.middleware.headers.CSPMiddleware) is the one django-csp
    builds, follows the setting, and leaves a view's own changes to django-csp."""
    from csp.constants import NONCE
    from csp.utils import build_policy
    from django.http import HttpResponse

    from core.middleware.headers import CSPMiddleware

    middleware = CSPMiddleware(lambda request: HttpResponse("page"))
    expected = build_policy()
    for _ in range(2):
        assert middleware(rf.get("/en/"))["Content-Security-Policy"] == expected
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    assert middleware(rf.get("/en/"))["Content-Security-Policy"] == "default-src 'none'"

    def updated(request):
        response = HttpResponse("page")
        response._csp_update = {"img-src": ["https://images.example"]}
        return response

    response = CSPMiddleware(updated)(rf.get("/en/"))
    assert (
        response["Content-Security-Policy"] == "default-src 'none'; img-src https://images.example"
    )

    def with_nonce(request):
        return HttpResponse(f"<script nonce={request.csp_nonce}>")

    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": [NONCE]}}
    middleware = CSPMiddleware(with_nonce)
    request = rf.get("/en/")
    response = middleware(request)
    assert f"script-src 'nonce-{request.csp_nonce}'" in response["Content-Security-Policy"]
