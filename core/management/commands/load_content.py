import sys
import tomllib
from collections import defaultdict
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError

from core.content import CONTENT_FILE, ContentError, load_content

EXCERPT = 60


def shown(value):
    # Coordinates: 43.32, not Decimal('43.3200').
    return str(value.normalize()) if isinstance(value, Decimal) else repr(value)


def excerpt(old, new):
    """Both values, shortened around where they start to differ."""
    if not (isinstance(old, str) and isinstance(new, str)):
        return shown(old), shown(new)
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    start = max(0, start - EXCERPT // 3)

    def cut(text):
        part = text[start : start + EXCERPT]
        return ("…" if start else "") + repr(part) + ("…" if start + EXCERPT < len(text) else "")

    return cut(old), cut(new)


def stdin_is_a_terminal():
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


class Command(BaseCommand):
    help = (
        "Load the networks, organizations and memberships from the content file. Adds the "
        "entries that were never loaded (what editors deleted stays deleted) and leaves "
        "what exists alone, unless --update is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help=(
                "Make existing objects match the file again, field by field (a revision of "
                "their previous state is kept: the admin's history can undo it). Shows the "
                "changes without making them at a terminal, unless --yes is given."
            ),
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would change and change nothing (--update's default at a terminal).",
        )
        mode.add_argument(
            "--yes",
            action="store_true",
            help="Apply --update's changes (its default when stdin is not a terminal).",
        )
        parser.add_argument("--file", default=CONTENT_FILE, help="The TOML file to load.")

    def handle(self, *args, update, dry_run, yes, file, verbosity, **options):
        if update and not yes and stdin_is_a_terminal():
            dry_run = True
        try:
            result = load_content(file, update=update, dry_run=dry_run)
        except (OSError, tomllib.TOMLDecodeError, ContentError) as error:
            raise CommandError(f"{file}: {error}") from error
        would = "would be " if dry_run else ""
        if verbosity >= 2:
            for key in result.created:
                self.stdout.write(f"{key}: {would}created")
        for change in result.changes:
            if verbosity >= 2:
                old, new = shown(change.old), shown(change.new)
            else:
                old, new = excerpt(change.old, change.new)
            self.stdout.write(f"{change.label}: {change.field}: {old} → {new}")
        for note in result.notes:
            self.stderr.write(self.style.WARNING(note))
        by_model = defaultdict(list)
        for (model, outcome), count in sorted(result.report.items()):
            prefix = would if outcome in {"created", "updated"} else ""
            by_model[model].append(f"{count} {prefix}{outcome}")
        for model, outcomes in by_model.items():
            self.stdout.write(f"{model}: {', '.join(outcomes)}")
        if result.changes and not dry_run:
            self.stdout.write(
                f"{len(result.changes)} field(s) changed; the previous state is the revision "
                "“Before load_content --update” in the admin's history."
            )
        if not result.created and not result.changes:
            if update:
                self.stdout.write("Nothing to change: the database matches the content file.")
            else:
                self.stdout.write("Nothing to add: every entry of the content file was loaded.")
        elif dry_run:
            command = (
                "manage.py load_content --update --yes" if update else "manage.py load_content"
            )
            self.stdout.write(
                self.style.WARNING(f"Dry run: nothing was changed. To apply: {command}")
            )
