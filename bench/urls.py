from django.http import HttpResponse
from django.urls import path

from astra_site.urls import *  # noqa: F403 (handler404 and friends, as the site has them)
from astra_site.urls import urlpatterns as site_urlpatterns


def trivial(request):
    """The yardstick: a Django view that does nothing, behind the site's middleware."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/trivial/", trivial, name="bench-trivial"), *site_urlpatterns]
