"""Translations made in production survive a redeploy (bin/start's merge) and come back
into the repository (`make pull-translations`)."""

import multiprocessing
import subprocess
import threading
from io import StringIO

import polib
import pytest
from django.core.management import CommandError, call_command

from core.translations.catalogues import (
    BASE_BLOB_HEADER,
    BASE_NAME,
    git_blob_id,
    locked,
    merge,
    mo_path,
    po_path,
    reconcile,
)
from tests.servers import ROOT

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: sr_Latn\\n"\n'
    '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 '
    '&& (n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n'
)


def catalogue(**entries):
    """A Latin catalogue from msgid=msgstr pairs (a msgstr ending in " ~" is fuzzy)."""
    text = HEADER
    for msgid, msgstr in entries.items():
        fuzzy = msgstr.endswith(" ~")
        text += "#, fuzzy\n" if fuzzy else ""
        text += f'msgid "{msgid}"\nmsgstr "{msgstr.removesuffix(" ~")}"\n\n'
    return text


def parse(text):
    return polib.pofile(text)


def translations(pofile):
    return {entry.msgid: entry.msgstr for entry in pofile if not entry.obsolete}


# The image a site was deployed with, what translators did on the screen since, and the
# next image, built from a repository where developers went on working.
BASE = catalogue(Networks="Mreže", Members="Članice", Home="Početna", Old="Staro", Gone="Nema")
LIVE = catalogue(
    Networks="Mreže",
    Members="Organizacije članice",  # a translator's correction
    Home="Naslovna",  # a translator's correction...
    Old="Staro",
    Gone="Nema više",  # ... of a string the next image no longer has
)
IMAGE = catalogue(
    Networks="Mreže",
    Members="Članice",
    Home="Glavna strana",  # ... which a developer changed too
    Old="Starije",  # a developer's correction
    New="",  # a new string in the code
)


def test_merge_keeps_each_sides_changes_and_reports_the_rest():
    merged, report = merge(parse(BASE), parse(IMAGE), parse(LIVE))
    assert translations(merged) == {
        "Networks": "Mreže",
        "Members": "Organizacije članice",  # the translator's, kept
        "Home": "Naslovna",  # both changed: the translator's kept, and reported
        "Old": "Starije",  # the developer's, taken
        "New": "",  # the image's new string, to translate
    }
    assert report.theirs_kept == [(None, "Members")]
    assert report.conflicts == [(None, "Home")]
    assert report.ours_taken == [(None, "Old")]
    assert report.new == [(None, "New")]
    # The translator's work on a string the code dropped is kept aside, never silently.
    assert report.obsolete_kept == [(None, "Gone")]
    (aside,) = merged.obsolete_entries()
    assert (aside.msgid, aside.msgstr) == ("Gone", "Nema više")
    assert "Gone" in "\n".join(report.lines())


def test_merge_drops_silently_only_what_nobody_translated_on_the_screen():
    base = catalogue(Networks="Mreže", Gone="Nema")
    live = catalogue(Networks="Mreže", Gone="Nema")
    merged, report = merge(parse(base), parse(catalogue(Networks="Mreže")), parse(live))
    assert merged.obsolete_entries() == []
    assert report.obsolete_dropped == [(None, "Gone")]


def test_merge_without_a_common_ancestor_prefers_a_translation_to_none():
    ours = catalogue(Networks="Mreže", Members="", Home="Početna")
    theirs = catalogue(Networks="", Members="Članice", Home="Naslovna ~")
    merged, report = merge(None, parse(ours), parse(theirs))
    assert translations(merged) == {"Networks": "Mreže", "Members": "Članice", "Home": "Početna"}
    assert report.theirs_kept == [(None, "Members")]


def test_a_translator_marking_an_entry_fuzzy_is_a_change_kept():
    base = catalogue(Home="Početna")
    merged, _report = merge(parse(base), parse(base), parse(catalogue(Home="Početna ~")))
    assert "fuzzy" in merged.find("Home").flags


def write_image(directory, text):
    po_path(directory).parent.mkdir(parents=True)
    po_path(directory).write_text(text, encoding="utf-8")


def test_the_first_start_copies_the_image_catalogue_and_compiles_both_scripts(tmp_path):
    image, live = tmp_path / "image", tmp_path / "live"
    write_image(image, IMAGE)
    result = reconcile(image, live)
    assert result.created
    assert po_path(live).read_text(encoding="utf-8") == IMAGE
    assert polib.pofile(str(po_path(live, "sr"))).find("Old").msgstr == "Старије"
    assert mo_path(live).exists()
    assert mo_path(live, "sr").exists()
    assert (live / BASE_NAME).read_text(encoding="utf-8") == IMAGE


def test_a_redeploy_keeps_the_translators_work_and_brings_the_new_strings(tmp_path):
    image, live = tmp_path / "image", tmp_path / "live"
    write_image(image, BASE)
    reconcile(image, live)  # the first deploy
    po_path(live).write_text(LIVE, encoding="utf-8")  # translators at work
    po_path(image).write_text(IMAGE, encoding="utf-8")  # the next image

    result = reconcile(image, live)

    assert not result.created
    merged = polib.pofile(str(po_path(live)))
    assert translations(merged)["Members"] == "Organizacije članice"
    assert translations(merged)["Old"] == "Starije"
    assert "New" in translations(merged)
    assert result.report.obsolete_kept == [(None, "Gone")]
    cyrillic = polib.pofile(str(po_path(live, "sr")))
    assert cyrillic.find("Members").msgstr == "Организације чланице"
    # The next merge starts from this image.
    assert (live / BASE_NAME).read_text(encoding="utf-8") == IMAGE


