from django.http import HttpResponse
from django.urls import path

from astra_site.urls import *  # noqa: F403 (handler404 and friends, as the site has them)
from astra_site.urls import urlpatterns as site_urlpatterns


def trivial(request):
    """A view that does nothing, behind the site's middleware: what our stack alone costs
    (the yardstick is the reference application, bench/reference/)."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/trivial/", trivial, name="bench-trivial"), *site_urlpatterns]
