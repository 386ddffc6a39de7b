from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from serbian.catalogues import CYRILLIC_CATALOGUE, LATIN_CATALOGUE, render_cyrillic_catalogue


class Command(BaseCommand):
    help = "Write the Serbian Cyrillic catalogue (locale/sr) from the Serbian Latin one."

    def add_arguments(self, parser):
        parser.add_argument("--latin", type=Path, default=LATIN_CATALOGUE)
        parser.add_argument("--output", type=Path, default=CYRILLIC_CATALOGUE)
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; fail if the Cyrillic catalogue is not what it would be.",
        )

    def handle(self, *args, latin, output, check, **options):
        text = render_cyrillic_catalogue(latin)
        if check:
            if not output.exists() or output.read_text(encoding="utf-8") != text:
                raise CommandError(f"{output} is out of date: run `make messages`.")
            return
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {output}")
