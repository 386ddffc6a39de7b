"""Sorting in the order of the Serbian alphabet, on PostgreSQL and on SQLite alike.

Both databases know a collation named ``sr_icu``: PostgreSQL's is ICU's Serbian (created
by a migration in ``members``), SQLite's is a Python function registered on every new
connection. Queries then say ``Collate(..., "sr_icu")`` whatever the database.
"""

import functools

from django.db.models import CharField, F, Value
from django.db.models.functions import Coalesce, Collate, NullIf
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname, resolution_order

from serbian.transliteration import collation_key

COLLATION = "sr_icu"
# ICU's Serbian (Latin) rules: č, ć after c, dž, đ after d, lj, nj as letters; Cyrillic
# text, which follows Latin in ICU, is in the Serbian Cyrillic alphabet's order there.
ICU_LOCALE = "sr-Latn-RS"


def localized(field):
    """The field in the active language, falling back as the pages do (for SQL)."""
    languages = resolution_order(translation.get_language())
    # modeltranslation's column classes differ per language: name the result's type.
    return Coalesce(
        *(NullIf(F(build_localized_fieldname(field, code)), Value("")) for code in languages),
        F(field),
        output_field=CharField(),
    )


def serbian_order(field):
    return Collate(localized(field), COLLATION)


@functools.lru_cache(maxsize=4096)
def _key(text):
    return collation_key(text)


def _compare(left, right):
    left_key, right_key = _key(left), _key(right)
    return (left_key > right_key) - (left_key < right_key)


def register_sqlite_collation(sender, connection, **kwargs):
    """``connection_created`` receiver: teach SQLite the Serbian alphabet."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, _compare)
