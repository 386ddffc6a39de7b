"""Serbian content in both scripts: generated on save, overrides kept."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from core.content import load_content
from members.models import MemberOrganization
from networks.models import Goal, Introduction, Network
from serbian.models import ProtectedTerm
from tests.factories import GoalFactory, NetworkFactory, OrganizationFactory, TownFactory

pytestmark = pytest.mark.django_db


def test_cyrillic_is_generated_from_latin_on_save():
    network = NetworkFactory(name_sr_latn="Mreža „Žene protiv nasilja“", summary_sr_latn="Ljubav")
    network.refresh_from_db()
    assert network.name_sr == "Мрежа „Жене против насиља“"
    assert network.summary_sr == "Љубав"
    assert "name_sr" in network.generated_translations
    assert "name_sr_latn" not in network.generated_translations


def test_latin_is_generated_from_cyrillic_when_an_editor_writes_cyrillic():
    town = TownFactory(name_en="Niš", name_sr_latn="", name_sr="Ниш", slug_sr_latn="")
    organization = OrganizationFactory(name_sr_latn="", name_sr="Центар за девојке", town=town)
    organization.refresh_from_db()
    town.refresh_from_db()
    assert organization.name_sr_latn == "Centar za devojke"
    assert town.name_sr_latn == "Niš"
    # The slug of both Serbian scripts is made from the (generated) Latin name.
    assert organization.slug_sr_latn == organization.slug_sr == "centar-za-devojke"
    assert town.slug_sr_latn == town.slug_sr == "nis"
    assert "name_sr_latn" in organization.generated_translations
    assert "name_sr_latn" in town.generated_translations
    assert town.search_text == "nis"


def test_generated_text_follows_its_source_when_that_changes():
    network = NetworkFactory(name_sr_latn="Prva mreža")
    network = Network.objects.get(pk=network.pk)
    network.name_sr_latn = "Druga mreža"
    network.save()
    network.refresh_from_db()
    assert network.name_sr == "Друга мрежа"


def test_an_editors_override_is_kept_when_the_source_changes_later():
    network = NetworkFactory(name_sr_latn="Injunkcija")
    assert network.name_sr == "Ињункција"  # not in the stem list: the editor corrects it
    network = Network.objects.get(pk=network.pk)
    network.name_sr = "Нова инјункција"
    network.save()
    network = Network.objects.get(pk=network.pk)
    assert "name_sr" not in network.generated_translations
    network.name_sr_latn = "Nova injunkcija!"
    network.save()
    network.refresh_from_db()
    assert network.name_sr == "Нова инјункција"
    assert network.name_sr_latn == "Nova injunkcija!"


def test_a_cleared_script_is_generated_again():
    goal = GoalFactory(text_sr_latn="Zaštita žrtava", text_sr="Моја заштита")
    goal = Goal.objects.get(pk=goal.pk)
    assert goal.generated_translations == []
    goal.text_sr = ""
    goal.save()
    goal.refresh_from_db()
    assert goal.text_sr == "Заштита жртава"
    assert goal.generated_translations == ["text_sr"]


def test_protected_terms_from_the_admin_stay_latin():
    ProtectedTerm.objects.create(term="Terre des hommes")
    network = NetworkFactory(summary_sr_latn="Sa organizacijom Terre des hommes i ASTRA-om.")
    assert network.summary_sr == "Са организацијом Terre des hommes и ASTRA-ом."


def test_slugs_are_the_same_in_both_scripts_and_never_cyrillic():
    network = NetworkFactory(name_sr_latn="Čvor", slug_sr_latn="", slug_en="")
    assert network.slug_sr_latn == network.slug_sr == "cvor"
    assert network.get_absolute_url()


def test_serbian_is_required_in_one_script_at_least():
    town = TownFactory()
    organization = OrganizationFactory.build(name_sr_latn="", name_sr="", town=town)
    with pytest.raises(ValidationError) as error:
        organization.full_clean()
    assert "name_sr_latn" in error.value.message_dict
    OrganizationFactory.build(name_sr_latn="", name_sr="Астра", town=town).full_clean()
    with pytest.raises(ValidationError) as error:
        TownFactory.build(name_sr_latn="", name_sr="").full_clean()
    assert "name_sr_latn" in error.value.message_dict
    TownFactory.build(name_en="Niš", name_sr_latn="", name_sr="Ниш").full_clean()


def test_content_loader_fills_cyrillic_by_transliteration_only():
    load_content()
    for network in Network.objects.all():
        for field in ("name", "summary", "description", "astra_relationship"):
            assert getattr(network, f"{field}_sr"), (network, field)
        assert network.slug_sr == network.slug_sr_latn
    at = Network.objects.get(slug_en="at-network")
    assert at.name_sr == "Антитрафикинг мрежа"
    ban = Network.objects.get(slug_en="ban")
    assert "Balkans ACT Now" in ban.name_sr
    niš = MemberOrganization.objects.get(slug_en="centre-for-girls-nis")
    assert niš.town.name_sr == "Ниш"
    assert "name_sr" in niš.town.generated_translations
    assert Introduction.objects.get().title_sr == "Умрежавање"


def test_generated_fields_name_the_field_and_script():
    network = NetworkFactory(name_sr_latn="Mreža", name_sr="")
    with translation.override("en"):
        labels = [str(label) for label in network.generated_fields()]
    assert labels[0] == "name (Serbian, Cyrillic)"
    assert "summary (Serbian, Cyrillic)" in labels
    assert all(label.endswith(" (Serbian, Cyrillic)") for label in labels)


def test_saving_an_object_loaded_with_deferred_texts_keeps_what_was_generated():
    network = NetworkFactory(name_sr_latn="Mreža")
    partial = Network.objects.only("id", "display_order").get(pk=network.pk)
    partial.display_order = 99
    partial.save()
    network.refresh_from_db()
    assert network.name_sr == "Мрежа"
    assert "name_sr" in network.generated_translations


def test_generated_script_is_sanitised_too_and_stays_generated():
    network = NetworkFactory(summary_sr_latn="Zaštita <script>alert(1)</script><b>žrtava</b>")
    network = Network.objects.get(pk=network.pk)
    assert network.summary_sr_latn == "Zaštita žrtava"
    assert network.summary_sr == "Заштита жртава"
    network.display_order = 5
    network.save()
    network.refresh_from_db()
    assert "summary_sr" in network.generated_translations
