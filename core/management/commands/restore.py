"""``manage.py restore <folder> --yes``: put a backup (``manage.py backup``) back.

The database named by the settings (``DATABASE_URL``), empty or not, is replaced by the
backup's, in one transaction (PostgreSQL: the ``public`` schema is dropped and the dump
restored in a single ``psql`` transaction, so a failure leaves the database as it was;
SQLite: SQLite's backup API copies the backup over it). The backup's media files are
copied into ``MEDIA_ROOT`` (files that are not in the backup are left there). Cached
pages are dropped. Nothing happens without ``--yes``.
"""

import json
import shutil
import sqlite3
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor

from core.management.commands.backup import (
    DATABASE_FILES,
    MANIFEST,
    MEDIA,
    describe_database,
    engine,
    media_on_disk,
    postgresql_env,
    run,
)


def read_manifest(folder):
    """The manifest, or what the folder shows (a backup made without one)."""
    path = folder / MANIFEST
    if path.exists():
        try:
            manifest = json.loads(path.read_text())
        except ValueError as error:
            raise CommandError(f"{path}: not a backup manifest ({error})") from None
    else:
        found = [kind for kind, name in DATABASE_FILES.items() if (folder / name).exists()]
        if len(found) != 1:
            raise CommandError(f"{folder} is not a backup: no {MANIFEST}, no database file")
        manifest = {"engine": found[0], "database": DATABASE_FILES[found[0]]}
        if (folder / MEDIA).is_dir():
            manifest["media"] = MEDIA
    if manifest.get("engine") not in DATABASE_FILES or not manifest.get("database"):
        raise CommandError(f"{path}: not a backup manifest")
    if not (folder / manifest["database"]).is_file():
        raise CommandError(f"{folder}: the database file {manifest['database']} is missing")
    return manifest


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the site's database (replacing "
        "everything in it) and media folder. Requires --yes."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="The backup folder (e.g. backups/20261129-031500).")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Confirm: replace the whole database (and add the backup's media files).",
        )

    def handle(self, *args, backup, yes, **options):
        folder = Path(backup)
        if not folder.is_dir():
            raise CommandError(f"{folder}: no such backup folder")
        manifest = read_manifest(folder)
        kind = engine()
        if manifest["engine"] != kind:
            raise CommandError(
                f"{folder} holds a {manifest['engine']} database, and the site's database "
                f"is {kind}: restore it where it came from."
            )
        media = media_on_disk()
        if not yes:
            raise CommandError(
                f"Restoring {folder} replaces everything in the {describe_database()}"
                + (f" and copies its media files into {media}" if media else "")
                + ". Confirm with --yes (make restore BACKUP=... CONFIRM=yes)."
            )
        database = folder / manifest["database"]
        if kind == "postgresql":
            self.restore_postgresql(database)
        else:
            self.restore_sqlite(database)
        files = self.restore_media(folder, manifest, media)
        self.drop_cached_pages()
        self.stdout.write(f"Restored {folder} into the {describe_database()}.")
        self.stdout.write(f"{files} media file(s) copied.")
        if self.unapplied_migrations():
            self.stdout.write(
                self.style.WARNING(
                    "The backup is older than the code: run `manage.py migrate` "
                    "(make run and bin/start do)."
                )
            )

    def restore_postgresql(self, dump):
        env = postgresql_env()
        with tempfile.TemporaryDirectory() as scratch:
            # The whole dump as SQL first: a damaged file stops here, before any change.
            script = Path(scratch) / "restore.sql"
            run(
                ["pg_restore", "--no-owner", "--no-privileges", f"--file={script}", str(dump)],
                env=env,
            )
            connections.close_all()
            run(
                [
                    "psql",
                    "--no-psqlrc",
                    "--quiet",
                    "--set=ON_ERROR_STOP=1",
                    "--single-transaction",
                    "--output=/dev/null",
                    # Waits at most this long for the site's connections to let go.
                    "--command=SET lock_timeout = '60s'",
                    "--command=DROP SCHEMA IF EXISTS public CASCADE",
                    "--command=CREATE SCHEMA public",
                    f"--file={script}",
                ],
                env=env,
            )

    def restore_sqlite(self, copy):
        try:
            source = sqlite3.connect(f"{copy.resolve().as_uri()}?mode=ro", uri=True)
            try:
                (check,) = source.execute("PRAGMA quick_check").fetchone()
                if check != "ok":
                    raise CommandError(f"{copy}: damaged ({check})")
                connection.close()
                connection.ensure_connection()
                # Page by page over the site's database, which ends up identical to it.
                source.backup(connection.connection)
            finally:
                source.close()
        except sqlite3.DatabaseError as error:
            raise CommandError(f"{copy}: {error}") from None
        connection.close()

    def restore_media(self, folder, manifest, media):
        if not manifest.get("media"):
            return 0
        files = folder / manifest["media"]
        if media is None:
            self.stderr.write(
                self.style.WARNING(
                    f"Media files are not on this disk (DJANGO_MEDIA_STORAGE): copy {files} "
                    "to where they are stored."
                )
            )
            return 0
        shutil.copytree(files, media, dirs_exist_ok=True)
        return sum(1 for path in files.rglob("*") if path.is_file())

    def drop_cached_pages(self):
        from core.cache import bump_generation

        try:
            bump_generation()
        except Exception as error:  # the cache may be down; the pages expire anyway
            self.stderr.write(self.style.WARNING(f"Could not drop the cached pages: {error}"))

    def unapplied_migrations(self):
        executor = MigrationExecutor(connection)
        return executor.migration_plan(executor.loader.graph.leaf_nodes())
