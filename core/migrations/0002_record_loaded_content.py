"""Databases loaded from the content file before it kept a record of what it loaded get
that record now (issue 10): every entry of the file as it was then counts as loaded, so
that loading never brings back what an editor deleted; networks, organizations and goals
get their content file key, so that renaming a slug no longer breaks loading."""

from django.db import migrations

# The entries of core/content/astra.toml at this migration (frozen: later edits of the
# file must not change what this migration does).
KEYS = [
    "introduction",
    "organization:astra",
    "organization:sos-vlasotince",
    "organization:independent-womens-centre-dimitrovgrad",
    "organization:human-rights-committee-vranje",
    "organization:centre-for-girls-nis",
    "organization:paor",
    "organization:centre-for-girls-uzice",
    "organization:womens-forum-prijepolje",
    "organization:bcbp",
    "organization:cpes",
    "organization:group-484",
    "organization:transparency-serbia",
    "organization:cins",
    "network:at-network",
    "goal:at-network:1",
    "goal:at-network:2",
    "goal:at-network:3",
    "goal:at-network:4",
    "membership:at-network:astra",
    "membership:at-network:sos-vlasotince",
    "membership:at-network:independent-womens-centre-dimitrovgrad",
    "membership:at-network:human-rights-committee-vranje",
    "membership:at-network:centre-for-girls-nis",
    "membership:at-network:paor",
    "membership:at-network:centre-for-girls-uzice",
    "membership:at-network:womens-forum-prijepolje",
    "network:preugovor",
    "membership:preugovor:bcbp",
    "membership:preugovor:cpes",
    "membership:preugovor:group-484",
    "membership:preugovor:astra",
    "membership:preugovor:transparency-serbia",
    "membership:preugovor:cins",
    "network:women-against-violence-network",
    "membership:women-against-violence-network:astra",
    "network:ban",
    "membership:ban:astra",
    "network:la-strada-international",
    "membership:la-strada-international:astra",
    "network:gaatw",
    "membership:gaatw:astra",
    "network:missing-children-europe",
    "membership:missing-children-europe:astra",
    "network:gmcn",
    "membership:gmcn:astra",
    "network:ein",
    "membership:ein:astra",
    "network:ecosoc",
    "membership:ecosoc:astra",
]


def record_what_was_loaded(apps, schema_editor):
    Network = apps.get_model("networks", "Network")
    if not (Network.objects.exists() or apps.get_model("networks", "Introduction").objects.exists()):
        return  # a new database: the first load records its own entries
    for kind, model in (("network", Network), ("organization", apps.get_model("members", "MemberOrganization"))):
        for key in KEYS:
            prefix, _sep, slug = key.partition(":")
            if prefix == kind:
                model.objects.filter(slug_en=slug, content_key__isnull=True).update(content_key=slug)
    Goal = apps.get_model("networks", "Goal")
    for key in KEYS:
        prefix, _sep, rest = key.partition(":")
        if prefix == "goal":
            network, _sep, order = rest.rpartition(":")
            Goal.objects.filter(
                network__content_key=network, order=int(order), content_key__isnull=True
            ).update(content_key=rest)
    LoadedSeed = apps.get_model("core", "LoadedSeed")
    LoadedSeed.objects.bulk_create([LoadedSeed(key=key) for key in KEYS], ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("networks", "0005_publish_date_and_content_key"),
        ("members", "0005_publish_date_and_content_key"),
    ]

    operations = [migrations.RunPython(record_what_was_loaded, migrations.RunPython.noop)]
