import sys

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from core.i18n import home_alternates
from core.middleware.outage import DATABASE_DOWN_ERRORS, service_unavailable


def _error_page(request, template, status):
    """An error page in the visitor's language, whose switcher leads to the home page in
    each language. Nothing on it is built from the request's Host: a Host that is not in
    ALLOWED_HOSTS is what brings many requests here, and reading it again would turn the
    400 into a 500."""
    # LocaleMiddleware may not have run: SecurityMiddleware's redirect to HTTPS reads
    # the Host before it.
    language = getattr(request, "LANGUAGE_CODE", None) or (
        translation.get_language_from_path(request.path_info)
        or translation.get_language_from_request(request)
    )
    with translation.override(language):
        context = {"alternates": home_alternates(request, absolute=False)}
        return render(request, template, context, status=status)


def bad_request(request, exception):
    # Malformed or oversized requests (too many fields, a body over the upload limit).
    return _error_page(request, "400.html", 400)


def permission_denied(request, exception):
    return _error_page(request, "403.html", 403)


def csrf_failure(request, reason=""):
    # An expired or missing form token: usually an old tab, so say how to recover.
    return _error_page(request, "403_csrf.html", 403)


def page_not_found(request, exception):
    return _error_page(request, "404.html", 404)


def server_error(request):
    """The 500 page, rendered without the database (it may be why we are here).

    A database outage outside a view (a session being saved, say) also ends here: it
    gets the same 503 page as one inside a view.
    """
    if isinstance(sys.exc_info()[1], DATABASE_DOWN_ERRORS):
        return service_unavailable(request)
    return HttpResponse(render_to_string("500.html", {"request": request}), status=500)


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
