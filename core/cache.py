"""The public page cache, shared by every copy of the site through the cache backend.

A page is cached under its language, its path (with query string) and the current content
*generation*: a number in the cache that every save or delete of content bumps. One bump
makes every cached page unreachable at once, in every process that shares the cache, so
no visitor sees a page older than the last edit. Pages are cheap to rebuild (a few
queries), so invalidating all of them for any edit is simpler than tracking what each
page shows, and it is always right.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import translation

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
# The headers a cached page is rebuilt with; the rest (CSP, request id, security headers)
# are added afresh by the middleware above this one on every response.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "Cache-Control")


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        # add() rather than set(): another process may have created it meanwhile.
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def bump_generation():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there yet (or evicted): any new value invalidates old keys
        cache.add(GENERATION_KEY, 2, timeout=None)


def invalidate_pages(**kwargs):
    """Signal receiver for every change of content.

    Bumped now, so that this process's next request is fresh, and again after the
    transaction commits, so that a page rendered by another process from the data before
    the commit, but stored under the first bump, is dropped too.
    """
    try:
        bump_generation()
        transaction.on_commit(bump_generation)
    except Exception:  # a cache outage must not make an editor's save fail
        logger.exception("could not invalidate the page cache")


class PublicPageCacheMiddleware:
    """Serves anonymous GET requests for public HTML pages from the cache.

    Only complete, shareable answers are stored: status 200, HTML, no cookie set, nothing
    marked private or no-store (the admin is never cached: it is for signed-in users and
    says ``no-cache``). Health checks and static files are answered before this runs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.is_cacheable_request(request):
            return self.get_response(request)
        try:
            key = self.key(request)
            cached = cache.get(key)
        except Exception:
            logger.warning("page cache unavailable", exc_info=True)
            return self.get_response(request)
        if cached is not None:
            content, headers = cached
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if request.method == "GET" and self.is_cacheable_response(response):
            headers = {name: response[name] for name in KEPT_HEADERS if name in response}
            try:
                cache.set(key, (response.content, headers), settings.PAGE_CACHE_SECONDS)
            except Exception:
                logger.warning("page cache unavailable", exc_info=True)
            response["X-Cache"] = "miss"
        return response

    @staticmethod
    def is_cacheable_request(request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and not request.path.startswith("/" + settings.ADMIN_URL)
            and not request.user.is_authenticated
        )

    @staticmethod
    def is_cacheable_response(response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and not response.cookies
            and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
        )

    @staticmethod
    def key(request):
        return f"page:{generation()}:{translation.get_language()}:{request.get_full_path()}"
