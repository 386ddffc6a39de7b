from django.views.generic import DetailView, ListView

from astra_site.i18n import LanguageAlternatesMixin, TranslatedSlugMixin
from members.models import MemberOrganization


class OrganizationListView(LanguageAlternatesMixin, ListView):
    """All published organizations, by name (default) or by city (``?sort=city``), in the
    order of the Serbian alphabet; ``?q=`` searches names, acronyms and cities."""

    SORTS = {"name": ("by_name", "id"), "city": ("by_city",)}
    MAX_QUERY_LENGTH = 100
    template_name = "members/organization_list.html"
    context_object_name = "organizations"

    def get_sort(self):
        # An unknown value is not an error: the visitor gets the default order.
        sort = self.request.GET.get("sort", "name")
        return sort if sort in self.SORTS else "name"

    def get_query(self):
        # Whatever was typed (or forged) is only ever text to fold into search words.
        return self.request.GET.get("q", "").replace("\x00", "").strip()[: self.MAX_QUERY_LENGTH]

    def get_queryset(self):
        method, *then = self.SORTS[self.get_sort()]
        organizations = MemberOrganization.objects.published().search(self.get_query())
        return getattr(organizations, method)(*then).with_networks().with_shared_names()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sort"] = self.get_sort()
        context["query"] = self.get_query()
        return context


class OrganizationDetailView(TranslatedSlugMixin, LanguageAlternatesMixin, DetailView):
    template_name = "members/organization_detail.html"
    context_object_name = "organization"

    def get_queryset(self):
        # Built per request: whether a name is shared depends on the page's language.
        return MemberOrganization.objects.published().with_networks().with_shared_names()
