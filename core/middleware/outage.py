"""A database outage gives visitors a page in their language, and the site recovers alone."""

from django.conf import settings
from django.db import connection
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

from core.middleware.request_log import logger

# Seconds a visitor (or a crawler) is asked to wait before trying again during an outage.
RETRY_AFTER_SECONDS = 30


def service_unavailable(request):
    """The outage page, rendered without touching the database.

    A plain render: no context processors (the auth one would query the session), the
    language taken from the URL prefix.
    """
    language = (
        translation.get_language_from_path(request.path_info)
        # The admin has no prefix: the language LocaleMiddleware chose (cookie, browser).
        or translation.get_language()
        or settings.LANGUAGE_CODE
    )
    context = {
        "request": request,
        "LANGUAGE_CODE": language,
        # A form was sent: say plainly that it was not saved, and how to get it back.
        "not_saved": request.method == "POST",
    }
    with translation.override(language):
        html = render_to_string("503.html", context)
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
