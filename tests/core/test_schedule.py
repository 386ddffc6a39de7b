"""Scheduled publishing: a network or an organization with a publish date in the future is
on no public page, list, search or sitemap until then, and appears on time without anyone
acting, cached pages included."""

import datetime
import time

import pytest
from django.core.cache.backends import base as cache_base
from django.core.cache.backends import locmem
from django.urls import reverse
from django.utils import timezone

from core.cache import generation, page_timeout
from tests.factories import GoalFactory, MembershipFactory, NetworkFactory, OrganizationFactory
from tests.helpers import network_form_data

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def scheduled(network, astra):
    """A network and an organization, both published from an hour from now; the
    organization is a member of the (published) AT network."""
    soon = timezone.now() + HOUR
    new_network = NetworkFactory(
        name_en="Soon Network", slug_en="soon-network", name_sr_latn="Uskoro", publish_at=soon
    )
    GoalFactory(network=new_network)
    MembershipFactory(network=new_network, organization=astra, role="member")
    organization = OrganizationFactory(
        name_en="Soon Organization", slug_en="soon-organization", publish_at=soon
    )
    MembershipFactory(network=network, organization=organization)
    return new_network, organization


class Clock:
    """The time for published() and the page cache (and the local-memory cache's expiry),
    moved by the test: no waiting, no dependence on the machine's speed."""

    def __init__(self, monkeypatch):
        self.now = time.time()
        monkeypatch.setattr(
            timezone, "now", lambda: datetime.datetime.fromtimestamp(self.now, datetime.UTC)
        )
        for module in (cache_base, locmem):
            monkeypatch.setattr(module.time, "time", lambda: self.now)

    def advance(self, delta):
        self.now += delta.total_seconds()


def public_pages(client):
    """What a visitor can find: every list, the search, the pages and the sitemap."""
    return {
        "home": client.get("/en/").content.decode(),
        "network": client.get("/en/networks/at-network/").content.decode(),
        "astra": client.get("/en/organizations/astra/").content.decode(),
        "directory": client.get("/en/organizations/").content.decode(),
        "search": client.get("/en/organizations/?q=soon").content.decode(),
        "sitemap": client.get("/sitemap.xml").content.decode(),
    }


def test_a_scheduled_network_and_organization_wait_for_their_moment(client, scheduled, monkeypatch):
    clock = Clock(monkeypatch)
    pages = public_pages(client)
    assert not any("Soon" in page or "soon-" in page for page in pages.values()), pages
    assert client.get("/en/networks/soon-network/").status_code == 404
    assert client.get("/en/organizations/soon-organization/").status_code == 404
    assert client.get("/sr-latn/mreze/soon-network/").status_code == 404  # no slug redirect

    clock.advance(HOUR)
    pages = public_pages(client)
    assert "Soon Network" in pages["home"]
    assert "Soon Organization" in pages["network"]  # in the AT network's members
    assert "Soon Network" in pages["astra"]  # in ASTRA's networks
    assert "Soon Organization" in pages["directory"]
    assert "Soon Organization" in pages["search"]
    assert "/en/networks/soon-network/" in pages["sitemap"]
    assert "/en/organizations/soon-organization/" in pages["sitemap"]
    assert client.get("/en/networks/soon-network/").status_code == 200
    assert client.get("/en/organizations/soon-organization/").status_code == 200


def test_a_cached_page_gives_way_on_time(client, scheduled, monkeypatch, settings):
    settings.PAGE_CACHE_SECONDS = 600 * 24  # a day: far past the publish date
    clock = Clock(monkeypatch)
    first = client.get("/en/")
    assert first["X-Cache"] == "miss"
    assert "Soon Network" not in first.content.decode()

    clock.advance(HOUR - datetime.timedelta(seconds=2))
    response = client.get("/en/")
    assert response["X-Cache"] == "hit"
    assert "Soon Network" not in response.content.decode()

    clock.advance(datetime.timedelta(seconds=2))
    response = client.get("/en/")
    assert response["X-Cache"] == "miss"
    assert "Soon Network" in response.content.decode()
    # And then cached as usual: nothing else is scheduled.
    assert client.get("/en/")["X-Cache"] == "hit"


def test_a_scheduled_page_appears_in_real_time(client, network, settings):
    """The same with the real clock and cache: a publish date three seconds ahead."""
    settings.PAGE_CACHE_SECONDS = 600
    moment = timezone.now() + datetime.timedelta(seconds=3)
    NetworkFactory(name_en="Soon Network", publish_at=moment)
    response = client.get("/en/")
    assert response["X-Cache"] == "miss"
    assert "Soon Network" not in response.content.decode()
    time.sleep(max((moment - timezone.now()).total_seconds(), 0) + 0.05)
    response = client.get("/en/")
    assert "Soon Network" in response.content.decode()


def test_pages_are_kept_until_the_next_publish_date_at_most(db, network, settings):
    settings.PAGE_CACHE_SECONDS = 600
    now = timezone.now()
    assert page_timeout(generation(), now) == 600
    # Unpublished or already published: no page can change on its own.
    NetworkFactory(is_published=False, publish_at=now + datetime.timedelta(seconds=60))
    OrganizationFactory(publish_at=now - HOUR)
    assert page_timeout(generation(), now) == 600
    OrganizationFactory(publish_at=now + datetime.timedelta(seconds=300))
    NetworkFactory(publish_at=now + datetime.timedelta(seconds=120))
    assert 115 <= page_timeout(generation(), timezone.now()) <= 120
    # A publish date passed while the page was being made: the page is not kept at all.
    OrganizationFactory(publish_at=now - datetime.timedelta(seconds=1))
    assert page_timeout(generation(), now - datetime.timedelta(seconds=5)) == 0


def test_finding_the_next_publish_date_costs_one_query_per_edit(
    client, network, introduction, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 600
    NetworkFactory(name_en="Soon Network", publish_at=timezone.now() + HOUR)
    with django_assert_num_queries(4):  # the page's three, the next publish date
        assert client.get("/en/")["X-Cache"] == "miss"
    with django_assert_num_queries(3):  # known now: the page's own queries only
        assert client.get("/sr-latn/")["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        assert client.get("/en/")["X-Cache"] == "hit"
    network.save()  # an edit: everything is looked up again
    with django_assert_num_queries(4):
        assert client.get("/en/")["X-Cache"] == "miss"


def test_the_admin_sets_and_shows_the_publish_date(admin_client, network):
    url = reverse("admin:networks_network_change", args=[network.pk])
    form = admin_client.get(url).content.decode()
    assert '<input type="datetime-local" name="publish_at"' in form
    data = network_form_data(network, publish_at="2031-03-01T09:30")
    assert admin_client.post(url, data).status_code == 302
    network.refresh_from_db()
    assert timezone.localtime(network.publish_at).isoformat() == "2031-03-01T09:30:00+01:00"
    changelist = admin_client.get(reverse("admin:networks_network_changelist")).content.decode()
    assert "scheduled for" in changelist
    organizations = reverse("admin:members_memberorganization_changelist")
    assert "scheduled for" not in admin_client.get(organizations).content.decode()
    form = admin_client.get(url).content.decode()
    assert 'value="2031-03-01T09:30"' in form
