from django.db import migrations

# The name the access rule checks (core.translations.access.TRANSLATORS_GROUP), written out:
# a migration must not change when the code does.
TRANSLATORS_GROUP = "Translators"


def create_group(apps, schema_editor):
    # No model permissions: translators see the admin's index and the translation screen.
    apps.get_model("auth", "Group").objects.get_or_create(name=TRANSLATORS_GROUP)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_repair_line_endings"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    # Unapplying keeps the group: its members are people, not schema.
    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
