"""The self-hosted typeface (static/fonts/): Serbian forms, coverage, licence, weight, and
that production serves it hashed from the stylesheet and the preload alike."""

import io
import os
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from fontTools.ttLib import TTFont

from core.management.commands.build_fonts import COPYRIGHT_FILE, SOURCE_DIR, licence_text
from tests.helpers import production_static_files

FONTS = settings.BASE_DIR / "static" / "fonts"
FACES = ["noto-sans-regular", "noto-sans-bold", "noto-sans-italic"]
# Each face is about 17-19 KB; the budget leaves room for a few more characters but fails
# if a build keeps hinting or the whole font (the sources are 500 KB each).
BUDGET = 24_000

# Both Serbian alphabets, written out here rather than taken from the code under test.
SERBIAN_LATIN = "abcčćdđefghijklmnoprsštuvzž"  # lj, nj, dž are two of these letters
SERBIAN_CYRILLIC = "абвгдђежзијклљмнњопрстћуфхцчџш"
# The letters whose Serbian forms differ from the Russian ones (locl, script cyrl, SRB):
# in Noto Sans the upright б, and in the italic б, г, д, п, т.
SERBIAN_FORMS = {
    "noto-sans-regular": "б",
    "noto-sans-bold": "б",
    "noto-sans-italic": "бгдпт",
}


def font(name):
    return TTFont(FONTS / f"{name}.woff2")


def serbian_substitutions(ttfont):
    """What the `locl` feature of language SRB under script `cyrl` maps each glyph to."""
    gsub = ttfont["GSUB"].table
    scripts = {record.ScriptTag: record.Script for record in gsub.ScriptList.ScriptRecord}
    assert "cyrl" in scripts
    # OpenType tags are four characters: Serbian is "SRB " with its space.
    languages = {record.LangSysTag: record.LangSys for record in scripts["cyrl"].LangSysRecord}
    assert "SRB " in languages
    langsys = languages["SRB "]
    features = gsub.FeatureList.FeatureRecord
    lookups = [
        index
        for feature in langsys.FeatureIndex
        if features[feature].FeatureTag == "locl"
        for index in features[feature].Feature.LookupListIndex
    ]
    mapping = {}
    for index in lookups:
        for subtable in gsub.LookupList.Lookup[index].SubTable:
            if subtable.LookupType == 7:  # an extension wraps the real subtable
                subtable = subtable.ExtSubTable
            mapping.update(getattr(subtable, "mapping", {}))
    return mapping


@pytest.mark.parametrize("name", FACES)
def test_each_face_is_woff2_with_the_serbian_locl_feature(name):
    ttfont = font(name)
    assert ttfont.flavor == "woff2"
    cmap = ttfont.getBestCmap()
    substitutions = serbian_substitutions(ttfont)
    for letter in SERBIAN_FORMS[name]:
        glyph = cmap[ord(letter)]
        assert substitutions.get(glyph, glyph) != glyph, f"{letter} has no Serbian form"


@pytest.mark.parametrize("name", FACES)
def test_each_face_draws_both_serbian_alphabets_in_both_cases(name):
    cmap = font(name).getBestCmap()
    letters = SERBIAN_LATIN + SERBIAN_CYRILLIC
    missing = [c for c in letters + letters.upper() if ord(c) not in cmap]
    assert missing == []
    # And what Serbian text around them uses: quotes, dashes, the ellipsis, the euro sign.
    assert all(ord(c) in cmap for c in "„“”‘’–—…•€№\u00a0")


@pytest.mark.parametrize("name", FACES)
def test_each_face_stays_within_its_size_budget(name):
    assert (FONTS / f"{name}.woff2").stat().st_size < BUDGET


def test_the_licence_ships_beside_the_fonts_and_the_fonts_name_it():
    licence = (FONTS / "OFL.txt").read_text()
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "Copyright 2015 Google LLC" in licence
    assert "PERMISSION & CONDITIONS" in licence
    assert 'THE FONT SOFTWARE IS PROVIDED "AS IS"' in licence
    for name in FACES:
        names = font(name)["name"]
        assert "Open Font License" in names.getDebugName(13)
        assert names.getDebugName(1) == "Noto Sans"


def test_licence_text_unfolds_debians_copyright_paragraph(tmp_path):
    copyright_file = tmp_path / "copyright"
    copyright_file.write_text(
        "Files: *\nLicense: OFL-1.1\n\nLicense: OFL-1.1\n PREAMBLE\n .\n The goals\n of the OFL.\n"
        "\nLicense: GPL-3+\n Not this.\n"
    )
    text = licence_text(copyright_file, "Copyright 2015 Someone")
    assert text.startswith("Copyright 2015 Someone\n")
    assert text.endswith("PREAMBLE\n\nThe goals\nof the OFL.\n")
    assert "GPL" not in text


def test_make_fonts_rebuilds_the_committed_files_byte_for_byte(tmp_path):
    if not (SOURCE_DIR / "NotoSans-Regular.ttf").exists() or not COPYRIGHT_FILE.exists():
        message = "fonts-noto-core is not installed (apt-get install fonts-noto-core)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: CI must prove the committed fonts are reproducible.")
        pytest.skip(message)
    call_command("build_fonts", output=tmp_path, stdout=io.StringIO())
    for name in [*(f"{face}.woff2" for face in FACES), "OFL.txt"]:
        assert (tmp_path / name).read_bytes() == (FONTS / name).read_bytes(), name


@pytest.mark.django_db
def test_production_serves_the_fonts_hashed_from_the_stylesheet_and_the_preload(static_root):
    with production_static_files(static_root, DEBUG=False):
        from django.templatetags.static import static

        client = Client()
        page = client.get("/en/")
        html = page.content.decode()
        preload = re.search(r'<link rel="preload" href="([^"]+)" as="font"[^>]*>', html)
        assert preload is not None
        assert 'type="font/woff2" crossorigin>' in preload.group(0)
        assert re.fullmatch(r"/static/fonts/noto-sans-regular\.[0-9a-f]{12}\.woff2", preload[1])
        # The stylesheet names the same hashed file, so the preloaded bytes are the ones used.
        css_url = re.search(r'<link rel="stylesheet" href="(/static/css/site\.[^"]+)"', html)[1]
        css = b"".join(client.get(css_url).streaming_content).decode()
        faces = re.findall(r'url\("\.\./fonts/([^"]+)"\)', css)
        assert f"/static/fonts/{faces[0]}" == preload[1]
        assert sorted(re.sub(r"\.[0-9a-f]{12}", "", face) for face in faces) == sorted(
            f"{face}.woff2" for face in FACES
        )
        for face in faces:
            response = client.get(f"/static/fonts/{face}")
            assert response.status_code == 200
            assert response["Content-Type"] == "font/woff2"
            assert response["Cache-Control"] == "max-age=315360000, public, immutable"
            response.close()
        # The licence travels with the fonts: whoever takes them from the site finds it.
        licence = client.get(static("fonts/OFL.txt"))
        assert licence.status_code == 200
        licence.close()
    assert "font-src 'self'" in page["Content-Security-Policy"]
