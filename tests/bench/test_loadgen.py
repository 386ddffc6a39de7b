"""The load generator against a real server (no figure is asserted: nothing is timed)."""

from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest

from bench import loadgen


def in_thread(func, *args, **kwargs):
    # The load generator runs its own event loop, as under `make bench`; here the browser
    # tests' Playwright may already run one in this thread for the rest of the session.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(func, *args, **kwargs).result()


def fetch(*args, **kwargs):
    return in_thread(loadgen.fetch, *args, **kwargs)


def load(*args, **kwargs):
    return in_thread(loadgen.load, *args, **kwargs)


@pytest.fixture
def address(live_server, transactional_db):
    url = urlsplit(live_server.url)
    return url.hostname, url.port


def test_fetch_reads_a_whole_page(address):
    response = fetch(*address, "/en/")
    assert response.status == 200
    assert response.body.rstrip().endswith(b"</html>")
    assert len(response.body) == int(response.headers["content-length"])


def test_load_keeps_connections_busy_and_counts_statuses_and_errors(address):
    found = load(*address, "/en/", concurrency=2, duration=0.3)
    assert found.requests > 0
    assert found.errors == 0
    assert found.statuses == {200: found.requests}

    missing = load(*address, "/en/no-such-page/", concurrency=1, duration=0.2)
    assert missing.requests > 0
    assert missing.errors == missing.requests  # a 404 where 200 was expected is an error


def test_load_asks_for_several_paths_in_turn(address):
    mixed = load(*address, ["/en/", "/en/no-such-page/"], concurrency=2, duration=0.3)
    # Each connection alternates, one starting at each path: as many of one as the other.
    assert abs(mixed.statuses[200] - mixed.statuses[404]) <= 2
    assert mixed.statuses[200] > 0
    assert mixed.errors == mixed.statuses[404]
