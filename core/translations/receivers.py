"""A catalogue saved on the translation screen is published as `make messages` would:
the Cyrillic catalogue generated, both compiled, cached pages dropped."""

import logging
import time

from django.conf import settings
from django.dispatch import receiver
from rosetta.signals import post_save

from core.cache import bump_generation_when_possible
from core.translations.catalogues import publish, reload_if_changed

logger = logging.getLogger(__name__)


@receiver(post_save, dispatch_uid="translations-publish")
def publish_saved_catalogue(language_code, request=None, **kwargs):
    started = time.perf_counter()
    publish(settings.TRANSLATIONS_DIR)
    # This process now; the others before their next request (the middleware).
    reload_if_changed(force=True)
    # Cached pages carry the old strings, in every process that shares the cache.
    bump_generation_when_possible()
    logger.info(
        "catalogue %s saved by %s and published in %.0f ms",
        language_code,
        getattr(getattr(request, "user", None), "username", "?"),
        (time.perf_counter() - started) * 1000,
    )
