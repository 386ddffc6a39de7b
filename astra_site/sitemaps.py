from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from members.models import MemberOrganization
from networks.models import Network


class _I18nSitemap(Sitemap):
    # Every page in every language, each with its hreflang alternates.
    i18n = True
    alternates = True
    x_default = True


class PageSitemap(_I18nSitemap):
    priority = 1.0

    def items(self):
        return ["networks:home", "members:organization-list"]

    def location(self, item):
        return reverse(item)


class NetworkSitemap(_I18nSitemap):
    priority = 0.8

    def items(self):
        return Network.objects.published()


class OrganizationSitemap(_I18nSitemap):
    priority = 0.5

    def items(self):
        return MemberOrganization.objects.published()


SITEMAPS = {
    "pages": PageSitemap,
    "networks": NetworkSitemap,
    "organizations": OrganizationSitemap,
}
