"""``manage.py build_fonts`` (``make fonts``): the site's typeface, Noto Sans, subset to the
letters our three languages use and written as WOFF2 into ``static/fonts/`` with its licence.

Noto Sans draws Serbian Cyrillic as Serbian: its OpenType ``locl`` feature under script
``cyrl``, language ``SRB`` swaps in the Serbian б (upright) and the Serbian italic г, д, п,
т, which the browser applies to text marked ``lang="sr"``. The subset keeps that feature
and the ones the text needs (composition, kerning, ligatures, mark positioning) and drops
hinting, which browsers no longer need, to keep the files small.

The source is Debian's ``fonts-noto-core`` (``apt-get install fonts-noto-core``), so the
build needs no download; the built files are committed and only this command needs the
package and fontTools (the dev dependency group). The output is reproducible: the same
package gives the same bytes (the fonts keep their own timestamps).
"""

import logging
import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

SOURCE_DIR = Path("/usr/share/fonts/truetype/noto")
# Debian's machine-readable copyright file carries the OFL text; the package ships no
# separate licence file.
COPYRIGHT_FILE = Path("/usr/share/doc/fonts-noto-core/copyright")
OUTPUT_DIR = settings.BASE_DIR / "static" / "fonts"

# Output name: source file. Upright and italic 400, upright 700: bold italic is rare
# enough in our pages that the browser's synthesised slant of the bold is acceptable.
FACES = {
    "noto-sans-regular": "NotoSans-Regular.ttf",
    "noto-sans-bold": "NotoSans-Bold.ttf",
    "noto-sans-italic": "NotoSans-Italic.ttf",
}

UNICODES = [
    *range(0x0020, 0x007F),  # Basic Latin
    *range(0x00A0, 0x0100),  # Latin-1 Supplement: nbsp, soft hyphen, «», ·, é, ü...
    *range(0x0100, 0x0180),  # Latin Extended-A: č ć đ š ž and the neighbours' letters
    # Combining accents for Serbian stress marks (ȁ, à, á, â, ā on any vowel, either script).
    *(0x0300, 0x0301, 0x0302, 0x0304, 0x0306, 0x030F, 0x0311),
    *range(0x0400, 0x0460),  # Cyrillic: the azbuka (ђ ј љ њ ћ џ included), ѐ, ѝ, Russian
    *range(0x2010, 0x2028),  # dashes, ‘ ’ ‚ “ ” „, †, •, …
    0x202F,  # narrow no-break space
    0x2030,  # ‰
    *(0x2032, 0x2033),  # ′ ″
    *(0x2039, 0x203A),  # ‹ ›
    0x2044,  # fraction slash
    0x20AC,  # €
    0x2116,  # №
    0x2122,  # ™
]

# What our text needs; the rest of Noto's features (small caps, fractions, old-style
# figures...) are not used by the stylesheet and would only add glyphs.
LAYOUT_FEATURES = ["ccmp", "locl", "mark", "mkmk", "kern", "liga"]
LAYOUT_SCRIPTS = ["DFLT", "latn", "cyrl"]
# Copyright, names, version, licence and its address: the OFL asks the notice to stay.
NAME_IDS = [0, 1, 2, 3, 4, 5, 6, 13, 14]


def subset(source, target):
    from fontTools import subset as ftsubset
    from fontTools.ttLib import TTFont

    options = ftsubset.Options()
    options.flavor = "woff2"
    options.layout_features = LAYOUT_FEATURES
    options.layout_scripts = LAYOUT_SCRIPTS
    options.name_IDs = NAME_IDS
    options.hinting = False
    options.notdef_outline = True
    # The source's own timestamp, not the time of the build: the same input, the same bytes.
    font = TTFont(source, recalcTimestamp=False)
    subsetter = ftsubset.Subsetter(options=options)
    subsetter.populate(unicodes=UNICODES)
    subsetter.subset(font)
    font.flavor = "woff2"
    font.save(target)


def licence_text(copyright_file, font_copyright):
    """The OFL 1.1 from Debian's copyright file (DEP-5: a paragraph indented by one space,
    blank lines written as "."), headed by the fonts' own copyright line."""
    text = copyright_file.read_text()
    match = re.search(r"^License: OFL-1\.1\n((?: .*\n?)+)", text, re.MULTILINE)
    if match is None:
        raise CommandError(f"No OFL-1.1 licence text in {copyright_file}.")
    lines = [line[1:] for line in match.group(1).splitlines()]
    body = "\n".join("" if line == "." else line for line in lines)
    return (
        f"{font_copyright}\n\n"
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.\n"
        "This license is copied below, and is also available with a FAQ at:\n"
        "https://openfontlicense.org\n\n"
        "-----------------------------------------------------------\n"
        "SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007\n"
        "-----------------------------------------------------------\n\n"
        f"{body}\n"
    )


class Command(BaseCommand):
    help = "Builds the site's WOFF2 fonts from Debian's fonts-noto-core (static/fonts/)."

    def add_arguments(self, parser):
        parser.add_argument("--source", type=Path, default=SOURCE_DIR)
        parser.add_argument("--output", type=Path, default=OUTPUT_DIR)

    def handle(self, *args, source, output, **options):
        try:
            from fontTools.ttLib import TTFont
        except ImportError as error:
            raise CommandError("fontTools is missing: pip install --group dev") from error
        missing = [name for name in FACES.values() if not (source / name).exists()]
        if missing or not COPYRIGHT_FILE.exists():
            raise CommandError(
                f"Noto Sans is not in {source} ({', '.join(missing) or COPYRIGHT_FILE}): "
                "apt-get install fonts-noto-core"
            )
        # fontTools lists every glyph it keeps at INFO, which the site's logging would print.
        logging.getLogger("fontTools").setLevel(logging.WARNING)
        output.mkdir(parents=True, exist_ok=True)
        for name, filename in FACES.items():
            target = output / f"{name}.woff2"
            subset(source / filename, target)
            self.stdout.write(f"{target.name}: {target.stat().st_size:,} bytes")
        font_copyright = TTFont(source / FACES["noto-sans-regular"])["name"].getDebugName(0)
        (output / "OFL.txt").write_text(licence_text(COPYRIGHT_FILE, font_copyright))
        self.stdout.write("OFL.txt")
