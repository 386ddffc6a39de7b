"""Loads the portal's content from its versioned data file (``core/content/astra.toml``).

The file is a seed, not a second master. Every entry has a key (an entry's ``key``, or
its English slug when it has none; the formats are those of
``core/migrations/0002_record_loaded_content.py``): "introduction",
"town:<key>", "organization:<key>", "network:<key>", "goal:<network key>:<n>" (the n-th goal of the
network in the file), "membership:<network key>:<organization key>". Objects are found
by their ``content_key`` (goals: "<network key>:<n>"), memberships by their network and
organization, the introduction as the one there is: never by slug, so editors may rename
anything.

Loading adds an entry that was never loaded and records it in ``LoadedSeed``; an entry
that was loaded once and is gone was deleted by an editor and stays deleted. What exists
is left alone, unless ``update=True``: then the fields the file states are set again
where they differ (Serbian Cyrillic follows the Latin through the models' save), after a
django-reversion revision of the objects' previous state ("Before load_content
--update"), so that the admin's history can undo it. Goals and memberships editors added
are never touched. ``dry_run=True`` does all of it and rolls it back, to show what would
change.
"""

import tomllib
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

from core.models import LoadedSeed
from core.sanitize import normalise_line_endings, prose_fields, sanitise_text
from members.models import MemberOrganization, Membership, Town
from networks.models import Goal, Introduction, Network
from serbian.languages import CYRILLIC, LATIN
from serbian.models import transliterated_fields

CONTENT_FILE = Path(__file__).resolve().parent / "astra.toml"
KEY_LANGUAGE = "en"
BEFORE_UPDATE = "Before load_content --update"
AFTER_UPDATE = "load_content --update"
CONTENT_MODELS = (Introduction, Network, Goal, Town, MemberOrganization, Membership)
# Bookkeeping columns kept by the models' save: never reported as changes.
INTERNAL_FIELDS = {"id", "generated_translations", "search_text"}


class ContentError(Exception):
    pass


def _suffixes():
    return {build_localized_fieldname("", code).lstrip("_"): code for code, _ in settings.LANGUAGES}


def field_values(entry, *, skip=()):
    """Model field values for a data-file entry.

    A table keyed by language (``{en = "…", sr_latn = "…"}``) fills the localized
    columns (``name_en``, ``name_sr_latn``).
    """
    suffixes = _suffixes()
    values = {}
    for key, value in entry.items():
        if key in skip:
            continue
        if isinstance(value, dict):
            unknown = set(value) - set(suffixes)
            if unknown:
                raise ContentError(f"{key}: unknown language(s) {sorted(unknown)}")
            for suffix, text in value.items():
                values[build_localized_fieldname(key, suffixes[suffix])] = text
        else:
            values[key] = value
    return values


def entry_key(entry, kind, index):
    """The entry's lasting key: its ``key``, else its English slug."""
    if not isinstance(entry, dict):
        raise ContentError(f"{kind} #{index}: not a table")
    key = entry.get("key")
    if key is None and isinstance(entry.get("slug"), dict):
        key = entry["slug"].get(KEY_LANGUAGE)
    if not isinstance(key, str) or not key or ":" in key:
        raise ContentError(
            f"{kind} #{index}: needs a key (key = \"…\", or an English slug) without ':'"
        )
    return key


def _normalised(value):
    """For comparing: browsers send CRLF line breaks, the file has LF; NULL is ''; the
    file writes coordinates as text ("43.32"), the database keeps decimals."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return value.normalize()
    if isinstance(value, str):
        return normalise_line_endings(value)
    return value


def same(current, wanted):
    if isinstance(current, Decimal) and isinstance(wanted, (str, int, float)):
        # str() first: a bare number in the file (43.32) is a float, and Decimal(43.32)
        # is not 43.32.
        try:
            wanted = Decimal(str(wanted))
        except ArithmeticError:
            return False
    return _normalised(current) == _normalised(wanted)


def _original_fields(model):
    """modeltranslation's original columns (``name`` beside ``name_en``…): not reported."""
    try:
        return set(translator.get_options_for_model(model).get_field_names())
    except NotRegistered:
        return set()


def snapshot(obj):
    hidden = INTERNAL_FIELDS | _original_fields(type(obj))
    # __dict__, not getattr: modeltranslation's descriptors would answer with fallbacks.
    return {
        field.attname: obj.__dict__.get(field.attname)
        for field in obj._meta.concrete_fields
        if field.attname not in hidden
    }


def _only_unique_errors(error):
    errors = getattr(error, "error_dict", {})
    return bool(errors) and all(
        item.code == "unique" for items in errors.values() for item in items
    )


def register_for_revisions():
    """Make sure every content model can be versioned. The admin (VersionAdmin) registers
    them, following goals and memberships; a model it does not register is registered
    here, on its own."""
    from core.history import register

    for model in CONTENT_MODELS:
        if not reversion.is_registered(model):
            register(model)


@dataclass
class Change:
    """One field of one object that loading changed (or would change)."""

    label: str
    field: str
    old: object
    new: object


