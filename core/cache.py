"""The public page cache, shared by every copy of the site through the cache backend.

A page is cached under its language, its path (with query string) and the current content
*generation*: a number in the cache that every save or delete of content bumps. One bump
makes every cached page unreachable at once, in every process that shares the cache, so
no visitor sees a page older than the last edit. Pages are cheap to rebuild (a few
queries), so invalidating all of them for any edit is simpler than tracking what each
page shows, and it is always right.

Content can also change with no edit at all: a network or an organization with a publish
date in the future appears at that moment. So no page is stored for longer than until the
next such moment (``next_publish_moment``); the moment is kept in the cache per
generation, so finding it costs one query per edit (and per publish date passed), not
one per page.
"""

import logging
import math
import threading

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone, translation

from core.models import PublishableModel

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


def _first_scheduled_after(moment):
    """The earliest publish date after ``moment`` of any published object (every model
    with publish dates, in one query), or None."""
    scheduled = [
        model._default_manager.filter(is_published=True, publish_at__gt=moment)
        .order_by()
        .values_list("publish_at", flat=True)
        for model in apps.get_models()
        if issubclass(model, PublishableModel) and not model._meta.proxy
    ]
    if not scheduled:
        return None
    first, *others = scheduled
    dates = first.union(*others) if others else first
    return next(iter(dates.order_by("publish_at")[:1]), None)


def next_publish_moment(generation, since):
    """The first publish date after ``since`` (an aware datetime): what a page rendered
    from ``since`` on may miss. Kept in the cache under the generation with the time it
    was looked up for, and trusted for a later ``since`` until that date has passed."""
    key = f"page-cache:next-publish:{generation}"
    known = cache.get(key)
    if known is not None:
        looked_up, moment = known
        if looked_up <= since and (moment is None or moment > since):
            return moment
    moment = _first_scheduled_after(since)
    cache.set(key, (since, moment), settings.PAGE_CACHE_SECONDS)
    return moment


def page_timeout(generation, since):
    """Seconds a page rendered from ``since`` on may be kept: PAGE_CACHE_SECONDS, but never
    past the next publish date (0: not at all)."""
    timeout = settings.PAGE_CACHE_SECONDS
    moment = next_publish_moment(generation, since)
    if moment is not None:
        # Down to whole seconds, as the cache backends keep them, so never past the moment.
        until = math.floor((moment - timezone.now()).total_seconds())
        timeout = min(timeout, max(until, 0))
    return timeout


# Set when a change could not bump the generation (the cache did not answer): the pages
# cached before the change must not be served once the cache answers again, so this
# process bumps it before serving anything from the cache again.
_invalidation_pending = threading.Event()


def bump_generation_when_possible():
    """Bump the generation; if the cache does not answer, remember to do it later. A
    cache outage must never make an editor's save fail."""
    try:
        bump_generation()
    except Exception:
        if not _invalidation_pending.is_set():
            logger.warning("could not invalidate the page cache: will retry", exc_info=True)
        _invalidation_pending.set()
    else:
        _invalidation_pending.clear()


def invalidate_pages(**kwargs):
    """Signal receiver for every change of content.

    Bumped now, so that this process's next request is fresh, and again after the
    transaction commits, so that a page rendered by another process from the data before
    the commit, but stored under the first bump, is dropped too.
    """
    bump_generation_when_possible()
    transaction.on_commit(bump_generation_when_possible)


class PublicPageCacheMiddleware:
    """Serves anonymous GET requests for public HTML pages from the cache.

    Only complete, shareable answers are stored: status 200, HTML, no cookie set, nothing
    marked private or no-store (the admin is never cached: it is for signed-in users and
    says ``no-cache``; nor is an editor's preview). Health checks and static files are
    answered before this runs. A page is kept until the next publish date at most.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _invalidation_pending.is_set():
            bump_generation_when_possible()
        if not self.is_cacheable_request(request) or _invalidation_pending.is_set():
            return self.get_response(request)
        try:
            current = generation()
            key = self.key(request, current)
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
        # Before rendering: what is published is decided during it.
        started = timezone.now()
        response = self.get_response(request)
        if request.method == "GET" and self.is_cacheable_response(response):
            headers = {name: response[name] for name in KEPT_HEADERS if name in response}
            try:
                timeout = page_timeout(current, started)
                if timeout > 0:
                    cache.set(key, (response.content, headers), timeout)
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
    def key(request, generation):
        return f"page:{generation}:{translation.get_language()}:{request.get_full_path()}"
