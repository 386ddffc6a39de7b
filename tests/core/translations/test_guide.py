"""TRANSLATING.md, as a translator who never used git reads it: every example is a valid
entry, and the admin's names it gives in Serbian are the ones the admin shows."""

import re
import subprocess

import polib
import pytest
from django.utils import translation
from django.utils.text import capfirst

from tests.servers import ROOT

GUIDE = (ROOT / "TRANSLATING.md").read_text(encoding="utf-8")
# The examples, without the indentation of those inside a list item.
EXAMPLES = [
    re.sub(r"^ {2,3}", "", block, flags=re.M)
    for block in re.findall(r"```po\n(.*?)```", GUIDE, re.S)
]
HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: sr_Latn\\n"\n'
    '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 '
    '&& (n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n'
)


def test_the_guide_has_examples_of_every_kind_of_entry():
    assert len(EXAMPLES) >= 8
    kinds = "\n".join(EXAMPLES)
    for part in ("msgctxt", "msgid_plural", "msgstr[2]", '\\"', "#, fuzzy, python-format", '""\n"'):
        assert part in kinds, part


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda example: example.split("\n")[0][:40])
def test_every_example_in_the_guide_is_a_valid_entry(tmp_path, example):
    path = tmp_path / "example.po"
    path.write_text(HEADER + example, encoding="utf-8")
    result = subprocess.run(
        ["msgfmt", "--check", "--output-file=/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # polib (the catalogue tests, the Cyrillic generator, the translation screen) is
    # stricter than msgfmt: text after a closing quote stops it.
    entries = polib.pofile(str(path))
    assert len(entries) + len(entries.obsolete_entries()) == 1


def test_the_guide_warns_against_a_comment_after_the_closing_quote():
    assert "Nothing may follow the closing" in GUIDE
    # The invalid form appears only as inline code, never in a ```po example.
    assert not any(re.search(r'^msgstr.*"\s+#', example, re.M) for example in EXAMPLES)


def test_the_guide_removes_only_the_word_fuzzy():
    assert "`#, fuzzy, python-format` becomes `#, python-format`" in GUIDE


def admin_names():
    table = GUIDE.split("<!-- admin-names", 1)[1].split("<!-- /admin-names -->", 1)[0]
    rows = re.findall(r"^\| (.+?) \| (.+?) \|$", table, re.M)
    return [
        (english, serbian)
        for english, serbian in rows
        if english != "English" and "---" not in english
    ]


@pytest.mark.parametrize(("english", "serbian"), admin_names())
def test_the_admin_names_in_the_guide_are_the_admins_own(english, serbian):
    """The admin shows "Mreže" for "Networks" (a heading, or a model's plural name that
    the admin capitalises): the guide must say what the screen says."""
    with translation.override("sr-latn"):
        shown = {
            translation.gettext(english),
            capfirst(translation.gettext(english[0].lower() + english[1:])),
        }
    assert serbian in shown, (
        f"TRANSLATING.md names {english!r} {serbian!r} in Serbian, the admin shows {shown}: "
        "translate it so, or correct the guide"
    )
