"""ProtectedTerm moved from networks to serbian: a database made before the move keeps its
terms, their permissions and their admin history."""

import pytest

from serbian.models import protected_terms
from tests.helpers import migrate, migrate_to_latest

# The last migrations before the move, as main had them.
BEFORE = [
    ("networks", "0003_correct_shipped_content"),
    ("members", "0004_acronym_in_every_script_and_precise_since"),
    ("serbian", "0001_sr_icu_collation"),
    ("contenttypes", "0002_remove_content_type_name"),
    ("auth", "0012_alter_user_first_name_max_length"),
]


@pytest.fixture
def term_before_the_move(transactional_db):
    apps = migrate(BEFORE)
    term = apps.get_model("networks", "ProtectedTerm").objects.create(
        term="Astra Youth", note="added by an editor"
    )
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _created = ContentType.objects.get_or_create(
        app_label="networks", model="protectedterm"
    )
    permission, _created = apps.get_model("auth", "Permission").objects.get_or_create(
        content_type=content_type, codename="change_protectedterm"
    )
    yield term, content_type, permission
    migrate_to_latest()


def test_terms_permissions_and_history_move_with_the_model(term_before_the_move):
    term, content_type, permission = term_before_the_move
    apps = migrate_to_latest()
    moved = apps.get_model("serbian", "ProtectedTerm").objects.get(pk=term.pk)
    assert (moved.term, moved.note) == ("Astra Youth", "added by an editor")
    assert moved._meta.db_table == "serbian_protectedterm"
    content_type = apps.get_model("contenttypes", "ContentType").objects.get(pk=content_type.pk)
    assert (content_type.app_label, content_type.model) == ("serbian", "protectedterm")
    assert apps.get_model("auth", "Permission").objects.get(pk=permission.pk).content_type_id == (
        content_type.pk
    )
    # And the live code reads it.
    assert "Astra Youth" in protected_terms()


def test_the_move_can_be_undone(term_before_the_move):
    term, content_type, _permission = term_before_the_move
    migrate_to_latest()
    apps = migrate(BEFORE)
    assert apps.get_model("networks", "ProtectedTerm").objects.get(pk=term.pk).term == (
        "Astra Youth"
    )
    content_type = apps.get_model("contenttypes", "ContentType").objects.get(pk=content_type.pk)
    assert content_type.app_label == "networks"
