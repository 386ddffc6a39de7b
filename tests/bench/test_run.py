"""The bench's figures and verdicts, from results made up for the purpose."""

import pytest

from bench.loadgen import Result
from bench.run import (
    Measurement,
    Target,
    count_booted_workers,
    has_javascript,
    parse_args,
    queries_constant,
    ratio,
    verdicts,
)


def result(rate, *, level=64, errors=0, queries=None, latency=0.01):
    found = Result(level, elapsed=1.0, latencies=[latency] * int(rate), errors=errors)
    found.queries.update(queries or {})
    return found


def test_ratio_is_over_the_mean_of_the_reference_runs_around():
    assert ratio(300, [result(1000), result(2000)]) == pytest.approx(0.2)
    assert ratio(300, [result(0)]) == 0.0


def test_queries_are_constant_only_when_every_answer_ran_the_same_count():
    assert queries_constant(result(5, queries={3: 5}))
    assert queries_constant(result(5))  # nothing counted (static files)
    assert not queries_constant(result(5, queries={3: 4, 7: 1}))


GUNICORN_LOG = """\
[2026-11-30 01:00:00 +0000] [10] [INFO] Starting gunicorn 23.0.0
[2026-11-30 01:00:00 +0000] [11] [INFO] Booting worker with pid: 11
127.0.0.1 "GET /en/ HTTP/1.1" 200 7812 8ms "-" abc
[2026-11-30 01:00:01 +0000] [11] [INFO] Autorestarting worker after current request.
[2026-11-30 01:00:01 +0000] [11] [INFO] Worker exiting (pid: 11)
[2026-11-30 01:00:01 +0000] [12] [INFO] Booting worker with pid: 12
{"message": "GET /en/ 200", "path": "/en/"}
[2026-11-30 01:00:02 +0000] [13] [INFO] Booting worker with pid: 13
"""


def test_counts_workers_booted_in_a_piece_of_the_gunicorn_log():
    assert count_booted_workers(GUNICORN_LOG) == 3
    assert count_booted_workers(GUNICORN_LOG.split("Autorestarting")[1]) == 2
    assert count_booted_workers("") == 0


def test_json_ld_is_not_javascript():
    assert not has_javascript(b'<script type="application/ld+json">{}</script>')
    assert has_javascript(b'<p>x</p><SCRIPT src="/a.js" defer></SCRIPT>')
    assert has_javascript(b"<script>alert(1)</script>")


TARGETS = [
    Target("home", "/en/"),
    Target("network", "/en/networks/at-network/", group="network"),
    Target("directory", "/en/organizations/", group="directory"),
    Target("static CSS", "/static/site.css", is_page=False),
]


def measurement(rates, *, reference=1000, queries=None, errors=None):
    results, references = {}, {}
    for name, rate in rates.items():
        results[name, 64] = result(
            rate, queries=(queries or {}).get(name, {2: 1}), errors=(errors or {}).get(name, 0)
        )
        references[name, 64] = [result(reference), result(reference)]
    return Measurement(results, references)


def test_verdicts_say_met_or_missed_for_each_target_of_the_issue():
    found = {
        "uncached": measurement(
            {"home": 50, "network": 150, "directory": 99, "static CSS": 900},
            queries={"directory": {6: 3, 7: 1}},
        ),
        "cached": measurement(
            {"home": 700, "network": 699, "directory": 800, "static CSS": 900},
            errors={"static CSS": 2},
        ),
    }
    lines = verdicts(
        found,
        TARGETS,
        [64],
        timings={"directory.json": ([0.5, 1.2, 0.4], 1000), "towns.csv": ([1.0, 1.0], 10)},
        probes=[("network page", "/a/", "/b/", "3", "3"), ("directory", "/c/", "/d/", "6", "7")],
        soaked=(result(900, errors=1), 12, result(1000), 60),
    )
    assert lines == [
        "[met] cached home at 64 connections: 0.70× the reference (target ≥ 0.70×)",
        # 0.699: shown rounded down, as it is missed.
        "[MISSED] cached network at 64 connections: 0.69× the reference (target ≥ 0.70×)",
        "[met] cached directory at 64 connections: 0.80× the reference (target ≥ 0.70×)",
        "[met] uncached network at 64 connections: 0.15× the reference (target ≥ 0.15×)",
        "[MISSED] uncached directory at 64 connections: 0.09× the reference (target ≥ 0.10×)",
        "[MISSED] SQL queries per page constant across requests, uncached: directory at 64 (6–7)",
        "[met] SQL queries, small and large data, network page: 3 and 3",
        "[MISSED] SQL queries, small and large data, directory: 6 and 7",
        "[met] open data directory.json, uncached: 500 ms (median of 3; target < 1000 ms)",
        "[MISSED] open data towns.csv, uncached: 1000 ms (median of 2; target < 1000 ms)",
        "[met] uncached: 0 errors at 64 connections",
        "[MISSED] cached: 2 errors at 64 connections",
        "[MISSED] mixed load, cached, 64 connections for 60 s: 1 errors, 900 req/s (0.90× the "
        "reference just after), p50 10.0 ms, p99 10.0 ms, 12 gunicorn workers booted",
    ]


def test_default_run_is_short_and_longer_ones_are_a_flag_away():
    args = parse_args([])
    assert args.levels == [1, 64]
    assert args.soak_seconds == 60
    assert (args.networks, args.organizations, args.memberships) == (50, 1000, 3000)
    longer = parse_args(["--duration", "10", "--concurrency", "1,16,64", "--soak-seconds", "300"])
    assert (longer.duration, longer.levels, longer.soak_seconds) == (10, [1, 16, 64], 300)
