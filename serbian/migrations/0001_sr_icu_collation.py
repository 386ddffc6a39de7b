"""PostgreSQL gets the ICU collation that sorts in the Serbian alphabet's order (SQLite
gets a Python one on every connection: serbian.apps)."""

from django.db import migrations

from serbian.collation import COLLATION, ICU_LOCALE


def create_collation(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE COLLATION IF NOT EXISTS {COLLATION} "
            f"(provider = icu, locale = '{ICU_LOCALE}')"
        )


def drop_collation(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP COLLATION IF EXISTS {COLLATION}")


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [migrations.RunPython(create_collation, drop_collation)]
