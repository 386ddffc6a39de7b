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

The open data files (``/data/``, members/opendata.py) are cached the same way. Every
public answer, cached or not, carries an ``ETag`` (a hash of its body) and, when the cache
knows since when the content has been as it is, a ``Last-Modified``; a client that sends
them back (``If-None-Match``, ``If-Modified-Since``) and is up to date gets a 304 with no
body. The ETag needs nothing but the body, so it works with the cache turned off too.
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
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.http import http_date

from core.models import PublishableModel

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
# The headers a cached page is rebuilt with; the rest (CSP, request id, security headers)
# are added afresh by the middleware above this one on every response.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Content-Disposition",
    "Vary",
    "Cache-Control",
    "Access-Control-Allow-Origin",
    "ETag",
)
# What is cached: the pages, and the open data files.
CACHEABLE_TYPES = ("text/html", "application/json", "text/csv")


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


def content_state(generation, since):
    """``(moment, began)`` for content read from ``since`` (an aware datetime) on.

    ``moment`` is the first publish date after ``since``: what such content may miss.
    ``began`` is a time from which the content has been as it was at ``since``: no
    earlier than its last change (an edit starts a new generation; a publish date that
    passes is a change without one), which makes it a safe Last-Modified.

    Kept in the cache under the generation, with the time it was looked up for, and
    trusted for a later ``since`` until ``moment`` has passed; then looked up again, and
    the content began anew.
    """
    key = f"page-cache:state:{generation}"
    known = cache.get(key)
    if known is not None:
        looked_up, moment, began = known
        if looked_up <= since and (moment is None or moment > since):
            return moment, began
    moment = _first_scheduled_after(since)
    # Whatever was scheduled up to ``since`` had happened by then: the content as of
    # ``since`` began at ``since`` at the latest.
    if known is None or known[0] <= since:  # never replaced by an older request's view
        cache.set(key, (since, moment, since), settings.PAGE_CACHE_SECONDS)
    return moment, since


def next_publish_moment(generation, since):
    """The first publish date after ``since``: what a page rendered from then on may miss."""
    return content_state(generation, since)[0]


def timeout_until(moment):
    """Seconds a page may be kept: PAGE_CACHE_SECONDS, but never past ``moment`` (the next
    publish date, or None; 0: not at all)."""
    timeout = settings.PAGE_CACHE_SECONDS
    if moment is not None:
        # Down to whole seconds, as the cache backends keep them, so never past the moment.
        until = math.floor((moment - timezone.now()).total_seconds())
        timeout = min(timeout, max(until, 0))
    return timeout


def page_timeout(generation, since):
    """Seconds a page rendered from ``since`` on may be kept (see ``timeout_until``)."""
    return timeout_until(next_publish_moment(generation, since))


def last_modified(began, moment, asked):
    """The Last-Modified (a timestamp) of content that has been as it is since ``began``,
    until ``moment``, for a request that came at ``asked`` (taken before the generation
    was read); None when it cannot be given safely.

    HTTP dates are whole seconds, and two versions of the content may begin within the
    same one. So ``began`` is rounded up, and given only if that second had passed when
    the request came, and the content was still current: any later version begins after
    ``asked`` and so gets a later date. A client's copy is then never called current by
    its date when it is not; the ETag still answers in the meantime.
    """
    if began is None:
        return None
    stamp = math.ceil(began.timestamp())
    if asked.timestamp() < stamp or (moment is not None and moment <= asked):
        return None
    return stamp


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
    """Serves anonymous GET requests for public pages and open data files from the
    cache, and answers conditional requests for them.

    Only complete, shareable answers are stored: status 200, HTML, JSON or CSV, no cookie
    set, nothing marked private or no-store (the admin is never cached: it is for
    signed-in users and says ``no-cache``; nor is an editor's preview). Health checks and
    static files are answered before this runs. A page is kept until the next publish
    date at most.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _invalidation_pending.is_set():
            bump_generation_when_possible()
        if not self.is_public_request(request):
            return self.get_response(request)
        if not self.is_cacheable_request(request) or _invalidation_pending.is_set():
            return self.conditional(request, self.get_response(request))
        # Before the generation is read (see last_modified) and before rendering (what
        # is published is decided during it).
        asked = timezone.now()
        try:
            current = generation()
            key = self.key(request, current)
            cached = cache.get(key)
        except Exception:
            logger.warning("page cache unavailable", exc_info=True)
            return self.conditional(request, self.get_response(request))
        if cached is not None:
            content, headers, began, moment = cached
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            response["X-Cache"] = "hit"
            return self.conditional(request, response, last_modified(began, moment, asked))
        response = self.get_response(request)
        if request.method != "GET" or not self.is_cacheable_response(response):
            return self.conditional(request, response)
        set_response_etag(response)
        headers = {name: response[name] for name in KEPT_HEADERS if name in response}
        began = moment = None
        try:
            moment, began = content_state(current, asked)
            timeout = timeout_until(moment)
            if timeout > 0:
                cache.set(key, (response.content, headers, began, moment), timeout)
        except Exception:
            logger.warning("page cache unavailable", exc_info=True)
        response["X-Cache"] = "miss"
        return self.conditional(request, response, last_modified(began, moment, asked))

    def conditional(self, request, response, last_modified=None):
        """``response`` with its ETag (and ``last_modified``, a timestamp, if known), or
        a 304 if the client's copy is the same."""
        if not self.is_cacheable_response(response):
            return response
        if not response.has_header("ETag"):
            set_response_etag(response)
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified)
        answer = get_conditional_response(
            request, etag=response.get("ETag"), last_modified=last_modified, response=response
        )
        if answer is not response:
            # A cache updates its copy's headers from a 304: these must not change there
            # (LocaleMiddleware would otherwise add the active language to the 304).
            for name in ("Content-Language", "Access-Control-Allow-Origin", "X-Cache"):
                if name in response:
                    answer[name] = response[name]
        return answer

    @staticmethod
    def is_public_request(request):
        return request.method in ("GET", "HEAD") and not request.path.startswith(
            "/" + settings.ADMIN_URL
        )

    @staticmethod
    def is_cacheable_request(request):
        return settings.PAGE_CACHE_SECONDS > 0 and not request.user.is_authenticated

    @staticmethod
    def is_cacheable_response(response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and response.get("Content-Type", "").startswith(CACHEABLE_TYPES)
            and not response.cookies
            and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
        )

    @staticmethod
    def key(request, generation):
        # "v2": entries hold the content's dates too; during a rolling deploy, processes
        # of the previous release (whose entries hold less) share the cache.
        language = translation.get_language()
        return f"page:v2:{generation}:{language}:{request.get_full_path()}"
