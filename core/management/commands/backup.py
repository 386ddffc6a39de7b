"""``manage.py backup``: the database and the uploaded media files, in one folder.

The folder (``backups/<UTC time>`` unless ``--output`` names another, which must not
exist) holds:

- ``database.pgdump``: PostgreSQL's ``pg_dump`` in its custom format, or
  ``database.sqlite3``: a consistent copy made with SQLite's backup API;
- ``media/``: a copy of ``MEDIA_ROOT`` (the logos), when media are stored there;
- ``manifest.json``: what the folder holds, for ``manage.py restore``.

It is written under a temporary name and renamed when complete, so a folder with the
final name is always a whole backup; only its owner can read it (it holds password
hashes and sessions).
"""

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_FILES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
MEDIA = "media"


def engine():
    """'postgresql' or 'sqlite': the kinds of database a backup can hold."""
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise CommandError(f"backups support PostgreSQL and SQLite, not {vendor}")
    return vendor


def postgresql_env():
    """libpq's variables for the site's database (no password on a command line)."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "PGDATABASE": database["NAME"],
        "PGCONNECT_TIMEOUT": "10",
    }
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if database.get(key):
            env[variable] = str(database[key])
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    if sslmode := database.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    return env


def describe_database():
    database = connection.settings_dict
    if engine() == "sqlite":
        return f"SQLite database {database['NAME']}"
    return (
        f"PostgreSQL database {database['NAME']!r} on "
        f"{database.get('HOST') or 'localhost'}:{database.get('PORT') or 5432}"
    )


def run(command, **kwargs):
    """Run a PostgreSQL client; its own words on failure."""
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)
    except FileNotFoundError:
        raise CommandError(
            f"{command[0]} is not installed: install PostgreSQL's client programs "
            "(Debian: apt-get install postgresql-client)"
        ) from None
    if result.returncode != 0:
        raise CommandError(f"{command[0]} failed: {result.stderr.strip()}")
    return result


def media_on_disk():
    """MEDIA_ROOT, if the uploaded files live there (not in an object store)."""
    if isinstance(default_storage, FileSystemStorage):
        return Path(settings.MEDIA_ROOT)
    return None


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded media files into one folder "
        "(backups/<UTC time> unless --output names another; never overwritten)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="The backup folder to create (default: backups/<UTC time>); must not exist.",
        )

    def handle(self, *args, output, **options):
        kind = engine()
        now = datetime.datetime.now(datetime.UTC)
        target = Path(output or Path(settings.BASE_DIR) / "backups" / now.strftime("%Y%m%d-%H%M%S"))
        if target.exists():
            raise CommandError(
                f"{target} already exists: a backup is never overwritten. "
                "Name another one (make backup BACKUP=...) or move that one away."
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
        partial.mkdir(mode=0o700)
        try:
            self.back_up_database(kind, partial / DATABASE_FILES[kind])
            media = media_on_disk()
            files = 0
            if media is None:
                self.stderr.write(
                    self.style.WARNING(
                        "Media files are not on this disk (DJANGO_MEDIA_STORAGE): back them "
                        "up where they are stored."
                    )
                )
            elif media.is_dir():
                shutil.copytree(media, partial / MEDIA)
                files = sum(1 for path in (partial / MEDIA).rglob("*") if path.is_file())
            else:
                (partial / MEDIA).mkdir()
            manifest = {
                "format": FORMAT,
                "created": now.isoformat(timespec="seconds"),
                "engine": kind,
                "database": DATABASE_FILES[kind],
                "media": MEDIA if media is not None else None,
                "media_files": files,
            }
            (partial / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
            partial.rename(target)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        self.stdout.write(f"Backed up the {describe_database()} and {files} media file(s):")
        self.stdout.write(str(target))

    def back_up_database(self, kind, path):
        if kind == "postgresql":
            run(["pg_dump", "--format=custom", f"--file={path}"], env=postgresql_env())
            return
        connection.ensure_connection()
        with sqlite3.connect(path) as copy:
            # One consistent snapshot, even while the site writes.
            connection.connection.backup(copy)
        copy.close()
