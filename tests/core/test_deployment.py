"""The container, its start script, gunicorn's settings and the compose file."""

import ast
import gc
import http.client
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from django.test import Client

from tests.helpers import production_static_files
from tests.servers import (
    ROOT,
    Caddy,
    Server,
    database_env,
    free_port,
    production_env,
    uses_postgresql,
)

DOCKERFILE = (ROOT / "Dockerfile").read_text()


def test_dockerfile_passes_hadolint():
    hadolint = Path(sys.executable).parent / "hadolint"
    result = subprocess.run(
        [hadolint, "Dockerfile"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_builds_in_stages_and_runs_as_a_plain_user():
    assert re.findall(r"^FROM python:3\.11-slim AS (\w+)", DOCKERFILE, re.M) == [
        "build",
        "runtime",
    ]
    build, runtime = DOCKERFILE.split("AS runtime")
    assert "compilemessages" in build
    assert "collectstatic" in build
    assert re.search(r"^USER (?!root|0\b)\S+", runtime, re.M)
    assert "HEALTHCHECK" in runtime
    assert "/healthz" in runtime
    assert re.search(r'^CMD \["bin/start"\]', runtime, re.M)
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", "db.sqlite3", "media"} <= set(ignored)


def test_start_script_migrates_then_hands_over_to_gunicorn():
    script = (ROOT / "bin" / "start").read_text()
    assert script.index("migrate --no-input") < script.index("exec ")
    assert "gunicorn -c gunicorn.conf.py astra_site.wsgi" in script


def gunicorn_settings(**env):
    code = (ROOT / "gunicorn.conf.py").read_text()
    namespace = {}
    with pytest.MonkeyPatch.context() as patch:
        for key in ("PORT", "WEB_CONCURRENCY", "FORWARDED_ALLOW_IPS", "GUNICORN_THREADS"):
            patch.delenv(key, raising=False)
        for key, value in env.items():
            patch.setenv(key, value)
        exec(compile(code, "gunicorn.conf.py", "exec"), namespace)
    return namespace


def test_workers_keep_what_was_loaded_before_the_fork_out_of_the_collectors_way():
    conf = gunicorn_settings()
    threshold = gc.get_threshold()
    try:
        conf["pre_fork"](server=None, worker=None)  # in the master, before each fork
        assert gc.get_freeze_count() > 10_000  # Django and the site, preloaded
        conf["post_fork"](server=None, worker=None)  # in the new worker
        assert gc.get_threshold() == conf["GC_THRESHOLD"]
        assert gc.get_threshold()[0] >= 10_000
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)


def test_gunicorn_settings_suit_a_container():
    conf = gunicorn_settings()
    assert conf["bind"] == "0.0.0.0:8000"
    assert 3 <= conf["workers"] <= 9
    assert conf["timeout"] == 30
    assert 0 < conf["graceful_timeout"] <= conf["timeout"]
    # Sized for a slow leak over hours, not for restarts every second under load.
    assert conf["max_requests"] >= 20_000
    assert conf["max_requests"] // 4 <= conf["max_requests_jitter"] <= conf["max_requests"]
    assert conf["limit_request_line"] == 8190
    assert conf["limit_request_fields"] == 50
    assert conf["limit_request_field_size"] == 8190
    assert conf["accesslog"] == "-"
    tuned = gunicorn_settings(PORT="9000", WEB_CONCURRENCY="4", FORWARDED_ALLOW_IPS="10.0.0.2")
    assert (tuned["bind"], tuned["workers"], tuned["forwarded_allow_ips"]) == (
        "0.0.0.0:9000",
        4,
        "10.0.0.2",
    )


def variables_read_by(path):
    """Names passed to os.environ.get / env_bool / env_list / env_int in a module."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = ast.unparse(node.func)
            if func in {
                "os.environ.get",
                "env_bool",
                "env_list",
                "env_int",
                "os.environ.setdefault",
            }:
                names.add(node.args[0].value)
    return names


def test_compose_file_sets_only_variables_the_site_reads():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    apps = [name for name, service in services.items() if service.get("build")]
    assert len(apps) == 2
    assert {"db", "redis", "proxy"} <= set(services)
    assert services["db"]["image"].startswith("postgres")
    assert services["redis"]["image"].startswith("redis")
    read = variables_read_by(ROOT / "astra_site" / "settings.py") | variables_read_by(
        ROOT / "gunicorn.conf.py"
    )
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "CACHE_URL", "PAGE_CACHE_SECONDS"} <= read
    for name in apps:
        environment = services[name]["environment"]
        assert set(environment) <= read, set(environment) - read
        for required in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL"):
            assert required in environment
        assert environment["CACHE_URL"].startswith("redis://redis:")
        assert environment["DATABASE_URL"].startswith("postgres://")
    # The proxy balances over both copies.
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert all(f"{name}:8000" in caddyfile for name in apps)


def test_readme_documents_every_variable_the_site_reads():
    readme = (ROOT / "README.md").read_text()
    read = variables_read_by(ROOT / "astra_site" / "settings.py") | variables_read_by(
        ROOT / "gunicorn.conf.py"
    )
    undocumented = {name for name in read if f"`{name}`" not in readme}
    assert undocumented == set()


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        env=production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("DJANGO_SECRET_KEY", "DJANGO_SECRET_KEY is not set"),
        ("DJANGO_ALLOWED_HOSTS", "DJANGO_ALLOWED_HOSTS is not set"),
    ],
)
def test_production_start_stops_with_a_clear_message(tmp_path, missing, message):
    env = production_env()
    del env[missing]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert f"ImproperlyConfigured: {message}" in result.stderr


def test_collectstatic_writes_hashed_gzip_and_brotli_files(static_root):
    css = sorted(path.name for path in (static_root / "css").iterdir())
    hashed = [name for name in css if re.fullmatch(r"site\.[0-9a-f]{12}\.css", name)]
    assert len(hashed) == 1
    assert {f"{hashed[0]}.gz", f"{hashed[0]}.br"} <= set(css)
    # The admin's tabs still have their jQuery UI; its unused themes are left out.
    assert list((static_root / "jquery-ui").glob("jquery-ui.min.*.js"))
    assert not (static_root / "jquery-ui" / "themes").exists()


@pytest.mark.django_db
def test_static_files_are_served_compressed_with_far_future_headers(static_root):
    with production_static_files(static_root):
        from django.templatetags.static import static

        url = static("css/site.css")
        assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", url)
        response = Client().get(url, HTTP_ACCEPT_ENCODING="br, gzip")
        response.close()
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"


@pytest.mark.skipif(
    not uses_postgresql(),
    reason="runs against PostgreSQL, as in production (set DATABASE_URL; .ci/run does)",
)
@pytest.mark.django_db(transaction=True)
def test_start_script_serves_the_site_for_real(tmp_path, static_root):
    from django.db import connection

    server = Server(
        [str(ROOT / "bin" / "start")],
        production_env(
            DATABASE_URL=database_env(connection),
            DJANGO_STATIC_ROOT=static_root,
            WEB_CONCURRENCY=2,
        ),
        tmp_path / "server.log",
    )
    try:
        server.wait_until_healthy()
        assert server.json("/healthz") == {"status": "ok"}
        assert server.json("/readyz") == {"status": "ok", "database": "ok", "cache": "ok"}
        page = server.request("GET", "/en/")
        assert page.status == 200, server.output()
        assert "Networks we belong to" in page.text
        assert page.headers["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        )
        assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
        assert page.headers["X-Request-ID"]
        # Plain http without the proxy's header is sent to HTTPS.
        insecure = server.request("GET", "/en/", headers={"X-Forwarded-Proto": "http"})
        assert insecure.status == 301
        assert insecure.headers["Location"].startswith("https://")
        login = server.request("GET", "/admin/login/")
        assert "Secure" in login.headers["Set-Cookie"]
        assert "HttpOnly" in login.headers["Set-Cookie"]
        assert "SameSite=Lax" in login.headers["Set-Cookie"]
        # Between requests the workers keep their database connections open.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            assert cursor.fetchone()[0] >= 1
    finally:
        returncode = server.stop()
    # SIGTERM: gunicorn finishes what it serves and exits cleanly.
    assert returncode == 0, server.output()
    log = server.output()
    assert '"path": "/en/"' in log
    assert "Applying" in log or "No migrations to apply" in log


def caddy_headers(tmp_path, paths):
    """deploy/Caddyfile run by Caddy over plain http (tests/core/test_https.py runs it over
    HTTPS): the headers of a GET of each of ``paths``, all served by Caddy itself."""
    port = free_port()
    caddy = Caddy(tmp_path, f"http://127.0.0.1:{port}", [f"127.0.0.1:{free_port()}"])
    try:
        headers = {}
        for path in paths:
            deadline = time.monotonic() + 20
            while True:
                try:
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                    connection.request("GET", path)
                    response = connection.getresponse()
                    response.read()
                    connection.close()
                    break
                except OSError:
                    if time.monotonic() > deadline or caddy.process.poll() is not None:
                        raise AssertionError(caddy.output()) from None
                    time.sleep(0.1)
            assert response.status == 200, (path, response.status, caddy.output())
            headers[path] = response.headers
        return headers
    finally:
        caddy.stop()


def test_the_proxy_serves_logo_renditions_as_immutable_and_other_media_for_a_day(tmp_path):
    media = tmp_path / "media"
    rendition = media / "logos" / "renditions" / "ab" / "cd" / "abcd1234.webp"
    rendition.parent.mkdir(parents=True)
    rendition.write_bytes(b"RIFF")
    (media / "logos" / "at-network.png").write_bytes(b"PNG")
    headers = caddy_headers(
        tmp_path,
        ["/media/logos/renditions/ab/cd/abcd1234.webp", "/media/logos/at-network.png"],
    )
    immutable = headers["/media/logos/renditions/ab/cd/abcd1234.webp"]
    assert immutable.get_all("Cache-Control") == ["public, max-age=31536000, immutable"]
    assert immutable["X-Content-Type-Options"] == "nosniff"
    original = headers["/media/logos/at-network.png"]
    assert original.get_all("Cache-Control") == ["public, max-age=86400"]
    assert original["X-Content-Type-Options"] == "nosniff"


def test_renditions_live_where_the_proxy_serves_them_as_immutable():
    """The folder the Caddyfile marks immutable is the one sorl-thumbnail writes to."""
    from django.conf import settings

    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert f"@renditions path /{settings.THUMBNAIL_PREFIX}*" in caddyfile
    assert settings.MEDIA_URL == "/media/"
    assert "handle_path /media/*" in caddyfile
