"""The interface catalogues at run time: where they live, how a save is published to every
process, how the image's catalogue and the translators' are merged, and which translations
are refused.

Translators edit the Serbian Latin catalogue on the translation screen; the Serbian Cyrillic
one is generated from it (``serbian.catalogues``), as ``make messages`` does. Both live in
``settings.TRANSLATIONS_DIR``: the repository's ``locale/`` in development, a folder on the
shared volume in production (``bin/start`` merges the image's catalogue into it with
``reconcile``, so a redeploy keeps what translators did and brings the new strings).

Django caches the catalogues per process. A save writes the files (each replaced in one
step, never half-written), and every process compares the compiled files' identity with
what it loaded before each request (``reload_if_changed``, called by the middleware): a
changed file makes it drop its cached catalogues, which Django reloads on first use.
"""

import contextlib
import fcntl
import functools
import gettext as gettext_module
import hashlib
import logging
import os
import re
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

import polib
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import trans_real

from serbian.catalogues import render_cyrillic_catalogue

logger = logging.getLogger(__name__)

LATIN = "sr_Latn"
CYRILLIC = "sr"
CATALOGUE = Path("LC_MESSAGES") / "django.po"
# The image's Latin catalogue as it was at the last merge: the common ancestor that tells
# a translator's change from a developer's at the next one.
BASE_NAME = ".image-catalogue.po"
# The width gettext's own tools wrap at, so that a saved catalogue differs from the one
# `make messages` writes as little as polib allows.
WRAP_WIDTH = 79
# Metadata of a downloaded catalogue: the git blob id of the image catalogue it was merged
# from, so that `make pull-translations` finds the common ancestor in the repository.
BASE_BLOB_HEADER = "X-Image-Catalogue-Blob"


def po_path(directory, locale=LATIN):
    return Path(directory) / locale / CATALOGUE


def mo_path(directory, locale=LATIN):
    return po_path(directory, locale).with_suffix(".mo")


def read(path):
    return polib.pofile(str(path), wrapwidth=WRAP_WIDTH)


def text_of(catalogue):
    return str(catalogue) + "\n"


def write_atomically(path, content):
    """Replace ``path`` in one step: a process reading it meanwhile sees the old file or
    the new one, never a part of either."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        # mkstemp makes the file private; the catalogues are read by other processes.
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


@contextlib.contextmanager
def locked(directory):
    """One writer at a time in ``directory``, across processes (two translators saving at
    once, two copies of the site starting together)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    # The folder itself is locked: no lock file left in the repository's locale/.
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def publish(directory):
    """What ``make messages`` does after extraction, in ``directory``: generate the Cyrillic
    catalogue from the Latin one and compile both. The compiled files are what the
    processes watch, so they are written last."""
    latin = read(po_path(directory, LATIN))
    cyrillic_text = render_cyrillic_catalogue(po_path(directory, LATIN))
    write_atomically(po_path(directory, CYRILLIC), cyrillic_text)
    cyrillic = polib.pofile(cyrillic_text, wrapwidth=WRAP_WIDTH)
    write_atomically(mo_path(directory, CYRILLIC), cyrillic.to_binary())
    write_atomically(mo_path(directory, LATIN), latin.to_binary())


# --- Every process follows the files ------------------------------------------------------

_seen_stamp = None
_stamp_lock = threading.Lock()


@functools.lru_cache(maxsize=8)
def _watched_files(locale_paths, codes):
    return tuple(
        str(mo_path(directory, translation.to_locale(code)))
        for directory in locale_paths
        for code in codes
    )


def catalogue_stamp():
    """The identity of every compiled catalogue Django may load from our folders: a file
    replaced by ``write_atomically`` has a new inode, so even a save within the same
    clock tick is seen."""
    files = _watched_files(
        tuple(str(path) for path in settings.LOCALE_PATHS),
        tuple(code for code, _name in settings.LANGUAGES),
    )
    stamp = []
    for path in files:
        try:
            status = os.stat(path)
        except OSError:
            stamp.append(None)
        else:
            stamp.append((status.st_ino, status.st_mtime_ns, status.st_size))
    return tuple(stamp)


def forget_loaded_catalogues():
    """Drop this process's cached catalogues; Django reads the files again on first use.

    Unlike Django's own reloader for runserver, this leaves ``trans_real._active`` alone:
    a request being served in another thread keeps the catalogue it started with, and
    the next ``activate()`` (every request, in LocaleMiddleware) picks up the new one.
    """
    gettext_module._translations = {}
    trans_real._translations = {}
    trans_real._default = None


