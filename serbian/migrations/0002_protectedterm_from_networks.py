"""ProtectedTerm moves from networks to serbian with its rows: the model is created here
in Django's state only, over the existing table, which is then renamed; its content type
moves too, so that permissions and admin history stay attached. networks.0004 removes it
from networks' state."""

from django.db import migrations, models


def move_content_type(apps, schema_editor, *, source="networks", target="serbian"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=target, model="protectedterm").exists():
        ContentType.objects.filter(app_label=source, model="protectedterm").update(
            app_label=target
        )


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, source="serbian", target="networks")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("serbian", "0001_sr_icu_collation"),
        # The last migrations that read networks.ProtectedTerm.
        ("networks", "0003_correct_shipped_content"),
        ("members", "0004_acronym_in_every_script_and_precise_since"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ProtectedTerm",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "term",
                            models.CharField(
                                help_text="Written exactly as it must appear, e.g. “La Strada International” or “prEUgovor”. Only whole words are matched.",
                                max_length=100,
                                unique=True,
                                verbose_name="term",
                            ),
                        ),
                        (
                            "note",
                            models.CharField(blank=True, max_length=200, verbose_name="note"),
                        ),
                    ],
                    options={
                        "verbose_name": "protected term",
                        "verbose_name_plural": "protected terms",
                        "ordering": ["term"],
                        "db_table": "networks_protectedterm",
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name="protectedterm", table=None),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
