"""A Redis that is hung or absent costs one short wait per interval, not one per call."""

import logging
import os
import shutil
import socket
import statistics
import subprocess
import threading
import time

import pytest
import redis
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from core import cache_backend
from core.cache_backend import CacheUnavailable, OutageLogFilter
from tests.helpers import network_form_data
from tests.servers import Server, free_port, gunicorn_command, production_env

pytestmark = pytest.mark.django_db


class HungRedis:
    """A TCP server that accepts connections and never answers: Redis hung (swapping,
    stopped by a debugger, a half-dead host). It counts the connections it was offered."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.url = f"redis://127.0.0.1:{self.sock.getsockname()[1]}/0"
        self.connections = []
        self.thread = threading.Thread(target=self.accept, daemon=True)
        self.thread.start()

    def accept(self):
        while True:
            try:
                connection, _address = self.sock.accept()
            except OSError:
                return
            self.connections.append(connection)

    def close(self):
        self.sock.close()
        for connection in self.connections:
            connection.close()


@pytest.fixture
def hung_redis():
    server = HungRedis()
    yield server
    server.close()


@pytest.fixture
def redis_server(tmp_path):
    """A Redis of this test's own (never the shared one), on a free port."""
    executable = shutil.which("redis-server")
    if executable is None:
        message = "Redis is not installed (apt-get install redis-server)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: CI must test the cache's recovery.", pytrace=False)
        pytest.skip(message)
    port = free_port()
    process = subprocess.Popen(
        [executable, "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(autouse=True)
def _own_breakers(monkeypatch):
    # Each test starts with every breaker closed.
    monkeypatch.setattr(cache_backend, "_breakers", {})


def redis_cache(url, breaker_seconds=15):
    """The production cache settings (astra_site/settings.py) for ``url``."""
    return {
        "default": {
            "BACKEND": "core.cache_backend.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "astra",
            "OPTIONS": {
                "socket_connect_timeout": 0.05,
                "socket_timeout": 0.05,
                "breaker_seconds": breaker_seconds,
            },
        }
    }


def logged_warnings(caplog):
    """The warnings (and worse) that reach the site's log, whose handler drops what the
    breaker has already said (settings.LOGGING)."""
    return [
        record
        for record in caplog.records
        if record.levelno >= logging.WARNING and OutageLogFilter().filter(record)
    ]


def timed_get(client, url):
    started = time.perf_counter()
    response = client.get(url)
    return response, time.perf_counter() - started


@pytest.mark.parametrize("outage", ["hung", "absent"])
def test_an_unavailable_redis_costs_one_short_wait_and_one_warning(
    client, network, caplog, hung_redis, outage
):
    # Nobody listens on port 1: connections are refused, as when Redis is not running.
    url = hung_redis.url if outage == "hung" else "redis://127.0.0.1:1/0"
    client.get("/en/")  # templates compiled, catalogues loaded: what is left is the cache
    with override_settings(CACHES=redis_cache(url), PAGE_CACHE_SECONDS=600):
        first, first_duration = timed_get(client, "/en/")
        timings = [timed_get(client, "/en/") for _ in range(49)]
    assert first.status_code == 200
    assert "Anti-Trafficking Network" in first.content.decode()
    assert {response.status_code for response, _duration in timings} == {200}
    # The first request waits for one timeout (50 ms), then the site stops asking.
    durations = [duration for _response, duration in timings]
    assert first_duration < 0.2, (first_duration, durations)
    assert statistics.median(durations) < 0.2, durations
    if outage == "hung":
        assert len(hung_redis.connections) == 1
    (warning,) = logged_warnings(caplog)
    assert warning.name == "core.cache_backend"
    assert warning.getMessage().startswith("cache unavailable")
    assert warning.exc_info is None


def test_an_admin_save_does_not_wait_for_a_hung_redis(admin_client, network, hung_redis):
    url = reverse("admin:networks_network_change", args=[network.pk])
    with override_settings(CACHES=redis_cache(hung_redis.url), PAGE_CACHE_SECONDS=600):
        admin_client.get(url)  # the breaker opens here
        started = time.perf_counter()
        response = admin_client.post(url, network_form_data(network, name_en="Saved"))
        duration = time.perf_counter() - started
    assert response.status_code == 302
    assert duration < 1
    assert len(hung_redis.connections) == 1


def test_an_open_breaker_fails_reads_and_writes_without_touching_the_network(hung_redis):
    with override_settings(CACHES=redis_cache(hung_redis.url)):
        with pytest.raises(CacheUnavailable) as opened:
            cache.get("key")
        assert isinstance(opened.value.__cause__, redis.TimeoutError)
        started = time.perf_counter()
        # incr must not look like "no such key" (ValueError): the page cache would
        # think the generation was bumped.
        for call in (
            lambda: cache.incr("key"),
            lambda: cache.set("key", 1),
            lambda: cache.add("key", 1),
            lambda: cache.get("key"),
            lambda: cache.delete("key"),
        ):
            with pytest.raises(CacheUnavailable):
                call()
        assert time.perf_counter() - started < 0.01
    assert len(hung_redis.connections) == 1
    # Code that handles an unreachable Redis handles the breaker too.
    assert issubclass(CacheUnavailable, redis.ConnectionError)


def test_an_edit_during_a_hang_shows_once_redis_answers_again(
    admin_client, client, network, redis_server, caplog
):
    """Redis hangs (CLIENT PAUSE: the server is up, keeps its data and answers nothing)
    while an editor saves. The generation bump fails and the breaker opens; when Redis
    answers again, the page cached before the edit must not come back."""
    caplog.set_level(logging.INFO, logger="core.cache_backend")
    change_url = reverse("admin:networks_network_change", args=[network.pk])
    with override_settings(
        CACHES=redis_cache(redis_server, breaker_seconds=0.5), PAGE_CACHE_SECONDS=600
    ):
        assert client.get("/en/")["X-Cache"] == "miss"
        assert client.get("/en/")["X-Cache"] == "hit"
        redis.Redis.from_url(redis_server).execute_command("CLIENT", "PAUSE", 1000, "ALL")
        data = network_form_data(network, name_en="Renamed During The Hang")
        assert admin_client.post(change_url, data).status_code == 302
        during = client.get("/en/")
        time.sleep(1.1)  # the pause is over, and the breaker's interval
        after = client.get("/en/")
        again = client.get("/en/")
    assert "Renamed During The Hang" in during.content.decode()
    assert after["X-Cache"] == "miss"
    assert "Renamed During The Hang" in after.content.decode()
    assert again["X-Cache"] == "hit"
    assert "Renamed During The Hang" in again.content.decode()
    messages = [r.getMessage() for r in caplog.records if r.name == "core.cache_backend"]
    assert messages[0].startswith("cache unavailable")
    assert messages[-1].startswith("cache available again after")


def test_readyz_reports_a_hung_cache_as_degraded_and_stays_ready(client, hung_redis):
    with override_settings(CACHES=redis_cache(hung_redis.url)):
        first, first_duration = timed_get(client, "/readyz")
        second, second_duration = timed_get(client, "/readyz")
    for response in (first, second):
        assert response.status_code == 200
        assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}
    assert first_duration < 0.2
    assert second_duration < 0.05


BREAKER_SECONDS = 5


@pytest.mark.django_db(transaction=True)
def test_a_server_with_a_hung_redis_serves_fast_and_logs_the_outage_once_per_interval(
    tmp_path, static_root, production_sqlite, hung_redis
):
    server = Server(
        gunicorn_command("--workers", "1"),
        production_env(
            DATABASE_URL=production_sqlite,
            DJANGO_STATIC_ROOT=static_root,
            CACHE_URL=hung_redis.url,
            CACHE_BREAKER_SECONDS=BREAKER_SECONDS,
        ),
        tmp_path / "server.log",
    )
    try:
        server.wait_until_healthy()
        # The worker's first page compiles its templates; the breaker opens meanwhile.
        assert server.request("GET", "/en/").status == 200, server.output()
        time.sleep(BREAKER_SECONDS + 0.1)
        durations = []
        for _ in range(50):
            started = time.perf_counter()
            response = server.request("GET", "/en/")
            durations.append(time.perf_counter() - started)
            assert response.status == 200, server.output()
        ready = server.request("GET", "/readyz")
    finally:
        server.stop()
    log = server.log_path.read_text()
    # The first of the fifty asks Redis again, and waits for its 50 ms timeout.
    assert durations[0] < 0.2, durations
    assert statistics.median(durations) < 0.2, durations
    assert ready.status == 200
    assert '"cache": "unavailable"' in ready.text
    # One warning when the breaker opened, then one per interval: one for the fifty,
    # unless they took longer than an interval (a very busy machine).
    intervals = int(sum(durations) // BREAKER_SECONDS)
    assert 2 <= log.count("cache unavailable") <= 2 + intervals, log
    assert len(hung_redis.connections) <= 2 + intervals
    assert "Traceback" not in log
    assert '"level": "ERROR"' not in log
