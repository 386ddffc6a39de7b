"""``manage.py make_logo_renditions``: the renditions of every logo that has none that fit
(core/logos.py). Saving a logo in the admin makes them; this is for rows that came
another way (a fixture, a version restored by code) or after the sizes or formats
changed. ``bin/start`` runs it; with nothing to do it reads no file."""

from django.core.management.base import BaseCommand

from core.logos import logo_models, renditions_are_current, update_renditions


class Command(BaseCommand):
    help = "Makes the missing renditions of every logo (core/logos.py)."

    def handle(self, *args, **options):
        made = 0
        for model in logo_models():
            rows = model._base_manager.exclude(logo="").only("pk", "logo", "logo_renditions")
            for row in rows.iterator():
                if not renditions_are_current(row) and update_renditions(model, row.pk):
                    made += 1
                    self.stdout.write(f"{model._meta.verbose_name}: {row.logo.name}")
        self.stdout.write(f"Renditions made for {made} logo(s).")
