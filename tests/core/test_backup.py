"""`make backup` and `make restore` (manage.py backup / restore): the database and the
uploaded media, and back, on the database engine the suite runs on (PostgreSQL: in
databases of their own, created and dropped here)."""

import io
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.db import connection

from tests.servers import ROOT, uses_postgresql

# Every public page in every language, rendered by a process of its own (so that it
# reads the database and media folder it is given): {address: HTML}.
RENDER = """
import json, sys
import django
django.setup()
from django.test import Client
from django.urls import reverse
from django.utils import translation
from members.models import MemberOrganization
from networks.models import Network

client = Client(SERVER_NAME="localhost")
pages = {}
for language in ("en", "sr-latn", "sr"):
    with translation.override(language):
        addresses = [reverse("networks:home"), reverse("members:organization-list")]
        addresses += [n.get_absolute_url() for n in Network.objects.published()]
        addresses += [o.get_absolute_url() for o in MemberOrganization.objects.published()]
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 200, (address, response.status_code)
        pages[address] = response.content.decode()
json.dump(pages, sys.stdout)
"""

# An editor's work beside the seed: a logo (a media file), a network deleted (it must
# stay deleted after a restore), a name changed.
EDIT = """
import base64
import django
django.setup()
from django.core.files.base import ContentFile
from networks.models import Network

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
at = Network.objects.get(content_key="at-network")
at.logo.save("at-network.png", ContentFile(PNG), save=False)
at.name_en = "Anti-Trafficking Network (edited)"
at.save()
Network.objects.get(content_key="ecosoc").delete()
"""

# After the backup: the editor's work goes on (what a restore must undo).
MORE_EDITS = """
import django
django.setup()
from members.models import MemberOrganization
from networks.models import Network

at = Network.objects.get(content_key="at-network")
at.logo.delete(save=False)
at.name_sr_latn = "Posle rezervne kopije"
at.save()
MemberOrganization.objects.get(content_key="cins").delete()
"""


