from django.core.management.base import BaseCommand

from astra_site.catalogues import CYRILLIC_CATALOGUE, LATIN_CATALOGUE, render_cyrillic_catalogue


class Command(BaseCommand):
    help = "Write the Serbian Cyrillic catalogue (locale/sr) from the Serbian Latin one."

    def handle(self, *args, **options):
        CYRILLIC_CATALOGUE.parent.mkdir(parents=True, exist_ok=True)
        CYRILLIC_CATALOGUE.write_text(render_cyrillic_catalogue(LATIN_CATALOGUE), encoding="utf-8")
        self.stdout.write(f"Wrote {CYRILLIC_CATALOGUE.relative_to(CYRILLIC_CATALOGUE.parents[3])}")
