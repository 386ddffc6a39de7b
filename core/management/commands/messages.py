"""`make messages`: extract the interface strings, say what changed, generate the Serbian
Cyrillic catalogue and compile both."""

import re
import subprocess
from io import StringIO
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from core.translations.catalogues import CYRILLIC, LATIN, entry_key, po_path
from core.translations.catalogues import describe as describe_key

# The options of every extraction (the catalogue tests run makemessages with them too):
# no source locations, so the file changes only when strings do; no obsolete entries.
MAKEMESSAGES_OPTIONS = {
    "locale": [LATIN],
    "no_location": True,
    "no_obsolete": True,
    "ignore_patterns": [".venv/*", "staticfiles/*", "tests/*"],
}


def check(path):
    """msgfmt's verdict on a catalogue: its complaints, each naming the file and the line
    ("locale/sr_Latn/LC_MESSAGES/django.po:12: ..."); empty when it compiles."""
    result = subprocess.run(
        ["msgfmt", "--check", "--output-file=/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode == 0:
        return []
    # Header warnings ("field 'Project-Id-Version' missing") are not what stopped it.
    return [line for line in result.stderr.splitlines() if line.strip() and "warning:" not in line]


POLIB_ERROR = re.compile(
    r"^Syntax error in po file (?P<path>.+?) ?\(line (?P<line>\d+)\):? ?(?P<reason>.*)$"
)


def parse(path):
    """The catalogue as polib reads it, and its error in msgfmt's form ("file:line: ...").
    polib is stricter than msgfmt, and the catalogue tests and the Cyrillic generator
    read it with polib: text after a closing quote (``msgstr "…"  # comment``) stops it."""
    try:
        return polib.pofile(str(path)), []
    except OSError as error:
        match = POLIB_ERROR.match(str(error))
        if not match:
            return None, [f"{path}: {error}"]
        reason = match["reason"] or "syntax error"
        return None, [f"{match['path']}:{match['line']}: syntax error: {reason}"]


def describe(entry):
    return describe_key(entry_key(entry))


def untranslated_or_fuzzy(catalogue):
    return [
        (entry, "fuzzy" if "fuzzy" in entry.flags else "untranslated")
        for entry in catalogue
        if not entry.obsolete and not entry.translated()
    ]


class Command(BaseCommand):
    help = (
        "Extract every interface string into the Serbian Latin catalogue and report what "
        "was added, removed and is still to translate; then generate the Cyrillic catalogue "
        "and compile both. A broken catalogue is named by file and line, and nothing changes."
    )

    def handle(self, *args, **options):
        if settings.TRANSLATIONS_DIR != settings.REPOSITORY_LOCALE_DIR:
            raise CommandError(
                "`make messages` works on the repository's catalogues: unset TRANSLATIONS_DIR "
                "(the shared folder of a running site takes the image's with bin/start)."
            )
        directory = settings.REPOSITORY_LOCALE_DIR
        latin_path = po_path(directory, LATIN)
        shown = self.relative(latin_path)
        before = self.load(latin_path) if latin_path.exists() else polib.POFile()

        call_command("makemessages", verbosity=0, **MAKEMESSAGES_OPTIONS)
        after = self.load(latin_path)
        self.report(shown, before, after)

        call_command(
            "generate_cyrillic_catalogue",
            latin=latin_path,
            output=po_path(directory, CYRILLIC),
            stdout=StringIO(),
        )
        for locale in (LATIN, CYRILLIC):
            self.compile(po_path(directory, locale))
        cyrillic = self.relative(po_path(directory, CYRILLIC))
        self.stdout.write(f"Generated {cyrillic} from it; compiled both.")

    def load(self, path):
        """The catalogue, if msgfmt and polib both accept it; otherwise stop, naming each
        broken line, before anything is written."""
        catalogue, problems = parse(path)
        problems += check(path)
        if problems:
            raise CommandError(
                "The catalogue is broken; correct these lines and run `make messages` again "
                "(TRANSLATING.md shows what an entry looks like):\n  "
                + "\n  ".join(dict.fromkeys(problems))
            )
        return catalogue

    def compile(self, path):
        result = subprocess.run(
            ["msgfmt", "--check", f"--output-file={path.with_suffix('.mo')}", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise CommandError(f"{self.relative(path)} does not compile:\n{result.stderr}")

    def report(self, shown, before, after):
        old = {entry_key(entry): entry for entry in before if not entry.obsolete}
        new = {entry_key(entry): entry for entry in after if not entry.obsolete}
        added = [entry for key, entry in new.items() if key not in old]
        removed = [entry for key, entry in old.items() if key not in new]
        pending = untranslated_or_fuzzy(after)
        write = self.stdout.write
        write(f"{shown}: {len(new)} strings.")
        write(f"  {len(added)} added (new in the code):")
        for entry in added:
            write(f"    + {describe(entry)}")
        write(
            f"  {len(removed)} removed (not in the code: an entry added by hand to the "
            "catalogue is removed too; add its string to the code to keep it):"
        )
        for entry in removed:
            translation = entry.msgstr or next(iter(entry.msgstr_plural.values()), "")
            lost = f"  (its translation was {translation!r})" if translation else ""
            write(f"    - {describe(entry)}{lost}")
        write(f"  {len(pending)} untranslated or fuzzy (translate them: TRANSLATING.md):")
        for entry, state in pending:
            write(f"    ? {describe(entry)} ({state})")

    @staticmethod
    def relative(path):
        try:
            return str(Path(path).relative_to(Path.cwd()))
        except ValueError:
            return str(path)
