from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from core import views
from core.sitemaps import SITEMAPS

handler400 = views.bad_request
handler403 = views.permission_denied
handler404 = views.page_not_found
handler500 = views.server_error

urlpatterns = [
    # Before the admin's own URLs, whose last pattern catches every address under it.
    path(settings.ADMIN_URL + "translations/", include("core.translations.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    # Open data: each file holds every language, so it has one address, without a prefix.
    path("data/", include("members.opendata_urls")),
]

urlpatterns += i18n_patterns(
    path("", include("networks.urls")),
    path("", include("members.urls")),
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
