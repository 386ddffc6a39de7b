"""Databases that existed before Serbian Cyrillic get their Cyrillic texts by migration."""

import pytest

from tests.helpers import migrate, migrate_to_latest

BEFORE = [("members", "0001_initial"), ("networks", "0001_initial")]
AFTER = [("members", "0003_fill_cyrillic_and_collation"), ("networks", "0002_serbian_cyrillic")]


@pytest.mark.django_db(transaction=True)
def test_existing_rows_get_cyrillic_texts_slugs_and_search_keys():
    old = migrate(BEFORE)
    network = old.get_model("networks", "Network").objects.create(
        slug="at-network", slug_en="at-network", slug_sr_latn="at-mreza",
        name="Anti-trafiking mreža", name_en="Anti-Trafficking Network",
        name_sr_latn="Anti-trafiking mreža", short_name="AT", short_name_en="AT",
        short_name_sr_latn="AT", kind="national_network", summary="s", summary_en="s",
        summary_sr_latn="Mreža koju je osnovala ASTRA.", description="d", description_en="d",
        description_sr_latn="Opis", astra_relationship="r", astra_relationship_en="r",
        astra_relationship_sr_latn="Osnivačica",
    )  # fmt: skip
    organization = old.get_model("members", "MemberOrganization").objects.create(
        slug="centre", slug_en="centre", slug_sr_latn="centar", name="Centar za devojke",
        name_en="Centre for Girls", name_sr_latn="Centar za devojke", city="Niš",
        city_en="Niš", city_sr_latn="Niš",
    )  # fmt: skip

    new = migrate(AFTER)
    network = new.get_model("networks", "Network").objects.get(pk=network.pk)
    assert network.name_sr == "Анти-трафикинг мрежа"
    assert network.summary_sr == "Мрежа коју је основала ASTRA."
    assert network.slug_sr == "at-mreza"
    assert "summary_sr" in network.generated_translations
    organization = new.get_model("members", "MemberOrganization").objects.get(pk=organization.pk)
    assert organization.city_sr == "Ниш"
    assert "nis" in organization.search_text.split()
    assert "centre for girls" in organization.search_text
    migrate_to_latest()