class Site:
    """manage.py against one database and one media folder, as `make` runs it."""

    def __init__(self, database_url, media_root):
        self.media_root = media_root
        self.env = {
            **os.environ,
            "DJANGO_DEBUG": "1",
            "DATABASE_URL": database_url,
            "DJANGO_MEDIA_ROOT": str(media_root),
            "CACHE_URL": "locmem://",
            "PAGE_CACHE_SECONDS": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
        }

    def run(self, *command, check=True):
        result = subprocess.run(
            [sys.executable, *command],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        if check:
            assert result.returncode == 0, result.stdout + result.stderr
        return result

    def manage(self, *args, check=True):
        return self.run("manage.py", *args, check=check)

    def python(self, code):
        return self.run("-c", code).stdout

    def pages(self):
        return json.loads(self.python(RENDER))


def server_url(name):
    """DATABASE_URL of a database called ``name`` on the suite's PostgreSQL server."""
    settings = connection.settings_dict
    user = settings["USER"] or "postgres"
    if settings["PASSWORD"]:
        user = f"{user}:{settings['PASSWORD']}"
    return f"postgres://{user}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{name}"


def postgresql(statement):
    import psycopg

    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"] or "postgres",
        password=settings["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as server:
        server.execute(statement)


def new_database_url(folder):
    """A new, empty database on the suite's engine; dropped by drop_database()."""
    if not uses_postgresql():
        return f"sqlite:///{folder / uuid.uuid4().hex[:12]}.sqlite3"
    name = f"astra_backup_test_{uuid.uuid4().hex[:12]}"
    postgresql(f'CREATE DATABASE "{name}"')
    return server_url(name)


def drop_database(url):
    if url.startswith("postgres"):
        postgresql(f'DROP DATABASE IF EXISTS "{urlsplit(url).path.lstrip("/")}" WITH (FORCE)')


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The site with its content and an editor's work, and its pages as they are then
    (``site.before``). A test that changes it restores it before it ends."""
    folder = tmp_path_factory.mktemp("site")
    site = Site(new_database_url(folder), folder / "media")
    try:
        site.manage("migrate", "--no-input")
        site.manage("load_content")
        site.before = json.loads(site.python(EDIT + RENDER))
        yield site
    finally:
        drop_database(site.env["DATABASE_URL"])


@pytest.fixture
def fresh(tmp_path):
    """An empty database and media folder to restore into."""
    site = Site(new_database_url(tmp_path), tmp_path / "fresh-media")
    try:
        yield site
    finally:
        drop_database(site.env["DATABASE_URL"])


def test_a_restored_backup_shows_every_page_as_it_was(site, fresh, tmp_path):
    before = site.before
    assert len(before) == 3 * (2 + 9 + 13)  # home, directory, networks, organizations
    # The logo and its renditions (core/logos.py), which the page shows.
    assert "/media/logos/renditions/" in before["/en/networks/at-network/"]
    media = media_files(site.media_root)
    assert len(media) > 1

    backup = tmp_path / "backups" / "monday"
    site.manage("backup", "--output", str(backup))
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["engine"] == ("postgresql" if uses_postgresql() else "sqlite")
    assert manifest["media_files"] == len(media)
    assert oct(backup.stat().st_mode & 0o777) == oct(0o700)

    # Into a fresh, empty database and media folder.
    fresh.manage("restore", str(backup), "--yes")
    assert fresh.pages() == before
    assert media_files(fresh.media_root) == media
    # What the editor deleted before the backup stays deleted.
    assert "Nothing to add" in fresh.manage("load_content").stdout

    # Over the site's database, which has changed since.
    assert json.loads(site.python(MORE_EDITS + RENDER)) != before
    site.manage("restore", str(backup), "--yes")
    assert site.pages() == before
    assert media_files(site.media_root) == media


def media_files(root):
    """{path: content} of every file under ``root``."""
    return {
        str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


def compose_script(service, backups, media):
    """compose.yaml's script for ``service``, for this machine: its paths made local."""
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    command = compose["services"][service]["command"]
    assert command[:2] == ["sh", "-euc"]
    script = command[2].replace("$$", "$")  # compose's escape for a literal $
    script = script.replace("/backups", str(backups)).replace("/data/media", str(media))
    # The container's user for the media volume; this machine's may not be root.
    return script.replace("chown -R 10001", "true")


def run_compose_script(service, site, backups, **env):
    settings = connection.settings_dict
    url = urlsplit(site.env["DATABASE_URL"])
    libpq = {
        "PGHOST": url.hostname,
        "PGPORT": str(url.port or 5432),
        "PGUSER": url.username or "postgres",
        "PGDATABASE": url.path.lstrip("/"),
        **({"PGPASSWORD": settings["PASSWORD"]} if settings["PASSWORD"] else {}),
    }
    return subprocess.run(
        ["sh", "-euc", compose_script(service, backups, site.media_root)],
        env={**os.environ, **libpq, **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.skipif(
    not uses_postgresql(), reason="compose's backup services run pg_dump and psql: PostgreSQL"
)
def test_compose_backup_services_share_the_layout_of_manage_py(site, fresh, tmp_path):
    before = site.before
    backups = tmp_path / "backups"
    backups.mkdir()
    made = run_compose_script("backup", site, backups)
    assert made.returncode == 0, made.stderr
    backup = Path(made.stdout.strip())
    assert backup.parent == backups
    fresh.manage("restore", str(backup), "--yes")
    assert fresh.pages() == before

    assert json.loads(site.python(MORE_EDITS + RENDER)) != before
    unconfirmed = run_compose_script("restore", site, backups, BACKUP=backup.name)
    assert unconfirmed.returncode != 0
    assert "CONFIRM=yes" in unconfirmed.stderr
    restored = run_compose_script("restore", site, backups, BACKUP=backup.name, CONFIRM="yes")
    assert restored.returncode == 0, restored.stderr
    assert site.pages() == before


# --- refusals, in this process -------------------------------------------------------


def fake_backup(folder, engine):
    folder.mkdir()
    name = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}[engine]
    (folder / name).write_bytes(b"")
    (folder / "manifest.json").write_text(
        json.dumps({"format": 1, "engine": engine, "database": name, "media": None})
    )
    return folder


@pytest.mark.django_db
def test_restore_without_yes_changes_nothing(tmp_path):
    from networks.models import Introduction

    Introduction.objects.create(title_en="Kept", title_sr_latn="Kept", text_en="x")
    backup = fake_backup(tmp_path / "backup", connection.vendor)
    with pytest.raises(CommandError, match=r"replaces everything.*Confirm with --yes"):
        call_command("restore", str(backup))
    assert Introduction.objects.get().title_en == "Kept"


@pytest.mark.django_db
def test_restore_refuses_a_backup_of_the_other_kind_of_database(tmp_path):
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    backup = fake_backup(tmp_path / "backup", other)
    with pytest.raises(CommandError, match=f"holds a {other} database"):
        call_command("restore", str(backup), yes=True)


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    with pytest.raises(CommandError, match="no such backup folder"):
        call_command("restore", str(tmp_path / "missing"), yes=True)
    (tmp_path / "empty").mkdir()
    with pytest.raises(CommandError, match="is not a backup"):
        call_command("restore", str(tmp_path / "empty"), yes=True)


@pytest.mark.django_db
def test_backups_go_to_backups_by_default_and_never_overwrite(tmp_path, settings):
    settings.BASE_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "no-media-yet"
    out = io.StringIO()
    call_command("backup", stdout=out)
    [backup] = (tmp_path / "backups").iterdir()
    assert str(backup) in out.getvalue()
    assert {path.name for path in backup.iterdir()} == {
        "manifest.json",
        "media",
        "database.pgdump" if connection.vendor == "postgresql" else "database.sqlite3",
    }
    with pytest.raises(CommandError, match="already exists: a backup is never overwritten"):
        call_command("backup", output=str(backup))
