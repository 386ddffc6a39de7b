"""`make messages` says what it did, and names a broken entry by file and line."""

from io import StringIO

import polib
import pytest
from django.core.management import CommandError, call_command

from core.translations.catalogues import mo_path, po_path
from tests.servers import ROOT

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: sr_Latn\\n"\n'
    '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 '
    '&& (n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n'
)


@pytest.fixture
def project(tmp_path, settings, monkeypatch):
    """A tiny project: one template, and a catalogue with an entry someone added by hand."""
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text(
        '{% load i18n %}<h1>{% translate "Networks" %}</h1><p>{% translate "Members" %}</p>\n'
    )
    locale = tmp_path / "locale"
    po_path(locale).parent.mkdir(parents=True)
    po_path(locale).write_text(
        HEADER
        + 'msgid "Networks"\nmsgstr "Mreže"\n\n'
        + 'msgid "Members"\nmsgstr "Članice"\n\n'
        + 'msgid "Added by hand"\nmsgstr "Dodato ručno"\n',
        encoding="utf-8",
    )
    settings.LOCALE_PATHS = [locale]
    settings.REPOSITORY_LOCALE_DIR = settings.TRANSLATIONS_DIR = locale
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run_messages():
    out = StringIO()
    call_command("messages", stdout=out)
    return out.getvalue()


def test_messages_reports_added_removed_and_untranslated_entries(project):
    (project / "templates" / "page.html").write_text(
        '{% load i18n %}<h1>{% translate "Networks" %}</h1><p>{% translate "Members" %}</p>\n'
        '{% translate "Skip to main content" %}\n'
    )
    report = run_messages()
    assert "locale/sr_Latn/LC_MESSAGES/django.po: 3 strings." in report
    assert "1 added (new in the code):\n    + 'Skip to main content'" in report
    assert "1 removed" in report
    assert "    - 'Added by hand'  (its translation was 'Dodato ručno')" in report
    assert "1 untranslated or fuzzy" in report
    assert "    ? 'Skip to main content' (untranslated)" in report
    # And it did what `make messages` always did: the Cyrillic catalogue, both compiled.
    locale = project / "locale"
    cyrillic = polib.pofile(str(po_path(locale, "sr")))
    assert cyrillic.find("Networks").msgstr == "Мреже"
    assert mo_path(locale).exists()
    assert mo_path(locale, "sr").exists()


def test_messages_reports_nothing_to_do_when_nothing_changed(project):
    run_messages()
    report = run_messages()
    assert "0 added" in report
    assert "0 removed" in report
    assert "0 untranslated or fuzzy" in report


@pytest.mark.parametrize(
    ("broken", "line", "complaint"),
    [
        # The invalid example of the old TRANSLATING.md: a comment after msgstr.
        ('msgid "Members"\nmsgstr "Članice"  # feminine\n', 11, "syntax error"),
        # A translation that loses its placeholder in a python-format entry.
        (
            '#, python-format\nmsgid "since %(year)s"\nmsgstr "od godine"\n',
            12,
            "format specification",
        ),
    ],
)
def test_a_broken_entry_is_named_by_file_and_line_and_nothing_changes(
    project, broken, line, complaint
):
    path = po_path(project / "locale")
    text = HEADER + 'msgid "Networks"\nmsgstr "Mreže"\n\n' + broken
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        run_messages()
    message = str(raised.value)
    assert f"django.po:{line}:" in message
    assert complaint in message
    assert path.read_text(encoding="utf-8") == text
    assert not po_path(project / "locale", "sr").exists()


def test_messages_refuses_to_work_on_the_shared_production_folder(settings, tmp_path):
    settings.TRANSLATIONS_DIR = tmp_path
    with pytest.raises(CommandError, match="unset TRANSLATIONS_DIR"):
        run_messages()


def test_make_messages_runs_the_reporting_command():
    makefile = (ROOT / "Makefile").read_text()
    target = makefile.split("\nmessages:", 1)[1].split("\n\n", 1)[0]
    assert "$(MANAGE) messages" in target
    pull = makefile.split("\npull-translations:", 1)[1].split("\n\n", 1)[0]
    assert "pull_translations" in pull
    assert "$(MANAGE) messages" in pull
