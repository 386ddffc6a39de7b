"""Middleware for running in production: request logs, health checks, headers, outages."""

import logging
import re
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation

from astra_site.log import request_id_var

logger = logging.getLogger("astra_site.request")

# An incoming id (from the load balancer) is kept only if it cannot forge a log line.
REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

# Seconds a visitor (or a crawler) is asked to wait before trying again during an outage.
RETRY_AFTER_SECONDS = 30


class RequestLogMiddleware:
    """Gives each request an id (echoed in X-Request-ID) and logs one line per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if REQUEST_ID_PATTERN.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        # Not reset on the way out: Django logs a failed request's status after the
        # middleware has returned, and that line should carry the id too. The next
        # request served by this thread sets its own.
        request_id_var.set(request_id)
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        response["X-Request-ID"] = request_id
        logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
            },
        )
        return response


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


class PermissionsPolicyMiddleware:
    """Denies the browser features this site never uses (Django has no setting for it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def service_unavailable(request):
    """The outage page, rendered without touching the database.

    A plain render: no context processors (the auth one would query the session), the
    language taken from the URL prefix.
    """
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        html = render_to_string("503.html", {"request": request, "LANGUAGE_CODE": language})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


DATABASE_DOWN_ERRORS = (OperationalError, InterfaceError)


class DatabaseUnavailableMiddleware:
    """A database outage gives visitors a friendly 503 page, never a traceback.

    Nothing is kept between requests: once the database answers again, the next request
    opens a new connection and the site is back by itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_DOWN_ERRORS):
            logger.error("database unavailable: %s", exception)
            connection.close_if_unusable_or_obsolete()
            return service_unavailable(request)
        return None
