import pytest

from bench.middleware import QueryCountMiddleware

pytestmark = pytest.mark.django_db


@pytest.fixture
def bench_settings(settings):
    settings.ROOT_URLCONF = "bench.urls"
    settings.MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *settings.MIDDLEWARE]
    settings.DEBUG = False  # as under gunicorn: connection.queries is not recorded
    return settings


def test_counts_every_query_of_a_page(bench_settings, client, network):
    response = client.get("/en/networks/at-network/")
    assert response.status_code == 200
    # The network page's fixed count (network with goals and memberships).
    assert response[QueryCountMiddleware.header] == "3"


def test_trivial_view_runs_no_query(bench_settings, client):
    response = client.get("/bench/trivial/")
    assert response.content == b"ok\n"
    assert response[QueryCountMiddleware.header] == "0"


def test_counts_stop_at_the_end_of_the_request(bench_settings, client, network):
    from django.db import connection

    client.get("/en/")
    assert connection.execute_wrappers == []
