"""ProtectedTerm now lives in serbian (serbian.0002 took its table and rows): it leaves
networks' state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0003_correct_shipped_content"),
        ("serbian", "0002_protectedterm_from_networks"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ProtectedTerm")],
        ),
    ]