def reload_if_changed(*, force=False):
    """Called before each request: True when the catalogues changed since the last call
    (or ``force``, after this process wrote them) and were dropped from its cache."""
    global _seen_stamp
    stamp = catalogue_stamp()
    if stamp == _seen_stamp and not force:
        return False
    with _stamp_lock:
        changed = force or (_seen_stamp is not None and stamp != _seen_stamp)
        _seen_stamp = stamp
        if changed:
            forget_loaded_catalogues()
            logger.info("interface catalogues changed on disk: reloaded")
    return changed


# --- Placeholders -------------------------------------------------------------------------

# The same placeholders the catalogue tests compare (tests/serbian/test_catalogues.py).
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
NAMED = re.compile(r"%\((\w+)\)")
POSITIONAL = re.compile(r"%[sdif]")


class _AnyName(dict):
    def __missing__(self, key):
        return 1


def formats_cleanly(source, text):
    """Whether Python's %-formatting, as the site applies it to ``source``'s translation,
    accepts ``text`` (a lone "%" or "% d" does not: the page would fail)."""
    positional = POSITIONAL.findall(source.replace("%%", ""))
    if positional and not NAMED.search(source):
        arguments = tuple(1 for _ in positional)
    else:
        arguments = _AnyName()
    try:
        text % arguments
    except (ValueError, TypeError, KeyError):
        return False
    return True


def placeholder_problems(entry, text):
    """Why ``text`` cannot be the translation of ``entry`` (a list of sentences; empty when
    it can): its placeholders must be the English text's, and a lone "%" would make
    Python's formatting fail on the page."""
    if not text:
        return []  # untranslated: the English text is shown
    source = entry.msgid_plural or entry.msgid
    expected = sorted(PLACEHOLDER.findall(source))
    found = sorted(PLACEHOLDER.findall(text))
    problems = []
    missing = list(expected)
    extra = []
    for placeholder in found:
        if placeholder in missing:
            missing.remove(placeholder)
        else:
            extra.append(placeholder)
    if missing:
        problems.append(
            _(
                "the placeholder %(placeholders)s of the English text is missing: copy it "
                "exactly as it is written there"
            )
            % {"placeholders": ", ".join(missing)}
        )
    if extra:
        problems.append(
            _(
                "%(placeholders)s is not a placeholder of the English text: use only "
                "those, written exactly as there"
            )
            % {"placeholders": ", ".join(extra)}
        )
    if not problems and "python-format" in entry.flags and not formats_cleanly(source, text):
        problems.append(
            _("a single %(sign)s sign would break the page: write %(escaped)s instead")
            % {"sign": "%", "escaped": "%%"}
        )
    return problems


# --- Merging: the image's catalogue and the translators' ----------------------------------


def entry_key(entry):
    return (entry.msgctxt or None, entry.msgid)


def entry_value(entry):
    """What a translator decides about an entry: the text of every form and whether it
    still needs checking."""
    return (
        entry.msgstr,
        tuple(sorted((int(index), text) for index, text in entry.msgstr_plural.items())),
        "fuzzy" in entry.flags,
    )


def is_translated(value):
    msgstr, plurals, fuzzy = value
    return not fuzzy and (all(text for _index, text in plurals) if plurals else bool(msgstr))


@dataclass
class MergeReport:
    """What a merge did, entry by entry (msgids, for people to read)."""

    theirs_kept: list = field(default_factory=list)  # translated on the screen, kept
    ours_taken: list = field(default_factory=list)  # changed in the repository, taken
    conflicts: list = field(default_factory=list)  # changed on both sides: theirs kept
    new: list = field(default_factory=list)  # only in ours (new strings in the code)
    obsolete_kept: list = field(default_factory=list)  # translators' work, string gone
    obsolete_dropped: list = field(default_factory=list)  # string gone, nothing lost

    def lines(self, theirs_name="the translation screen", ours_name="the code"):
        sections = [
            (self.new, f"new in {ours_name} (to translate)"),
            (self.theirs_kept, f"translated on {theirs_name}: kept"),
            (self.ours_taken, f"changed in {ours_name}: taken"),
            (
                self.conflicts,
                f"changed in both: {theirs_name}'s kept (check them against the other)",
            ),
            (
                self.obsolete_kept,
                f"translated on {theirs_name} but no longer in {ours_name}: kept aside, "
                "unused (ask a developer)",
            ),
            (self.obsolete_dropped, f"no longer in {ours_name}: removed"),
        ]
        lines = []
        for msgids, title in sections:
            if msgids:
                lines.append(f"{len(msgids)} {title}:")
                lines.extend(f"  {describe(msgid)}" for msgid in msgids)
        return lines or ["nothing to merge: the catalogues agree"]


