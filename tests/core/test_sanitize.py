"""Editors' text is stripped of markup on save, in every language, for every model."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from core.sanitize import sanitise_text
from networks.models import Network
from tests.factories import GoalFactory, IntroductionFactory, NetworkFactory, OrganizationFactory
from tests.helpers import network_form_data

pytestmark = pytest.mark.django_db

ATTACK = '<p onclick="steal()">Read <b>this</b></p><script>alert("x")</script>'


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        (ATTACK, "Read this"),
        ('<img src="x" onerror="alert(1)">Logo', "Logo"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;Text", "Text"),
        ("Women & children < 18", "Women & children < 18"),
        ("First „paragraph“.\n\nSecond – with đ.", "First „paragraph“.\n\nSecond – with đ."),
    ],
)
def test_sanitise_text_removes_markup_and_keeps_plain_text(text, clean):
    assert sanitise_text(text) == clean


def test_network_texts_are_clean_in_both_languages_after_save():
    network = NetworkFactory(
        description_en=ATTACK, description_sr_latn=ATTACK, summary_sr_latn=ATTACK, name_en=ATTACK
    )
    network.refresh_from_db()
    for value in (
        network.description_en,
        network.description_sr_latn,
        network.summary_sr_latn,
        network.name_en,
    ):
        assert value == "Read this"


@pytest.mark.parametrize(
    ("factory", "field"),
    [
        (GoalFactory, "text"),
        (IntroductionFactory, "text"),
        (OrganizationFactory, "description"),
    ],
)
def test_every_model_with_editor_text_is_cleaned(factory, field):
    obj = factory(**{f"{field}_en": ATTACK, f"{field}_sr_latn": ATTACK})
    obj.refresh_from_db()
    assert getattr(obj, f"{field}_en") == "Read this"
    assert getattr(obj, f"{field}_sr_latn") == "Read this"


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("description_sr_latn", ATTACK + "\n\nDrugi pasus."),
        ("description_en", "Contact: <info@astra.rs>"),
        ("name_en", "<b></b>"),  # a required name made only of markup
    ],
)
def test_the_admin_refuses_markup_instead_of_cutting_it(admin_client, client, network, field, text):
    before = Network.objects.get(pk=network.pk)
    url = reverse("admin:networks_network_change", args=[network.pk])
    response = admin_client.post(url, network_form_data(network, **{field: text}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Text in angle brackets is read as markup and would be lost" in html
    # The editor's input is still in the form, to correct; nothing was saved.
    assert escape(text) in html
    after = Network.objects.get(pk=network.pk)
    assert getattr(after, field) == getattr(before, field)
    assert "steal()" not in client.get("/sr-latn/mreze/at-mreza/").content.decode()


def test_text_that_only_looks_like_markup_is_kept_as_typed(admin_client, network):
    url = reverse("admin:networks_network_change", args=[network.pk])
    data = network_form_data(network, description_en="Women & children < 18\r\n\r\nMore.")
    assert admin_client.post(url, data).status_code == 302
    assert Network.objects.get(pk=network.pk).description_en == "Women & children < 18\n\nMore."


def test_the_other_script_is_made_from_the_cleaned_text():
    # Cleaned first: transliterated, a broken tag's letters are no tag any more ("<имг"),
    # and junk would have reached the Cyrillic page.
    network = NetworkFactory(name_sr_latn="Mreža <img src=x", name_sr="")
    assert network.name_sr_latn == "Mreža "
    assert network.name_sr == "Мрежа "
    assert "name_sr" in network.generated_translations