def test_the_start_command_reports_what_the_merge_did(tmp_path, settings):
    image, live = tmp_path / "image", tmp_path / "live"
    write_image(image, BASE)
    settings.REPOSITORY_LOCALE_DIR, settings.TRANSLATIONS_DIR = image, live
    out = StringIO()
    call_command("reconcile_translations", stdout=out)
    assert "copied from the image" in out.getvalue()
    po_path(live).write_text(LIVE, encoding="utf-8")
    po_path(image).write_text(IMAGE, encoding="utf-8")
    out = StringIO()
    call_command("reconcile_translations", stdout=out)
    report = out.getvalue()
    assert "1 translated on the translation screen but no longer in the code" in report
    assert "'Gone'" in report
    assert "1 changed in both" in report


def test_the_start_script_merges_the_catalogues_before_serving():
    script = (ROOT / "bin" / "start").read_text()
    assert script.index("reconcile_translations") < script.index("exec ")


# --- make pull-translations ---------------------------------------------------------------


@pytest.fixture
def repository(tmp_path, settings):
    """A repository whose catalogue is IMAGE, with BASE (what production runs) in git."""
    root = tmp_path / "repository"
    write_image(root / "locale", IMAGE)
    subprocess.run(["git", "init", "--quiet", str(root)], check=True)
    subprocess.run(
        ["git", "hash-object", "-w", "--stdin"],
        input=BASE.encode(),
        cwd=root,
        check=True,
        capture_output=True,
    )
    settings.REPOSITORY_LOCALE_DIR = settings.TRANSLATIONS_DIR = root / "locale"
    return root


def downloaded(tmp_path, text, base=BASE):
    live = polib.pofile(text)
    if base is not None:
        live.metadata[BASE_BLOB_HEADER] = git_blob_id(base.encode())
    path = tmp_path / "astra-sr_Latn.po"
    path.write_text(str(live) + "\n", encoding="utf-8")
    return path


def test_pull_brings_the_screens_translations_into_the_repository(tmp_path, repository):
    out = StringIO()
    call_command("pull_translations", downloaded(tmp_path, LIVE), repository=repository, stdout=out)
    pulled = polib.pofile(str(po_path(repository / "locale")))
    assert translations(pulled) == {
        "Networks": "Mreže",
        "Members": "Organizacije članice",
        "Home": "Naslovna",
        "Old": "Starije",  # the developer's newer work is not undone
        "New": "",
    }
    report = out.getvalue()
    assert "with the image catalogue it started from" in report
    assert "1 changed in both" in report
    assert "no longer in the repository" in report
    assert BASE_BLOB_HEADER not in pulled.metadata


def test_pull_without_the_common_ancestor_takes_the_screens_differences(tmp_path, repository):
    out = StringIO()
    call_command(
        "pull_translations",
        downloaded(tmp_path, LIVE, base=None),
        repository=repository,
        stdout=out,
    )
    pulled = translations(polib.pofile(str(po_path(repository / "locale"))))
    assert pulled["Old"] == "Staro"
    assert "without a common ancestor" in out.getvalue()
    assert "check git diff" in out.getvalue()


def test_pull_takes_a_copy_of_the_production_folder_too(tmp_path, repository):
    production = tmp_path / "production"
    write_image(production, LIVE)
    (production / BASE_NAME).write_text(BASE, encoding="utf-8")
    call_command("pull_translations", production, repository=repository, stdout=StringIO())
    pulled = translations(polib.pofile(str(po_path(repository / "locale"))))
    assert (pulled["Members"], pulled["Old"]) == ("Organizacije članice", "Starije")


def test_pull_refuses_what_is_not_the_serbian_latin_catalogue(tmp_path, repository):
    other = tmp_path / "other.po"
    other.write_text(HEADER.replace("sr_Latn", "sr"), encoding="utf-8")
    with pytest.raises(CommandError, match="not the Serbian Latin catalogue"):
        call_command("pull_translations", other, repository=repository)
    with pytest.raises(CommandError, match="does not exist"):
        call_command("pull_translations", tmp_path / "missing.po", repository=repository)


def _hold_lock(directory, held, release):
    with locked(directory):
        held.set()
        release.wait(10)


def test_one_writer_at_a_time_in_the_catalogue_folder_across_processes(tmp_path):
    """Two translators saving in two processes, two copies starting together: the second
    waits for the first (the folder is locked; no lock file is left behind)."""
    context = multiprocessing.get_context("fork")
    held, release = context.Event(), context.Event()
    other = context.Process(target=_hold_lock, args=(tmp_path, held, release))
    other.start()
    try:
        assert held.wait(10)
        waiter = threading.Thread(target=lambda: locked(tmp_path).__enter__())
        waiter.daemon = True
        waiter.start()
        waiter.join(0.5)
        assert waiter.is_alive(), "took the lock another process holds"
    finally:
        release.set()
        other.join(10)
    waiter.join(5)
    assert not waiter.is_alive()
    assert list(tmp_path.iterdir()) == []
