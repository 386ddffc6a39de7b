from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from core.i18n import language_tag
from members.models import MemberOrganization
from networks.models import Network


class _I18nSitemap(Sitemap):
    # Every page in every language, each with its hreflang alternates.
    i18n = True
    alternates = True
    x_default = True

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            by_language = {alt["lang_code"]: alt["location"] for alt in url["alternates"]}
            for alternate in url["alternates"]:
                if alternate["lang_code"] == "x-default":
                    # Django strips the default language's prefix here, but every public
                    # address has one: x-default is the default language's own address.
                    alternate["location"] = by_language[settings.LANGUAGE_CODE]
                else:
                    # hreflang wants BCP 47 (sr-Latn, sr-Cyrl), not Django's codes.
                    alternate["lang_code"] = language_tag(alternate["lang_code"])
        return urls


class PageSitemap(_I18nSitemap):
    """The directory is listed by its first page only: its later pages (?page=2, ...) are
    canonical addresses a crawler reaches from the first, but every organization on them
    has its own entry below, so they would add nothing to find, and their content shifts
    whenever an organization is added."""

    priority = 1.0

    def items(self):
        return ["networks:home", "members:organization-list", "members:open-data"]

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
