import subprocess
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.translations.catalogues import (
    BASE_BLOB_HEADER,
    BASE_NAME,
    merge,
    po_path,
    read,
    text_of,
    write_atomically,
)


class Command(BaseCommand):
    help = (
        "Bring the translations made on the translation screen into the repository's "
        "Serbian Latin catalogue (`make pull-translations FROM=...`). FROM is the catalogue "
        "downloaded from the screen, or a copy of the production TRANSLATIONS_DIR folder."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path)
        parser.add_argument(
            "--repository",
            type=Path,
            default=settings.BASE_DIR,
            help="The git repository that may hold the image catalogue it was merged from.",
        )

    def handle(self, *args, source, repository, **options):
        target = po_path(settings.REPOSITORY_LOCALE_DIR)
        theirs_path, base = self.locate(source, repository)
        try:
            theirs = read(theirs_path)
        except OSError as error:
            raise CommandError(f"{theirs_path} is not a catalogue: {error}") from error
        if theirs.metadata.get("Language") != "sr_Latn":
            raise CommandError(f"{theirs_path} is not the Serbian Latin catalogue.")
        merged, report = merge(base, read(target), theirs)
        write_atomically(target, text_of(merged))
        how = "with the image catalogue it started from" if base else "without a common ancestor"
        self.stdout.write(f"Merged {theirs_path} into {target} ({how}):")
        for line in report.lines(theirs_name="the translation screen", ours_name="the repository"):
            self.stdout.write(f"  {line}")
        if not base:
            self.stdout.write(
                "  (where the two differed the screen's translation was taken: check git diff)"
            )

    def locate(self, source, repository):
        """The catalogue to pull and, when known, the one it was merged from."""
        if source.is_dir():
            theirs_path = po_path(source)
            base_path = source / BASE_NAME
            if not theirs_path.exists():
                raise CommandError(f"{source} has no sr_Latn/LC_MESSAGES/django.po.")
            return theirs_path, read(base_path) if base_path.exists() else None
        if not source.exists():
            raise CommandError(f"{source} does not exist.")
        blob = polib.pofile(str(source)).metadata.get(BASE_BLOB_HEADER)
        return source, self.blob(repository, blob) if blob else None

    @staticmethod
    def blob(repository, blob):
        result = subprocess.run(
            ["git", "cat-file", "blob", blob],
            cwd=repository,
            capture_output=True,
            check=False,
        )
        if result.returncode != 0:
            return None
        return polib.pofile(result.stdout.decode("utf-8"))
