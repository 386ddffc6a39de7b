import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url_name", ["networks:home", "members:organization-list"])
def test_switcher_on_pages_without_an_object_leads_to_that_page_in_every_language(client, url_name):
    addresses = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            addresses[code] = reverse(url_name)
    for address in addresses.values():
        html = client.get(address).content.decode()
        for other, other_address in addresses.items():
            tag = settings.LANGUAGE_TAGS[other]
            assert f'<a href="{other_address}" lang="{tag}" hreflang="{tag}"' in html, (
                f"{address} does not link to {other_address}"
            )
