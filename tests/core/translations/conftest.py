import shutil

import pytest
from django.contrib.auth.models import Group, User

from core.translations.access import TRANSLATORS_GROUP
from core.translations.catalogues import publish

PASSWORD = "correct horse battery staple"


@pytest.fixture
def translations_dir(tmp_path, settings):
    """A copy of the repository's catalogues where the translation screen saves, as the
    shared volume is in production: tests never change the repository's locale/."""
    directory = tmp_path / "translations"
    shutil.copytree(
        settings.REPOSITORY_LOCALE_DIR, directory, ignore=shutil.ignore_patterns("*.mo")
    )
    publish(directory)
    settings.TRANSLATIONS_DIR = directory
    settings.LOCALE_PATHS = [directory, settings.REPOSITORY_LOCALE_DIR]
    return directory


@pytest.fixture
def translator(db):
    user = User.objects.create_user("prevodilac", "prevodilac@example.org", PASSWORD)
    user.is_staff = True
    user.save()
    # get_or_create: a transactional test before this one may have emptied the tables,
    # the migration's group included.
    user.groups.add(Group.objects.get_or_create(name=TRANSLATORS_GROUP)[0])
    return user


@pytest.fixture
def translator_client(client, translator):
    client.force_login(translator)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
