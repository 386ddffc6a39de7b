from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation
from django.utils.functional import empty

from tests.factories import (
    GoalFactory,
    IntroductionFactory,
    MembershipFactory,
    NetworkFactory,
    OrganizationFactory,
    TownFactory,
)


@pytest.fixture(autouse=True)
def _reset_language():
    # Views activate languages per request; tests must not leak one into the next.
    yield
    translation.activate("en")
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hasher(request, settings):
    # Every admin test creates and signs in a user: the production hasher costs a
    # deliberately slow PBKDF2 run each time. A test whose user signs in to a separate
    # server process (with the production settings) keeps it.
    if request.node.get_closest_marker("production_password_hasher") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory):
    # Logos and their renditions go to a folder of the test's own, never to media/.
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@receiver(setting_changed)
def _renditions_follow_the_storage_setting(setting, **kwargs):
    # Django forgets its storages when a test changes STORAGES; sorl-thumbnail keeps the
    # one it first used (production never changes it), so it is told to forget it too.
    if setting in {"STORAGES", "THUMBNAIL_STORAGE"}:
        from sorl.thumbnail import default, images

        default.storage._wrapped = empty
        images.get_or_create_storage.cache_clear()


@pytest.fixture(autouse=True)
def _empty_cache():
    # Cached pages and login-failure counts must not leak from one test into the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def astra(db):
    return OrganizationFactory(
        name_en="ASTRA", name_sr_latn="ASTRA", slug_en="astra", slug_sr_latn="astra", is_astra=True
    )


@pytest.fixture
def network(db, astra):
    """A published network with two goals, ASTRA as its founder and one more member."""
    network = NetworkFactory(
        name_en="Anti-Trafficking Network",
        name_sr_latn="Antitrafiking mreža",
        slug_en="at-network",
        slug_sr_latn="at-mreza",
        member_count=8,
        member_count_note_en="8 member organizations",
        member_count_note_sr_latn="8 organizacija članica",
        member_count_source_en="ASTRA’s Networking page",
        member_count_source_sr_latn="stranica „Umrežavanje“ ASTRA-e",
        member_count_as_of="2026-11-28",
        website="https://atmreza.org",
    )
    GoalFactory(network=network, text_en="Inform people at risk", text_sr_latn="Informisati")
    GoalFactory(network=network, text_en="Raise visibility", text_sr_latn="Vidljivost")
    MembershipFactory(network=network, organization=astra, role="founder_coordinator", since=2002)
    MembershipFactory(
        network=network,
        organization=OrganizationFactory(
            name_en="Centre for Girls",
            name_sr_latn="Centar za devojke",
            slug_en="centre-for-girls-nis",
            slug_sr_latn="centar-za-devojke-nis",
            town=TownFactory(
                name_en="Niš",
                name_sr_latn="Niš",
                latitude=Decimal("43.32"),
                longitude=Decimal("21.90"),
            ),
        ),
    )
    return network


@pytest.fixture
def introduction(db):
    return IntroductionFactory()


@pytest.fixture
def admin_client(admin_client):
    """The admin in English unless a test switches it (the site's default is Serbian)."""
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return admin_client
