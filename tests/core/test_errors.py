"""Bad input gets a clear page in the visitor's language, never a traceback."""

from django.test import Client, RequestFactory
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
