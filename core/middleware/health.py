"""Health checks for containers and load balancers: ``/healthz`` and ``/readyz``."""

import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse

from core.middleware.request_log import logger


class HealthCheckMiddleware:
    """``/healthz``: the process answers. ``/readyz``: and its database and cache answer.

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
        checks = {"database": "ok", "cache": "ok"}
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError as error:
            logger.warning("readiness: database unavailable: %s", error)
            checks["database"] = "unavailable"
            # Let the next probe open a fresh connection instead of reusing a broken one.
            connection.close_if_unusable_or_obsolete()
        probe = f"readyz:{uuid.uuid4().hex}"
        try:
            cache.set(probe, "1", timeout=10)
            if cache.get(probe) != "1":
                raise RuntimeError("the value written could not be read back")
            cache.delete(probe)
        except Exception as error:
            logger.warning("readiness: cache unavailable: %s", error)
            checks["cache"] = "unavailable"
        ok = all(value == "ok" for value in checks.values())
        return JsonResponse(
            {"status": "ok" if ok else "unavailable", **checks}, status=200 if ok else 503
        )
