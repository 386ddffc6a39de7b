"""What a real gunicorn with the production settings answers to odd requests: Django's
translated pages wherever Django can answer, gunicorn's own status codes beyond that."""

import json
import socket

import pytest

from tests.servers import Server, gunicorn_command, production_env

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory, static_root, production_sqlite):
    server = Server(
        gunicorn_command("--workers", "1"),
        production_env(DATABASE_URL=production_sqlite, DJANGO_STATIC_ROOT=static_root),
        tmp_path_factory.mktemp("gunicorn") / "server.log",
    )
    try:
        server.wait_until_healthy()
        yield server
    finally:
        server.stop()


def raw_request(server, request_line, headers=()):
    """The status line and body gunicorn answers to a request sent byte for byte (so that
    no client library refuses to send it)."""
    lines = [request_line, f"Host: 127.0.0.1:{server.port}", "X-Forwarded-Proto: https"]
    data = ("\r\n".join([*lines, *headers]) + "\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(data)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return head.split(b"\r\n", 1)[0].decode(), body.decode(errors="replace")


def log_entries(server):
    entries = []
    for line in server.output().splitlines():
        if line.startswith("{"):
            entries.append(json.loads(line))
    return entries


def test_a_query_string_with_too_many_fields_gets_djangos_translated_400(server):
    query = "&".join(["q=x"] * 1001)
    assert len(query) < 8000  # under gunicorn's limit: Django decides
    response = server.request(
        "GET", f"/sr-latn/organizacije/?{query}", headers={"Accept-Language": "sr-latn"}
    )
    assert response.status == 400
    assert "<h1>Neispravan zahtev</h1>" in response.text
    assert 'lang="sr-Latn"' in response.text


def test_an_over_long_request_line_gets_gunicorns_414(server):
    status, _body = raw_request(server, f"GET /en/?q={'x' * 8200} HTTP/1.1")
    assert status == "HTTP/1.1 414 URI Too Long"


def test_too_many_headers_get_gunicorns_431(server):
    headers = [f"X-Extra-{i}: {i}" for i in range(50)]
    status, _body = raw_request(server, "GET /en/ HTTP/1.1", headers)
    assert status == "HTTP/1.1 431 Request Header Fields Too Large"
    # A browser's share of headers is served.
    browser = [f"X-Extra-{i}: {i}" for i in range(20)]
    assert raw_request(server, "GET /en/ HTTP/1.1", browser)[0] == "HTTP/1.1 200 OK"


def test_an_over_long_header_gets_gunicorns_431(server):
    status, _body = raw_request(server, "GET /en/ HTTP/1.1", [f"Cookie: a={'x' * 8200}"])
    assert status == "HTTP/1.1 431 Request Header Fields Too Large"


def test_a_host_that_is_not_ours_gets_the_translated_400_and_one_warning(server):
    response = server.request(
        "GET", "/en/", headers={"Host": "evil.example", "X-Request-ID": "evil-host-check"}
    )
    assert response.status == 400
    assert "<h1>Bad request</h1>" in response.text
    assert "evil.example" not in response.text
    entries = [e for e in log_entries(server) if e.get("request_id") == "evil-host-check"]
    assert [(e["level"], e["logger"]) for e in entries if e["level"] != "INFO"] == [
        ("WARNING", "django.security.DisallowedHost")
    ]
    assert not any("exception" in entry for entry in entries)
    assert "Traceback" not in server.output()
