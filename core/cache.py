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

import functools
import hashlib
import logging
import math
import threading
from urllib.parse import unquote, unquote_plus

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import http_date

from core.compression import ENCODERS, MIN_SIZE, encoded_etag, encodings_of, negotiate
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
    "Location",
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


# --- The key ---------------------------------------------------------------------------

# The query parameters each page reads, by URL name; every other page reads none, so any
# query string it is given (utm_source, fbclid...) leaves it the same page. The
# directory's are its form's fields (members/forms.py) and its page number.
QUERY_PARAMETERS = {
    "members:organization-list": ("country", "network", "page", "q", "role", "sort", "town"),
}
# Longer query strings (what they keep of them) are answered, but never cached: a flood
# of distinct long searches cannot fill the cache. A search of forty Cyrillic letters
# (six characters each, percent-encoded) with a filter or two fits.
MAX_CACHED_QUERY_LENGTH = 300


@functools.cache
def _parameters_by_path():
    """``{path: parameters}`` of the pages that read a query string, in every language."""
    paths = {}
    for name, parameters in QUERY_PARAMETERS.items():
        for code, _language in settings.LANGUAGES:
            with translation.override(code):
                paths[unquote(reverse(name))] = frozenset(parameters)
    return paths


def keyed_query(request):
    """``(kept, extra)``: the part of the query string the page reads, as it was given
    (in its order and spelling), and whether anything else was there; None when what is
    kept is too long to cache.

    A page's answer depends on ``kept``, and at most on whether ``extra`` is there, never
    on its value: the directory answers any other spelling of its question with a 301 to
    the canonical one, so "extra parameters" is an answer of its own (cached too), the
    same for every utm_source.
    """
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return "", False
    parameters = _parameters_by_path().get(request.path, frozenset())
    kept, extra = [], False
    for item in query.split("&"):
        if unquote_plus(item.partition("=")[0]) in parameters:
            kept.append(item)
        else:
            extra = True
    kept = "&".join(kept)
    if len(kept) > MAX_CACHED_QUERY_LENGTH:
        return None
    return kept, extra


def page_key(request, generation, language, query):
    """The cache key of the answer to ``request``: its scheme and host (the pages' links
    are absolute), language, path and ``query`` (``keyed_query``), hashed to bound its
    length, under the content generation."""
    kept, extra = query
    # get_host() refuses a host that is not in ALLOWED_HOSTS (a 400, before any lookup).
    parts = (request.scheme, request.get_host(), language, request.path, kept, str(extra))
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    # "v3": entries hold every encoding; during a rolling deploy, processes of the
    # previous release (whose entries hold less) share the cache.
    return f"page:v3:{generation}:{digest}"


def has_session(request):
    return settings.SESSION_COOKIE_NAME in request.COOKIES


# --- The answers ------------------------------------------------------------------------


def can_be_shared(request, response):
    """Whether ``response`` is the same for every anonymous visitor: a page, an open data
    file or a permanent redirect, with nothing of this visitor's in it (no cookie, no
    CSRF token, no session written, nothing marked private). Only these are cached and
    compressed (see core.compression on BREACH)."""
    cache_control = response.get("Cache-Control", "")
    if (
        response.streaming
        or response.cookies
        or "private" in cache_control
        or "no-store" in cache_control
        # A CSRF token in the page: its cookie is set further out, after this runs.
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or getattr(getattr(request, "session", None), "modified", False)
    ):
        return False
    if response.status_code == 301:
        return True
    return response.status_code == 200 and has_validators(response)


def has_validators(response):
    """Pages and open data files get an ETag (and a 304 when the client has them)."""
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith(CACHEABLE_TYPES)
    )


def make_entry(request, response, language, encodings=ENCODERS):
    """What the cache keeps of ``response`` (``can_be_shared``): ``(status, bodies,
    headers)``, ``bodies`` holding the plain body and each of ``encodings`` that is
    smaller. Hits and misses are both answered from it, so they cannot differ."""
    # What LocaleMiddleware, further out, adds to a miss, so that a hit (which may never
    # reach it) has it too: the language, and the negotiation it came from for an
    # address without a language prefix (the open data files).
    response.setdefault("Content-Language", language)
    if translation.get_language_from_path(request.path_info) is None:
        patch_vary_headers(response, ("Accept-Language",))
    if response.status_code != 200:  # a redirect: nothing to compress or validate
        headers = {name: response[name] for name in KEPT_HEADERS if name in response}
        return response.status_code, {"identity": response.content}, headers
    # Everyone may keep a copy, but asks each time whether it is still current (the
    # ETag and Last-Modified make that a 304): an edit shows on the next visit, as the
    # page cache promises, whatever sits between the site and the visitor.
    response.setdefault("Cache-Control", "no-cache")
    bodies = encodings_of(response.content, encodings)
    if len(response.content) >= MIN_SIZE:  # compressed for those who ask
        patch_vary_headers(response, ("Accept-Encoding",))
    set_response_etag(response)
    headers = {name: response[name] for name in KEPT_HEADERS if name in response}
    return 200, bodies, headers


