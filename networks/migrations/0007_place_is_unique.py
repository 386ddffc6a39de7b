"""No two networks share a place on the home page (0006 made it so): the order is the
editors', with nothing ordered by id behind their backs."""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("networks", "0006_one_network_per_place"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="network",
            options={
                "ordering": ["display_order"],
                "verbose_name": "network",
                "verbose_name_plural": "networks",
            },
        ),
        migrations.AlterField(
            model_name="network",
            name="display_order",
            field=models.PositiveSmallIntegerField(
                default=0,
                help_text="The home page shows the networks in this order, the lowest number first. Each network has a number of its own: to move one, drag it in the list of networks, or change the numbers there.",
                validators=[django.core.validators.MaxValueValidator(999)],
                verbose_name="display order",
            ),
        ),
        migrations.AddConstraint(
            model_name="network",
            constraint=models.UniqueConstraint(
                fields=("display_order",),
                name="one_network_per_place",
                violation_error_code="unique",
                violation_error_message="Another network already has this place on the home page: choose a free number, or reorder the networks in their list.",
            ),
        ),
    ]
