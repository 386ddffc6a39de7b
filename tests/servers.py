"""Real servers for the tests that need them: bin/start and gunicorn, as in production."""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

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
