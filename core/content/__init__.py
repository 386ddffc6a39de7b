"""Loads the portal's content from its versioned data file (``core/content/astra.toml``).

Objects are found by their English slug. Loading adds what is missing and leaves what
exists alone, so that it can run on every start without undoing an editor's work;
``update=True`` makes existing objects match the file again (goals included).
"""

import tomllib
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from modeltranslation.utils import build_localized_fieldname

from members.models import MemberOrganization, Membership
from networks.models import Goal, Introduction, Network

CONTENT_FILE = Path(__file__).resolve().parent / "astra.toml"
KEY_LANGUAGE = "en"


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


class Loader:
    def __init__(self, *, update=False):
        self.update = update
        self.report = Counter()

    def save(self, model, lookup, values):
        """Create the object, or update it when asked to; return (object, created)."""
        obj = model.objects.filter(**lookup).first()
        created = obj is None
        if created:
            obj = model(**lookup)
        elif not self.update:
            self.report[model.__name__, "unchanged"] += 1
            return obj, False
        for name, value in values.items():
            setattr(obj, name, value)
        try:
            obj.full_clean()
        except ValidationError as error:
            raise ContentError(f"{model.__name__} {lookup}: {error.messages}") from error
        obj.save()
        self.report[model.__name__, "created" if created else "updated"] += 1
        return obj, created

    def load(self, data):
        with transaction.atomic():
            self.load_introduction(data.get("introduction"))
            organizations = {
                entry["slug"][KEY_LANGUAGE]: self.load_organization(entry)
                for entry in data.get("organizations", [])
            }
            for entry in data.get("networks", []):
                self.load_network(entry, organizations)
        return self.report

    def load_introduction(self, entry):
        if entry is None:
            return
        existing = Introduction.objects.first()
        lookup = {"pk": existing.pk} if existing else {}
        self.save(Introduction, lookup, field_values(entry))

    def load_organization(self, entry):
        lookup = {build_localized_fieldname("slug", KEY_LANGUAGE): entry["slug"][KEY_LANGUAGE]}
        return self.save(MemberOrganization, lookup, {"is_published": True, **field_values(entry)})

    def load_network(self, entry, organizations):
        lookup = {build_localized_fieldname("slug", KEY_LANGUAGE): entry["slug"][KEY_LANGUAGE]}
        values = {"is_published": True, **field_values(entry, skip={"goals", "memberships"})}
        network, created = self.save(Network, lookup, values)
        if created or self.update:
            self.load_goals(network, entry.get("goals", []))
        for item in entry.get("memberships", []):
            try:
                organization, organization_created = organizations[item["organization"]]
            except KeyError:
                raise ContentError(
                    f"{network}: unknown organization {item['organization']!r}"
                ) from None
            # An existing pair was seen by editors, who may have changed or removed it.
            if created or organization_created or self.update:
                lookup = {"network": network, "organization": organization}
                self.save(Membership, lookup, field_values(item, skip={"organization"}))

    def load_goals(self, network, goals):
        network.goals.all().delete()
        for order, goal in enumerate(goals, start=1):
            values = field_values({"text": goal})
            Goal.objects.create(network=network, order=order, **values)
            self.report["Goal", "created"] += 1


def load_content(path=CONTENT_FILE, *, update=False):
    with open(path, "rb") as file:
        data = tomllib.load(file)
    return Loader(update=update).load(data)