def answer(request, entry, cache_state, last_modified=None):
    """The response for ``request`` from ``entry`` (``make_entry``), in the encoding the
    client prefers, or a 304 if its copy is current."""
    status, bodies, headers = entry
    encoding = negotiate(request.headers.get("Accept-Encoding"), bodies)
    response = HttpResponse(bodies[encoding], status=status)
    for name, value in headers.items():
        response[name] = value
    if encoding != "identity":
        response["Content-Encoding"] = encoding
        response["ETag"] = encoded_etag(headers["ETag"], encoding)
    # CommonMiddleware, which would set it, is not reached by a hit.
    response["Content-Length"] = str(len(response.content))
    if cache_state:
        response["X-Cache"] = cache_state
    if status != 200:
        # A redirect: as Django's own redirect responses do (the test client follows it).
        response.url = response["Location"]
        return response
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    return conditional(request, response, last_modified)


def conditional(request, response, last_modified=None):
    """``response`` with its ETag, or a 304 if the client's copy is the same."""
    if not has_validators(response):
        return response
    if not response.has_header("ETag"):
        set_response_etag(response)
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


def is_public_request(request):
    return request.method in ("GET", "HEAD") and not request.path.startswith(
        "/" + settings.ADMIN_URL
    )


# Set on a request by PageCacheHitMiddleware: the lookup it made, so that the late part
# neither repeats it nor, after a failed one, waits for the cache a second time.
LOOKUP = "_page_cache_lookup"
UNAVAILABLE = "unavailable"


def look_up(request, language, query):
    """``(asked, generation, key, entry)`` for ``request``, or None if the cache does not
    answer (logged, and remembered on the request)."""
    # Before the generation is read (see last_modified) and before rendering (what is
    # published is decided during it).
    asked = timezone.now()
    try:
        current = generation()
        key = page_key(request, current, language, query)
        entry = cache.get(key)
    except DisallowedHost:
        raise
    except Exception:
        logger.warning("page cache unavailable", exc_info=True)
        setattr(request, LOOKUP, UNAVAILABLE)
        return None
    lookup = (asked, current, key, entry)
    setattr(request, LOOKUP, lookup)
    return lookup


def serve_hit(request, lookup):
    asked, _generation, _key, (entry, began, moment) = lookup
    return answer(request, entry, "hit", last_modified(began, moment, asked))


class PageCacheHitMiddleware:
    """The early part of the page cache: answers anonymous requests (no session cookie)
    from the cache before sessions, languages, CSRF, authentication and messages do any
    work. The language is the address's prefix (or, for the open data files, what
    LocaleMiddleware would choose); the headers those would add are in the entry.
    Misses, and everyone with a session, go on to ``PublicPageCacheMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.PAGE_CACHE_SECONDS > 0
            and is_public_request(request)
            and not has_session(request)
            and not _invalidation_pending.is_set()
        ):
            query = keyed_query(request)
            if query is not None:
                language = translation.get_language_from_request(request, check_path=True)
                lookup = look_up(request, language, query)
                if lookup is not None and lookup[3] is not None:
                    return serve_hit(request, lookup)
        return self.get_response(request)


class PublicPageCacheMiddleware:
    """Stores what anonymous visitors are answered, and answers the rest.

    Only complete, shareable answers are stored (``can_be_shared``): status 200, HTML,
    JSON or CSV, or a permanent redirect; no cookie set, nothing marked private or
    no-store (the admin is never cached: it is for signed-in users; nor is an editor's
    preview). Health checks and static files are answered before this runs. A page is
    kept until the next publish date at most.

    Visitors with a session cookie are served here, not by the early part: a signed-in
    editor never gets a cached page, and the answer is ``private``; an anonymous one with
    a stale cookie gets the cached page like everyone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _invalidation_pending.is_set():
            bump_generation_when_possible()
        if not is_public_request(request):
            return self.get_response(request)
        if has_session(request) and request.user.is_authenticated:
            response = self.get_response(request)
            if has_validators(response):
                # The page is the public one, but the request carried credentials.
                patch_cache_control(response, private=True, no_cache=True)
            return conditional(request, response)
        language = translation.get_language()
        query = keyed_query(request)
        lookup = getattr(request, LOOKUP, None)
        if (
            settings.PAGE_CACHE_SECONDS <= 0
            or _invalidation_pending.is_set()
            or query is None
            or lookup == UNAVAILABLE
        ):
            return self.uncached(request, self.get_response(request), language)
        if lookup is None:  # not looked up by the early part
            lookup = look_up(request, language, query)
            if lookup is None:
                return self.uncached(request, self.get_response(request), language)
            if lookup[3] is not None:
                return serve_hit(request, lookup)
        asked, current, key, _entry = lookup
        response = self.get_response(request)
        if request.method != "GET" or not can_be_shared(request, response):
            return self.uncached(request, response, language)
        entry = make_entry(request, response, language)
        began = moment = None
        try:
            moment, began = content_state(current, asked)
            timeout = timeout_until(moment)
            if timeout > 0:
                cache.set(key, (entry, began, moment), timeout)
        except Exception:
            logger.warning("page cache unavailable", exc_info=True)
        return answer(request, entry, "miss", last_modified(began, moment, asked))

    @staticmethod
    def uncached(request, response, language):
        """``response``, not stored: compressed in the one encoding wanted, if it could
        have been stored."""
        if request.method == "GET" and can_be_shared(request, response):
            wanted = negotiate(request.headers.get("Accept-Encoding"), ENCODERS)
            encodings = (wanted,) if wanted in ENCODERS else ()
            return answer(request, make_entry(request, response, language, encodings), None)
        return conditional(request, response)
