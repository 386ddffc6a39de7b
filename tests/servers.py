"""Real servers for the tests that need them: bin/start and gunicorn, as in production."""

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(**extra):
    """The environment of a production copy: no DEBUG, secrets and hosts given."""
    env = {
        "PATH": f"{VENV_BIN}:/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "astra_site.settings",
        "DJANGO_SECRET_KEY": "test-only-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # The tests play the load balancer: they send X-Forwarded-Proto themselves.
        "DJANGO_TRUSTED_PROXY_COUNT": "1",
        "DJANGO_LOG_FORMAT": "json",
        "PYTHON": sys.executable,
    }
    env.update({key: str(value) for key, value in extra.items()})
    return env


def collectstatic(static_root):
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        env=production_env(DJANGO_STATIC_ROOT=static_root),
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )


class Server:
    """A server process on a free port; stopped with SIGTERM, as a container is."""

    def __init__(self, command, env, log_path):
        self.port = free_port()
        env = {**env, "PORT": str(self.port)}
        self.log_path = log_path
        self.log = open(log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT
        )
        self.cookies = {}

    def wait_until_healthy(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the server exited: {self.output()}")
            try:
                if self.request("GET", "/healthz").status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"the server did not become healthy: {self.output()}")

    def request(self, method, path, data=None, headers=None):
        """One request as the load balancer forwards it (over HTTPS at the edge)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        all_headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "Accept-Language": "en",
        }
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
            all_headers["Origin"] = f"https://127.0.0.1:{self.port}"
        all_headers.update(headers or {})
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        response.text = response.read().decode(errors="replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response

    def json(self, path):
        return json.loads(self.request("GET", path).text)

    def output(self):
        if not self.log.closed:
            self.log.flush()
        return Path(self.log_path).read_text(errors="replace")[-4000:]

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        return self.process.returncode


def gunicorn_command(*extra):
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        "gunicorn.conf.py",
        *extra,
        "astra_site.wsgi",
    ]


def database_env(connection):
    """DATABASE_URL for the database the test run uses (pytest-django's test database)."""
    settings = connection.settings_dict
    user = settings["USER"] or "postgres"
    if settings["PASSWORD"]:
        user = f"{user}:{settings['PASSWORD']}"
    host = settings["HOST"] or "127.0.0.1"
    port = settings["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{settings['NAME']}"


def uses_postgresql():
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def caddy_executable():
    """Debian's Caddy: without it the proxy's tests skip, except under CI (.ci/run installs
    it), where a missing proxy must not pass unnoticed."""
    caddy = shutil.which("caddy")
    if caddy is None:
        message = "Caddy is not installed (apt-get install caddy)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: CI must test the proxy's configuration.", pytrace=False)
        pytest.skip(message)
    return caddy


class Caddy:
    """deploy/Caddyfile run by Caddy itself, changed only where a test machine must differ:
    the site address, the media folder, the upstreams, and global options put in front of
    it (always ``admin off``: no admin endpoint to collide with another run's)."""

    def __init__(self, folder, site, upstreams, global_options=()):
        caddy = caddy_executable()
        config = (ROOT / "deploy" / "Caddyfile").read_text()
        for placeholder in ("{$SITE_HOST} {", "/srv/media", "web1:8000 web2:8000"):
            assert placeholder in config
        config = (
            config.replace("{$SITE_HOST}", site)
            .replace("/srv/media", str(folder / "media"))
            .replace("web1:8000 web2:8000", " ".join(upstreams))
        )
        options = "".join(f"\t{option}\n" for option in ("admin off", *global_options))
        caddyfile = folder / "Caddyfile"
        caddyfile.write_text("{\n" + options + "}\n" + config)
        # Caddy keeps its certificates, its local CA and its autosaved configuration under
        # these: inside the test's folder, never in the user's home.
        self.data = folder / "data"
        env = {
            **os.environ,
            "XDG_DATA_HOME": str(self.data),
            "XDG_CONFIG_HOME": str(folder / "config"),
        }
        self.log_path = folder / "caddy.log"
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [caddy, "run", "--config", str(caddyfile), "--adapter", "caddyfile"],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    @property
    def root_certificate(self):
        """The root of Caddy's local CA (``tls internal``), which clients are told to trust."""
        return self.data / "caddy" / "pki" / "authorities" / "local" / "root.crt"

    def output(self):
        return self.log_path.read_text(errors="replace")[-4000:]

    def logged(self, *fragments, timeout=10):
        """Whether a line of Caddy's log holds every fragment (say, a health check's
        verdict on one upstream), waiting up to ``timeout`` seconds for it."""
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise AssertionError(f"Caddy exited: {self.output()}")
            lines = self.log_path.read_text(errors="replace").splitlines()
            if any(all(fragment in line for fragment in fragments) for line in lines):
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)
