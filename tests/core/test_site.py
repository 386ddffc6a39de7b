import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from serbian.slugs import serbian_slugify

ROOT = Path(__file__).resolve().parents[2]


def test_no_model_change_lacks_a_migration(db):
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Đorđe Đurić", "djordje-djuric"),
        ("Centar za devojke – Užice", "centar-za-devojke-uzice"),
        ("Мрежа „Жене против насиља“", "mreza-zene-protiv-nasilja"),
    ],
)
def test_serbian_slugs_keep_every_letter(text, slug):
    assert serbian_slugify(text) == slug


@pytest.mark.parametrize(
    ("env", "message"),
    [({}, "DJANGO_SECRET_KEY"), ({"DJANGO_SECRET_KEY": "x" * 50}, "DJANGO_ALLOWED_HOSTS")],
)
def test_production_refuses_to_start_without_its_secrets(env, message):
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={"DJANGO_SETTINGS_MODULE": "astra_site.settings", "PATH": "/usr/bin", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert message in result.stderr


def test_sitemap_lists_every_page_in_every_language(client, network):
    response = client.get("/sitemap.xml")
    xml = response.content.decode()
    assert response.status_code == 200
    for path in (
        "/en/",
        "/sr-latn/",
        "/en/networks/at-network/",
        "/sr-latn/mreze/at-mreza/",
        "/en/organizations/astra/",
        "/sr-latn/organizacije/",
        "/sr/",
        "/sr/mreze/at-mreza/",
        "/sr/organizacije/astra/",
    ):
        assert f"<loc>http://testserver{path}</loc>" in xml
    for tag, path in (
        ("sr-Latn", "/sr-latn/mreze/at-mreza/"),
        ("sr-Cyrl", "/sr/mreze/at-mreza/"),
        ("en", "/en/networks/at-network/"),
        # x-default is the default language's own address: every public page has a prefix.
        ("x-default", "/sr-latn/mreze/at-mreza/"),
    ):
        assert (
            f'<xhtml:link rel="alternate" hreflang="{tag}" href="http://testserver{path}"/>' in xml
        )
    assert 'hreflang="sr-latn"' not in xml
    assert "http://testserver/mreze/" not in xml


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
