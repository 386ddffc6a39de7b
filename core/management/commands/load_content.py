import tomllib

from django.core.management.base import BaseCommand, CommandError

from core.content import CONTENT_FILE, ContentError, load_content


class Command(BaseCommand):
    help = (
        "Load the networks, organizations and memberships from the content file. "
        "Adds what is missing; leaves what exists (and editors may have changed) alone "
        "unless --update is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help="Make existing objects match the file again, overwriting editors' changes.",
        )
        parser.add_argument("--file", default=CONTENT_FILE, help="The TOML file to load.")

    def handle(self, *args, update, file, **options):
        try:
            report = load_content(file, update=update)
        except (OSError, tomllib.TOMLDecodeError, ContentError) as error:
            raise CommandError(f"{file}: {error}") from error
        for (what, outcome), count in sorted(report.items()):
            self.stdout.write(f"{what}: {count} {outcome}")
        if not any(outcome in {"created", "updated"} for _what, outcome in report):
            self.stdout.write("Nothing to do: the content is already loaded.")
