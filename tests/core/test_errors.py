"""Bad input gets a clear page in the visitor's language, never a traceback."""

import logging

import pytest
from django.conf import settings
from django.test import Client, RequestFactory, override_settings
from django.utils import translation

from core import views


def test_too_many_form_fields_give_a_translated_400(client):
    data = {f"field{i}": "x" for i in range(1100)}
    response = client.post("/i18n/setlang/", data, headers={"accept-language": "sr-latn"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "<h1>Neispravan zahtev</h1>" in html
    assert "Ništa nije sačuvano." in html
    assert 'lang="sr-Latn"' in html


def test_an_oversized_body_gives_a_translated_400(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = client.post(
        "/i18n/setlang/",
        "language=en&next=/" + "&x=" + "y" * 2048,
        content_type="application/x-www-form-urlencoded",
        headers={"accept-language": "en"},
    )
    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in response.content.decode()


def test_a_form_without_its_token_gives_a_translated_403():
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/i18n/setlang/", {"language": "en"}, headers={"accept-language": "sr-latn"}
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Formular više nije važeći</h1>" in html
    assert "Ništa nije sačuvano." in html


def test_permission_denied_page_is_translated(db):
    request = RequestFactory().get("/sr-latn/")
    with translation.override("sr-latn"):
        response = views.permission_denied(request, PermissionError())
    assert response.status_code == 403
    assert "<h1>Pristup nije dozvoljen</h1>" in response.content.decode()


def refused_host_records(caplog):
    return [record for record in caplog.records if record.name.startswith("django.")]


@pytest.mark.parametrize(
    ("url", "language", "heading"),
    [
        ("/en/", "en", "<h1>Bad request</h1>"),
        ("/sr-latn/", "sr-latn", "<h1>Neispravan zahtev</h1>"),
        ("/sr/organizacije/", "sr", "<h1>Неисправан захтев</h1>"),
        ("/en/no-such-page/", "en", "<h1>Bad request</h1>"),
        ("/robots.txt", "en", "<h1>Bad request</h1>"),
        ("/data/directory.json", "sr-latn", "<h1>Neispravan zahtev</h1>"),
    ],
)
# With the page cache on, its early part reads the Host first (to build the key).
@pytest.mark.parametrize("page_cache_seconds", [0, 600])
@override_settings(DEBUG=False, ALLOWED_HOSTS=["astra.example"])
@pytest.mark.django_db
def test_a_host_that_is_not_ours_gets_a_translated_400_and_one_warning(
    client, caplog, url, language, heading, page_cache_seconds
):
    client.raise_request_exception = False
    caplog.set_level(logging.INFO)
    with override_settings(PAGE_CACHE_SECONDS=page_cache_seconds):
        response = client.get(url, HTTP_HOST="evil.example", HTTP_ACCEPT_LANGUAGE=language)
    html = response.content.decode()
    assert response.status_code == 400
    assert heading in html
    assert f'lang="{settings.LANGUAGE_TAGS[language]}"' in html
    assert "evil.example" not in html
    # The switcher still leads home in each language, by path alone.
    assert 'href="/en/"' in html
    assert 'href="/sr-latn/"' in html
    (record,) = refused_host_records(caplog)
    assert record.name == "django.security.DisallowedHost"
    assert record.levelname == "WARNING"
    assert record.exc_info is None
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


@override_settings(DEBUG=False, ALLOWED_HOSTS=["astra.example"], SECURE_SSL_REDIRECT=True)
@pytest.mark.django_db
def test_a_host_that_is_not_ours_over_plain_http_is_refused_before_any_redirect(client, caplog):
    # SecurityMiddleware reads the Host to build the https:// address, before
    # LocaleMiddleware has chosen a language: the page still speaks the visitor's.
    client.raise_request_exception = False
    response = client.get("/sr-latn/", HTTP_HOST="evil.example")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Location" not in response
    assert "<h1>Neispravan zahtev</h1>" in html
    assert "evil.example" not in html
    assert [record.levelname for record in refused_host_records(caplog)] == ["WARNING"]


def test_too_many_form_fields_are_a_warning_without_a_traceback(client, caplog):
    client.raise_request_exception = False
    data = {f"field{i}": "x" for i in range(1100)}
    response = client.post("/i18n/setlang/", data)
    assert response.status_code == 400
    (record,) = refused_host_records(caplog)
    assert (record.name, record.levelname, record.exc_info) == (
        "django.security.TooManyFieldsSent",
        "WARNING",
        None,
    )
