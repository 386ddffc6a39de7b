"""One structured log line per request, with its id, status and duration."""

import json
import logging
import subprocess
import sys

import pytest

from core.log import JsonFormatter, RequestIdFilter
from tests.servers import ROOT, production_env

pytestmark = pytest.mark.django_db


def request_records(caplog):
    return [record for record in caplog.records if record.name == "astra_site.request"]


def test_each_request_is_logged_with_id_method_path_status_and_duration(client, caplog, network):
    caplog.set_level(logging.INFO, logger="astra_site.request")
    response = client.get("/en/networks/at-network/")
    (record,) = request_records(caplog)
    assert record.method == "GET"
    assert record.path == "/en/networks/at-network/"
    assert record.status == 200
    assert record.duration_ms >= 0
    assert len(response["X-Request-ID"]) == 32


def test_an_incoming_request_id_is_kept_and_echoed(client, caplog):
    caplog.set_level(logging.INFO, logger="astra_site.request")
    response = client.get("/en/nowhere/", HTTP_X_REQUEST_ID="lb-1234-abcd")
    assert response["X-Request-ID"] == "lb-1234-abcd"
    json_line = JsonFormatter().format(request_records(caplog)[0])
    entry = json.loads(json_line)
    assert entry["request_id"] == "lb-1234-abcd"
    assert entry["status"] == 404
    assert entry["path"] == "/en/nowhere/"


def test_a_forged_request_id_is_replaced(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID='x"\n{"level": "fake"}')
    assert response["X-Request-ID"] != 'x"\n{"level": "fake"}'
    assert len(response["X-Request-ID"]) == 32


def test_json_formatter_writes_one_parseable_line_with_the_exception():
    logger = logging.getLogger("tests.json")
    try:
        raise ValueError("broken")
    except ValueError:
        record = logger.makeRecord(
            "tests.json", logging.ERROR, __file__, 1, "failed: %s", ("it",), exc_info=sys.exc_info()
        )
    RequestIdFilter().filter(record)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["message"] == "failed: it"
    assert "ValueError: broken" in entry["exception"]
    assert entry["time"].endswith("+00:00")


def test_production_logs_are_json_on_stdout(tmp_path):
    code = (
        "import django; django.setup();"
        "from django.test import Client;"
        "Client().get('/healthz', HTTP_X_REQUEST_ID='probe-1')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    entries = [json.loads(line) for line in result.stdout.splitlines()]
    request = next(entry for entry in entries if entry["logger"] == "astra_site.request")
    assert request["request_id"] == "probe-1"
    assert request["status"] == 200
    assert request["method"] == "GET"
    assert "duration_ms" in request
