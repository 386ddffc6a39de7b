from django.conf import settings
from django.core.management.base import BaseCommand

from core.translations.catalogues import reconcile


class Command(BaseCommand):
    help = (
        "Merge the image's interface catalogue into TRANSLATIONS_DIR, where the translation "
        "screen saves (bin/start runs it): new strings come from the image, translators' "
        "work is kept, and what was dropped is reported. Then generate and compile."
    )

    def handle(self, *args, **options):
        image, live = settings.REPOSITORY_LOCALE_DIR, settings.TRANSLATIONS_DIR
        if image.resolve() == live.resolve():
            self.stdout.write("TRANSLATIONS_DIR is the repository's locale/: nothing to merge.")
            return
        result = reconcile(image, live)
        if result.created:
            self.stdout.write(f"Interface catalogues: copied from the image into {live}.")
            return
        self.stdout.write(f"Interface catalogues: the image's merged into {live}.")
        for line in result.report.lines():
            self.stdout.write(f"  {line}")
