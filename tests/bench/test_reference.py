"""The reference application, in a process of its own (its settings are not the site's)."""

import json
import subprocess
import sys

from bench.run import ROOT

PROBE = """
import json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.reference.settings"
import django
django.setup()
from django.conf import settings
from django.test import Client
response = Client().get("/")
print(json.dumps({
    "status": response.status_code,
    "type": response["Content-Type"],
    "length": len(response.content),
    "end": response.content.decode()[-8:],
    "frame": response.get("X-Frame-Options"),
    "middleware": settings.MIDDLEWARE,
    "apps": settings.INSTALLED_APPS,
    "databases": list(settings.DATABASES),
    "missing": Client().get("/missing/").status_code,
}))
"""


def probe():
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    output = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(output.stdout)


def test_reference_answers_a_fixed_15_kb_page_behind_djangos_default_middleware():
    found = probe()
    assert found["status"] == 200
    assert found["type"] == "text/html; charset=utf-8"
    assert 14_000 <= found["length"] <= 16_000
    assert found["end"] == "</html>\n"
    assert found["frame"] == "DENY"  # XFrameOptionsMiddleware ran: the default stack
    assert found["middleware"][0] == "django.middleware.security.SecurityMiddleware"
    assert len(found["middleware"]) == 7
    assert all(app.startswith("django.contrib.") for app in found["apps"])
    assert found["databases"] == ["default"]  # Django's dummy: no database configured
    assert found["missing"] == 404
