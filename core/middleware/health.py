"""Health checks for containers and load balancers: ``/healthz`` and ``/readyz``."""

import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse

from core.cache_backend import CacheUnavailable
from core.middleware.request_log import logger


class HealthCheckMiddleware:
    """``/healthz``: the process answers. ``/readyz``: and it can serve pages.

    ``/readyz`` answers 503 only for what stops this copy from serving: its database.
    The cache makes pages faster but is not needed to serve them (a page is rendered
    when the cache does not answer), so a cache outage is reported, with status 200, as
    ``{"status": "degraded", "database": "ok", "cache": "unavailable"}``: a load balancer
    keeps the copy in rotation, and monitoring still sees the outage. Every copy shares
    the cache, so taking them out for it would take the whole site down.

    Answered here, before host checks and HTTPS redirects, so that a container
    healthcheck or a load balancer can probe each copy over plain http by its address.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return self.no_store(JsonResponse({"status": "ok"}))
        if request.path == "/readyz":
            return self.no_store(self.ready())
        return self.get_response(request)

    @staticmethod
    def no_store(response):
        response["Cache-Control"] = "no-store"
        return response

    def ready(self):
        checks = {"database": self.database(), "cache": self.cache()}
        if checks["database"] != "ok":
            return JsonResponse({"status": "unavailable", **checks}, status=503)
        status = "ok" if checks["cache"] == "ok" else "degraded"
        return JsonResponse({"status": status, **checks})

    @staticmethod
    def database():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError as error:
            logger.warning("readiness: database unavailable: %s", error)
            # Let the next probe open a fresh connection instead of reusing a broken one.
            connection.close_if_unusable_or_obsolete()
            return "unavailable"
        return "ok"

    @staticmethod
    def cache():
        probe = f"readyz:{uuid.uuid4().hex}"
        try:
            cache.set(probe, "1", timeout=10)
            if cache.get(probe) != "1":
                raise RuntimeError("the value written could not be read back")
            cache.delete(probe)
        except CacheUnavailable:
            # The cache's circuit breaker has logged the outage, once per interval.
            return "unavailable"
        except Exception as error:
            logger.warning("readiness: cache unavailable: %s", error)
            return "unavailable"
        return "ok"
