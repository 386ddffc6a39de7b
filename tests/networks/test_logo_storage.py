"""Logos are stored through Django's storage API, so a shared store replaces the folder."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings

from core.logos import rendition_names
from tests.helpers import image_bytes

pytestmark = pytest.mark.django_db


@override_settings(
    STORAGES={
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
    MEDIA_URL="https://media.example.org/",
)
def test_network_logo_and_its_renditions_go_through_the_configured_storage(client, network):
    network.logo.save("at-network.png", ContentFile(image_bytes("PNG", (400, 200))), save=True)
    assert default_storage.exists(network.logo.name)
    assert network.logo.name.startswith("logos/")
    renditions = rendition_names(network.logo_renditions)
    assert renditions
    assert all(default_storage.exists(name) for name in renditions)
    assert all(name.startswith("logos/renditions/") for name in renditions)
    html = client.get("/en/networks/at-network/").content.decode()
    shown = re.findall(r"https://media\.example\.org/(logos/renditions/[\w/]+\.\w+)", html)
    assert shown
    assert set(shown) <= renditions