class Loader:
    def __init__(self, *, update=False, dry_run=False):
        self.update = update
        self.dry_run = dry_run
        self.report = Counter()  # (model name, outcome) → count
        self.changes = []  # Change, in the order they were made
        self.created = []  # labels of the entries created
        self.notes = []  # what needs an editor's attention
        self.loaded = set()
        self.updated = []
        self.versioning = False

    # -- the whole file --------------------------------------------------------------

    def load(self, data):
        with transaction.atomic():
            self.loaded = set(LoadedSeed.objects.values_list("key", flat=True))
            if self.update and not self.dry_run:
                register_for_revisions()
                # One revision of everything as it was before a field of it changes:
                # each object is added just before its first change (reversion
                # serialises it then); manage_manually keeps the saves out of it.
                with reversion.create_revision(manage_manually=True):
                    reversion.set_comment(BEFORE_UPDATE)
                    self.versioning = True
                    try:
                        self.load_entries(data)
                    finally:
                        self.versioning = False
                if self.updated:
                    with reversion.create_revision(manage_manually=True):
                        reversion.set_comment(AFTER_UPDATE)
                        for obj in self.updated:
                            reversion.add_to_revision(obj)
            else:
                self.load_entries(data)
            if self.dry_run:
                transaction.set_rollback(True)
        return self

    def load_entries(self, data):
        if not isinstance(data, dict):
            raise ContentError("not a table of entries")
        self.load_introduction(data.get("introduction"))
        towns = {}
        for index, entry in enumerate(data.get("towns", []), start=1):
            key = entry_key(entry, "towns", index)
            if key in towns:
                raise ContentError(f"town {key!r} appears twice")
            towns[key] = self.load_town(key, entry)
        organizations = {}
        for index, entry in enumerate(data.get("organizations", []), start=1):
            key = entry_key(entry, "organizations", index)
            if key in organizations:
                raise ContentError(f"organization {key!r} appears twice")
            organizations[key] = self.load_organization(key, entry, towns)
        keys = set()
        for index, entry in enumerate(data.get("networks", []), start=1):
            key = entry_key(entry, "networks", index)
            if key in keys:
                raise ContentError(f"network {key!r} appears twice")
            keys.add(key)
            self.load_network(key, entry, organizations)

    # -- one entry -------------------------------------------------------------------

    def record(self, seed_key):
        if seed_key not in self.loaded:
            LoadedSeed.objects.get_or_create(key=seed_key)
            self.loaded.add(seed_key)

    def entry(self, model, seed_key, obj, create, values):
        """The entry's object: found (``obj``), or created by ``create()`` if it was never
        loaded; None if an editor deleted it (or it could not be created)."""
        name = model.__name__
        if obj is None:
            if seed_key in self.loaded:
                self.report[name, "deleted by an editor (not recreated)"] += 1
                return None
            return self.create(model, seed_key, create(), values)
        self.record(seed_key)
        if self.update:
            self.apply(obj, seed_key, values)
        else:
            self.report[name, "left as it is"] += 1
        return obj

    def create(self, model, seed_key, obj, values):
        for field, value in values.items():
            setattr(obj, field, value)
        try:
            obj.full_clean()
        except ValidationError as error:
            if _only_unique_errors(error):
                # An editor's object already uses the entry's slug: the entry waits (it
                # is not recorded, so a later load adds it once one of them is renamed).
                self.notes.append(
                    f"{seed_key}: not added, {'; '.join(error.messages)} "
                    "Rename one of them in the admin, or change the file."
                )
                self.report[model.__name__, "not added (slug taken)"] += 1
                return None
            raise ContentError(f"{seed_key}: {error.messages}") from error
        obj.save()
        self.record(seed_key)
        self.report[model.__name__, "created"] += 1
        self.created.append(seed_key)
        return obj

    def apply(self, obj, seed_key, values):
        """Set the fields the file states where they differ; report each change."""
        model = type(obj)
        cleaned = _sanitised(model, values)
        differing = {
            field: value
            for field, value in cleaned.items()
            if not same(obj.__dict__.get(field), value)
        }
        if not differing:
            self.report[model.__name__, "unchanged"] += 1
            return
        if self.versioning:
            reversion.add_to_revision(obj)
        before = snapshot(obj)
        generated = set(obj.generated_translations or ())
        for field, value in differing.items():
            setattr(obj, field, value)
        for field in transliterated_fields(model):
            latin = build_localized_fieldname(field, LATIN)
            cyrillic = build_localized_fieldname(field, CYRILLIC)
            if latin in differing and cyrillic not in differing and cyrillic not in generated:
                # The Cyrillic was an editor's (or the source of the Latin): emptied, it is
                # made again from the file's Latin by the model's save.
                setattr(obj, cyrillic, "")
        try:
            obj.full_clean()
        except ValidationError as error:
            if _only_unique_errors(error):
                self.notes.append(
                    f"{seed_key}: not updated, {'; '.join(error.messages)} "
                    "Rename one of them in the admin, or change the file."
                )
                self.report[model.__name__, "not updated (slug taken)"] += 1
                obj.refresh_from_db()
                return
            raise ContentError(f"{seed_key}: {error.messages}") from error
        obj.save()
        after = snapshot(obj)
        for field, old in before.items():
            if not same(old, after[field]):
                self.changes.append(Change(seed_key, field, old, after[field]))
        self.updated.append(obj)
        self.report[model.__name__, "updated"] += 1

    # -- the kinds of entries --------------------------------------------------------

    def load_introduction(self, entry):
        if entry is None:
            return
        # The one there is, whoever made it.
        existing = Introduction.objects.first()
        self.entry(Introduction, "introduction", existing, Introduction, field_values(entry))

    def load_town(self, key, entry):
        values = field_values(entry, skip={"key"})
        return self.entry(
            Town,
            f"town:{key}",
            Town.objects.filter(content_key=key).first(),
            lambda: Town(content_key=key),
            values,
        )

    def load_organization(self, key, entry, towns):
        values = field_values(entry, skip={"key", "town"})
        if entry.get("town") not in towns:
            raise ContentError(f"organization {key!r}: unknown town {entry.get('town')!r}")
        town = towns[entry["town"]]
        obj = MemberOrganization.objects.filter(content_key=key).first()
        if town is not None:
            values["town_id"] = town.pk
        elif obj is None and f"organization:{key}" not in self.loaded:
            # Its town was deleted by an editor (or waits for its slug): so does it.
            self.report[MemberOrganization.__name__, "not added (town deleted)"] += 1
            return None
        # An organization that exists keeps the town an editor gave it instead: it is
        # still found, updated and given its memberships.
        return self.entry(
            MemberOrganization,
            f"organization:{key}",
            obj,
            lambda: MemberOrganization(content_key=key, is_published=True),
            values,
        )

    def load_network(self, key, entry, organizations):
        values = field_values(entry, skip={"key", "goals", "memberships"})
        existing = Network.objects.filter(content_key=key).first()
        network = self.entry(
            Network,
            f"network:{key}",
            existing,
            lambda: Network(content_key=key, is_published=True),
            self.free_place(f"network:{key}", existing, values),
        )
        goals = entry.get("goals", [])
        memberships = entry.get("memberships", [])
        for item in memberships:
            if item.get("organization") not in organizations:
                raise ContentError(
                    f"network {key!r}: unknown organization {item.get('organization')!r}"
                )
        if network is None:
            return  # deleted by an editor: so are its goals and memberships
        for order, text in enumerate(goals, start=1):
            goal_key = f"{key}:{order}"
            self.entry(
                Goal,
                f"goal:{goal_key}",
                Goal.objects.filter(content_key=goal_key).first(),
                lambda goal_key=goal_key: Goal(network=network, content_key=goal_key),
                {"order": order, **field_values({"text": text})},
            )
        for item in memberships:
            organization = organizations[item["organization"]]
            if organization is None:
                continue  # deleted by an editor, or waiting for its slug
            self.entry(
                Membership,
                f"membership:{key}:{item['organization']}",
                Membership.objects.filter(network=network, organization=organization).first(),
                lambda organization=organization: Membership(
                    network=network, organization=organization
                ),
                field_values(item, skip={"organization"}),
            )

    def free_place(self, seed_key, network, values):
        """The file's place on the home page, unless another network holds it (editors
        reorder the networks): a new network then goes last, one already here stays where
        editors put it."""
        if network is None and seed_key in self.loaded:
            return values  # deleted by an editor: not made again
        place = values.get("display_order")
        if place is None and network is None:
            place = Network._meta.get_field("display_order").default
        others = Network.objects.exclude(pk=network.pk) if network else Network.objects.all()
        holder = others.filter(display_order=place).first() if place is not None else None
        if holder is None:
            return values
        values = dict(values)
        if network is None:
            last = others.aggregate(last=Max("display_order"))["last"] or 0
            values["display_order"] = last + 1
            self.notes.append(
                f"{seed_key}: place {place} on the home page is held by “{holder}”: "
                f"added last, at place {last + 1}."
            )
        else:
            del values["display_order"]
            if self.update and network.display_order != place:
                self.notes.append(
                    f"{seed_key}: place {place} on the home page is held by “{holder}”: "
                    f"left at place {network.display_order}; reorder them in the admin."
                )
        return values


def _sanitised(model, values):
    """The values as the model's save would store them (its texts are sanitised)."""
    prose = set(prose_fields(model))
    return {
        field: sanitise_text(value) if field in prose and isinstance(value, str) else value
        for field, value in values.items()
    }


def read(path=CONTENT_FILE):
    with open(path, "rb") as file:
        return tomllib.load(file)


def load_content(path=CONTENT_FILE, *, update=False, dry_run=False):
    """Load the file; return the Loader, whose ``report``, ``changes``, ``created`` and
    ``notes`` say what it did (or, with ``dry_run``, would do)."""
    return Loader(update=update, dry_run=dry_run).load(read(path))
