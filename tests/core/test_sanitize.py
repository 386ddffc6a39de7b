"""Editors' text is stripped of markup on save, in every language, for every model."""

import pytest
from django.urls import reverse

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


def test_admin_save_cleans_the_serbian_tab_and_the_page_shows_no_markup(
    admin_client, client, network
):
    url = reverse("admin:networks_network_change", args=[network.pk])
    data = network_form_data(network, description_sr_latn=ATTACK + "\n\nDrugi pasus.")
    assert admin_client.post(url, data).status_code == 302
    network = Network.objects.get(pk=network.pk)
    assert network.description_sr_latn == "Read this\n\nDrugi pasus."
    html = client.get("/sr-latn/mreze/at-mreza/").content.decode()
    assert "<p>Read this</p>" in html
    assert "steal()" not in html
    assert "alert" not in html


def test_the_other_script_is_made_from_the_cleaned_text():
    # Cleaned first: transliterated, a broken tag's letters are no tag any more ("<имг"),
    # and junk would have reached the Cyrillic page.
    network = NetworkFactory(name_sr_latn="Mreža <img src=x", name_sr="")
    assert network.name_sr_latn == "Mreža "
    assert network.name_sr == "Мрежа "
    assert "name_sr" in network.generated_translations