def describe(key):
    context, msgid = key
    shown = msgid if len(msgid) <= 70 else msgid[:67] + "..."
    return f"[{context}] {shown!r}" if context else repr(shown)


def _apply(entry, value):
    msgstr, plurals, fuzzy = value
    entry.msgstr = msgstr
    entry.msgstr_plural = dict(plurals)
    if fuzzy and "fuzzy" not in entry.flags:
        entry.flags.append("fuzzy")
    elif not fuzzy and "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")


def merge(base, ours, theirs):
    """A new catalogue with ``ours``' strings (msgids, contexts, comments, flags) and, for
    each, the translation decided by a three-way merge with ``theirs``:

    - where only one side changed the translation since ``base``, that side's;
    - where both changed it differently, ``theirs`` (a translator's work is never dropped
      silently: the conflict is reported);
    - without a ``base`` (or an entry missing from it), ``theirs``, unless only ``ours``
      is translated.

    ``theirs``' translations of strings ``ours`` no longer has are kept as obsolete
    entries (``#~``, never used) when a translator made them, and reported.
    ``base``, ``ours`` and ``theirs`` are polib catalogues (``base`` may be None).
    """
    report = MergeReport()
    base_values = {entry_key(e): entry_value(e) for e in base or () if not e.obsolete}
    their_entries = {entry_key(e): e for e in theirs if not e.obsolete}
    merged = read(text_of(ours))
    took_theirs = False
    for entry in merged:
        if entry.obsolete:
            continue
        key = entry_key(entry)
        their_entry = their_entries.get(key)
        if their_entry is None:
            report.new.append(key)
            continue
        mine, their, common = entry_value(entry), entry_value(their_entry), base_values.get(key)
        if mine == their:
            continue
        if common is not None and their == common:
            report.ours_taken.append(key)
            continue
        if common is None and is_translated(mine) and not is_translated(their):
            report.ours_taken.append(key)
            continue
        if common is not None and mine != common:
            report.conflicts.append(key)
        else:
            report.theirs_kept.append(key)
        _apply(entry, their)
        took_theirs = True
    our_keys = {entry_key(e) for e in merged if not e.obsolete}
    for key, their_entry in their_entries.items():
        if key in our_keys:
            continue
        their = entry_value(their_entry)
        made_by_translator = their != base_values.get(key) and (
            their[0] or any(text for _index, text in their[1])
        )
        if made_by_translator:
            kept = polib.POEntry(
                msgctxt=their_entry.msgctxt,
                msgid=their_entry.msgid,
                msgid_plural=their_entry.msgid_plural,
                msgstr=their_entry.msgstr,
                msgstr_plural=dict(their_entry.msgstr_plural),
                flags=list(their_entry.flags),
                obsolete=True,
            )
            merged.append(kept)
            report.obsolete_kept.append(key)
        else:
            report.obsolete_dropped.append(key)
    # Obsolete entries theirs already kept aside stay aside.
    kept_aside = {entry_key(e) for e in merged if e.obsolete}
    for their_entry in theirs:
        if their_entry.obsolete and entry_key(their_entry) not in kept_aside | our_keys:
            merged.append(their_entry)
    if took_theirs:
        for name in ("Last-Translator", "PO-Revision-Date"):
            if name in theirs.metadata:
                merged.metadata[name] = theirs.metadata[name]
    merged.metadata.pop(BASE_BLOB_HEADER, None)
    return merged, report


def git_blob_id(data):
    """The id git gives a file with these bytes (``git hash-object``)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


@dataclass
class Reconciliation:
    created: bool
    report: MergeReport | None


def reconcile(image_dir, live_dir):
    """Bring the image's Latin catalogue (``image_dir``, the repository's ``locale/``) into
    the shared folder ``live_dir`` where the translation screen saves: a first start copies
    it; later starts merge it with what translators saved (``merge``, with the image
    catalogue of the previous merge as the common ancestor). Then the Cyrillic catalogue
    is generated and both are compiled there."""
    image_path = po_path(image_dir, LATIN)
    live_path = po_path(live_dir, LATIN)
    base_path = Path(live_dir) / BASE_NAME
    image_text = image_path.read_text(encoding="utf-8")
    with locked(live_dir):
        if live_path.exists():
            base = read(base_path) if base_path.exists() else None
            merged, report = merge(base, read(image_path), read(live_path))
            write_atomically(live_path, text_of(merged))
            result = Reconciliation(created=False, report=report)
        else:
            write_atomically(live_path, image_text)
            result = Reconciliation(created=True, report=None)
        write_atomically(base_path, image_text)
        publish(live_dir)
    return result
