from django.views.generic import DetailView, ListView

from astra_site.i18n import LanguageAlternatesMixin, TranslatedSlugMixin
from members.models import MemberOrganization


class OrganizationListView(LanguageAlternatesMixin, ListView):
    """All published organizations, by name (default) or by city (``?sort=city``)."""

    SORTS = {"name": ("name", "id"), "city": ("city", "name", "id")}
    template_name = "members/organization_list.html"
    context_object_name = "organizations"

    def get_sort(self):
        # An unknown value is not an error: the visitor gets the default order.
        sort = self.request.GET.get("sort", "name")
        return sort if sort in self.SORTS else "name"

    def get_queryset(self):
        return (
            MemberOrganization.objects.published()
            .with_networks()
            .order_by(*self.SORTS[self.get_sort()])
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sort"] = self.get_sort()
        return context


class OrganizationDetailView(TranslatedSlugMixin, LanguageAlternatesMixin, DetailView):
    template_name = "members/organization_detail.html"
    context_object_name = "organization"
    queryset = MemberOrganization.objects.published().with_networks()
