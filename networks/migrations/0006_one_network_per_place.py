"""Each network its own place on the home page, before 0007 makes it a rule: networks
that shared a place are numbered again, 1, 2, 3…, in the order the home page showed them
(by place, then by id). A migration of its own: PostgreSQL refuses to change a table's
constraints in the transaction that updated its rows."""

from django.db import migrations
from django.db.models import Count


def one_place_each(apps, schema_editor):
    Network = apps.get_model("networks", "Network")
    shared = Network.objects.values("display_order").annotate(n=Count("id")).filter(n__gt=1)
    if not shared.exists():
        return  # every place is already one network's: nothing moves
    for place, network in enumerate(Network.objects.order_by("display_order", "id"), start=1):
        if network.display_order != place:
            Network.objects.filter(pk=network.pk).update(display_order=place)


class Migration(migrations.Migration):

    dependencies = [
        ("networks", "0005_publish_date_and_content_key"),
    ]

    operations = [
        migrations.RunPython(one_place_each, migrations.RunPython.noop),
    ]
