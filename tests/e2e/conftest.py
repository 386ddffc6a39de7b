"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

One browser serves the whole session (starting Chromium is the slow part); each test gets
fresh contexts, so cookies, languages and viewports never leak between tests.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect, sync_playwright

from core.content import load_content
from core.i18n import language_tag
from members.models import MemberOrganization
from networks.models import Network

CHROMIUM = Path("/usr/bin/chromium")

# The member organization the tests follow from the AT Network's page.
NETWORK_SLUG = "at-network"
ORGANIZATION_SLUG = "centre-for-girls-nis"


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            # CI must prove the site in a browser: a missing browser is a broken CI.
            pytest.fail(f"{message}: the browser tests cannot run in CI.", pytrace=False)
        pytest.skip(f"{message}: browser tests skipped.")
    # Playwright's sync API keeps an event loop running in this thread for the rest of the
    # session, and Django refuses database access from a thread with a running loop.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        # Root in a container has no user namespaces for Chromium's sandbox.
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        yield chromium
        chromium.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def content(transactional_db):
    """The real content file, as a visitor sees it after `make run`."""
    load_content()


@pytest.fixture
def site(live_server, content):
    return live_server.url


@dataclass
class Browsing:
    """Opens pages in fresh browser contexts and records every request they make."""

    browser: object
    base_url: str
    requests: list = field(default_factory=list)
    contexts: list = field(default_factory=list)

    def page(self, *, language="en", **options):
        options.setdefault("locale", language_tag(language))
        context = self.browser.new_context(base_url=self.base_url, **options)
        self.contexts.append(context)
        page = context.new_page()
        page.on("request", lambda request: self.requests.append(request.url))
        return page

    def foreign_requests(self):
        origin = urlsplit(self.base_url)[:2]
        return [url for url in self.requests if urlsplit(url)[:2] != origin]

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def browsing(browser, site):
    browsing = Browsing(browser, site)
    yield browsing
    browsing.close()
    # Every page of every browser test is also a check that nothing else is contacted.
    assert browsing.foreign_requests() == []


def languages():
    return [code for code, _name in settings.LANGUAGES]


def tag(code):
    return language_tag(code)


def public_pages(code):
    """The address of each public page type in one language, from the loaded content."""
    network = Network.objects.get(slug_en=NETWORK_SLUG)
    organization = MemberOrganization.objects.select_related("town").get(slug_en=ORGANIZATION_SLUG)
    with translation.override(code):
        home = reverse("networks:home")
        directory = reverse("members:organization-list")
        return {
            "home": home,
            "network": network.get_absolute_url(),
            "organizations": directory,
            # The directory with filters and its map of the towns.
            "filtered": f"{directory}?network={network.slug}&role=member",
            "organization": organization.get_absolute_url(),
            "not-found": f"{home}no-such-page/",
        }


PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor(content):
    return User.objects.create_superuser("editor", "editor@example.org", PASSWORD)


def log_in(browsing, editor, *, language="en"):
    """Through the real login form, as a person does (and as login protection sees it)."""
    page = browsing.page(language=language)
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", PASSWORD)
    page.locator("#login-form [type=submit]").click()
    expect(page).to_have_url(browsing.base_url + "/admin/")
    return page


def change_form(network):
    return f"/admin/networks/network/{network.pk}/change/"
