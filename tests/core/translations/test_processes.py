"""Every running copy of the site uses a saved translation at once, without a restart:
two gunicorn servers share the catalogue folder; a translator saves on one, the other
shows the change on its next request."""

import hashlib
import re
import subprocess
import sys
from urllib.parse import urlencode

import polib

from core.translations.catalogues import po_path
from tests.servers import ROOT, Server, gunicorn_command, production_env

TAGLINE = "Networks we belong to"
PASSWORD = "Corr3ct-horse-battery"


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def tagline(server, path):
    page = server.request("GET", path).text
    return re.search(r'class="site-name__tagline">([^<]*)<', page)[1]


def test_a_save_on_one_copy_is_on_every_copy_at_once(tmp_path, translations_dir):
    env = production_env(
        # Development settings serve static files without collectstatic; the catalogues,
        # their folder and the per-process caches are the same as in production.
        DJANGO_DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        TRANSLATIONS_DIR=translations_dir,
        PAGE_CACHE_SECONDS="0",
    )
    manage(env, "migrate", "--no-input", "--verbosity", "0")
    manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth.models import Group, User; "
        f"u = User.objects.create_user('prevodilac', password='{PASSWORD}', is_staff=True); "
        "u.groups.add(Group.objects.get(name='Translators'))",
    )
    servers = [
        Server(gunicorn_command("--workers", "1"), env, tmp_path / f"{name}.log")
        for name in ("a", "b")
    ]
    try:
        a, b = servers
        for server in servers:
            server.wait_until_healthy()
        # Both have loaded the catalogues.
        assert tagline(a, "/sr-latn/") == tagline(b, "/sr-latn/") == "Mreže čiji smo deo"
        assert tagline(b, "/sr/") == "Мреже чији смо део"

        # A translator signs in on A and saves a new translation there.
        login = a.request("GET", "/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text)[1]
        data = {"csrfmiddlewaretoken": token, "username": "prevodilac", "password": PASSWORD}
        assert a.request("POST", "/admin/login/", data).status == 302
        screen = a.request("GET", "/admin/translations/?" + urlencode({"query": TAGLINE}))
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', screen.text)[1]
        entry = polib.pofile(str(po_path(translations_dir))).find(TAGLINE)
        md5hash = hashlib.md5((entry.msgid + entry.msgstr).encode()).hexdigest()
        saved = a.request(
            "POST",
            "/admin/translations/?" + urlencode({"query": TAGLINE}),
            {"csrfmiddlewaretoken": token, f"m_{md5hash}": "Mreže kojima pripadamo"},
        )
        assert saved.status == 302, saved.text[:2000]

        # B, another process that nothing told, shows it on its very next request.
        assert tagline(b, "/sr-latn/") == "Mreže kojima pripadamo"
        assert tagline(b, "/sr/") == "Мреже којима припадамо"
        assert tagline(a, "/sr/") == "Мреже којима припадамо"
        assert tagline(b, "/en/") == TAGLINE
        assert "catalogues changed on disk: reloaded" in b.output()
    finally:
        for server in servers:
            server.stop()
