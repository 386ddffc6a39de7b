"""One log line per request, with an id that every line written while serving it carries."""

import logging
import re
import time
import uuid

from core.log import request_id_var

# The name log pipelines filter on; kept from before this module moved.
logger = logging.getLogger("astra_site.request")

# An incoming id (from the load balancer) is kept only if it cannot forge a log line.
REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


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
