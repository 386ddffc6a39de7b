"""Logos are stored through Django's storage API, so a shared store replaces the folder."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings
from PIL import Image

pytestmark = pytest.mark.django_db


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


@override_settings(
    STORAGES={
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
    MEDIA_URL="https://media.example.org/",
)
def test_network_logo_goes_through_the_configured_storage(client, network):
    network.logo.save("at-network.png", ContentFile(png()), save=True)
    assert default_storage.exists(network.logo.name)
    assert network.logo.name.startswith("logos/")
    html = client.get("/en/networks/at-network/").content.decode()
    assert f'src="https://media.example.org/{network.logo.name}"' in html
