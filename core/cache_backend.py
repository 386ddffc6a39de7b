"""Django's Redis cache with a circuit breaker: an outage costs one short wait, not one per call.

A Redis that is down or hung made every cache call wait for its socket timeout: every
uncached page paid it several times over, every admin save paid it once per object.
Here the first call that fails opens the breaker: for ``breaker_seconds`` (an OPTIONS
entry) every call raises ``CacheUnavailable`` at once, without touching the network.
Then one call is let through to probe: if Redis answers, the breaker closes; if not,
it stays open for another interval. Each interval logs one warning, without traceback.

While open, calls *raise* rather than behave as a miss or a success: that is exactly
what a Redis that refuses connections does, which every caller already survives, and a
write that pretended to succeed would lose a page cache invalidation (core/cache.py
remembers a bump that failed, and makes it once the cache answers again).
"""

import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Seconds calls fail at once after a failure, unless OPTIONS say otherwise.
DEFAULT_BREAKER_SECONDS = 15


class CacheUnavailable(RedisConnectionError):
    """The cache is unavailable: raised by the call that found it so (from redis's error),
    and at once, without a network round trip, by every call while the breaker is open.

    A subclass of redis's ConnectionError, so code that handles an unreachable Redis
    handles this too."""


class Breaker:
    """The state of one Redis server, shared by every thread (and every cache alias) of
    the process that uses it: one probe and one warning per interval, not one per thread."""

    def __init__(self, location, seconds):
        self.location = location
        self.seconds = seconds
        self.lock = threading.Lock()
        self.open_until = 0.0
        self.down_since = None

    def before_call(self):
        with self.lock:
            now = time.monotonic()
            if now < self.open_until:
                raise CacheUnavailable(
                    f"the cache at {self.location} did not answer: not asked again for "
                    f"{self.open_until - now:.1f} s"
                )
            if self.down_since is not None:
                # This call probes; the others keep failing at once until it is answered.
                self.open_until = now + self.seconds

    def failed(self, error):
        with self.lock:
            now = time.monotonic()
            if self.down_since is None:
                self.down_since = now
            self.open_until = now + self.seconds
            down_for = now - self.down_since
        logger.warning(
            "cache unavailable for %.0f s (%s: %s): pages are served uncached; "
            "asking again in %s s",
            down_for,
            type(error).__name__,
            error,
            self.seconds,
            extra={"cache_location": self.location},
        )

    def succeeded(self):
        if self.down_since is None:  # the usual case: no lock taken
            return
        with self.lock:
            if self.down_since is None:
                return
            down_for = time.monotonic() - self.down_since
            self.down_since = None
            self.open_until = 0.0
        logger.info(
            "cache available again after %.0f s",
            down_for,
            extra={"cache_location": self.location},
        )


_breakers = {}
_breakers_lock = threading.Lock()


def breaker_for(location, seconds):
    with _breakers_lock:
        if location not in _breakers:
            _breakers[location] = Breaker(location, seconds)
        return _breakers[location]


def _guarded(method):
    def guarded(self, *args, **kwargs):
        self.breaker.before_call()
        try:
            result = method(self, *args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError) as error:
            if isinstance(error, CacheUnavailable):
                raise
            self.breaker.failed(error)
            raise CacheUnavailable(str(error)) from error
        self.breaker.succeeded()
        return result

    guarded.__name__ = method.__name__
    guarded.__doc__ = method.__doc__
    return guarded


class RedisCache(DjangoRedisCache):
    """``django.core.cache.backends.redis.RedisCache`` behind a circuit breaker.

    OPTIONS as Django's, plus ``breaker_seconds``. Set short socket timeouts too
    (``socket_connect_timeout``, ``socket_timeout``): the breaker decides how often an
    outage is paid for, the timeouts how much each time.
    """

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        seconds = options.pop("breaker_seconds", DEFAULT_BREAKER_SECONDS)
        super().__init__(server, {**params, "OPTIONS": options})
        self.breaker = breaker_for(",".join(self._servers), seconds)

    add = _guarded(DjangoRedisCache.add)
    get = _guarded(DjangoRedisCache.get)
    set = _guarded(DjangoRedisCache.set)
    touch = _guarded(DjangoRedisCache.touch)
    delete = _guarded(DjangoRedisCache.delete)
    get_many = _guarded(DjangoRedisCache.get_many)
    has_key = _guarded(DjangoRedisCache.has_key)
    incr = _guarded(DjangoRedisCache.incr)
    set_many = _guarded(DjangoRedisCache.set_many)
    delete_many = _guarded(DjangoRedisCache.delete_many)
    clear = _guarded(DjangoRedisCache.clear)


class OutageLogFilter(logging.Filter):
    """Drops log records about a ``CacheUnavailable``: the breaker has logged the outage,
    once per interval, and callers that log each failed call (with its traceback) would
    otherwise write one per request."""

    def filter(self, record):
        return not (record.exc_info and isinstance(record.exc_info[1], CacheUnavailable))
