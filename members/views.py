from django.views.generic import DetailView, ListView

from core.i18n import LanguageAlternatesMixin, TranslatedSlugMixin
from members.forms import DirectoryQueryForm
from members.models import MemberOrganization


class OrganizationListView(LanguageAlternatesMixin, ListView):
    """All published organizations, by name (default) or by city (``?sort=city``), in the
    order of the Serbian alphabet; ``?q=`` searches names, acronyms and cities."""

    template_name = "members/organization_list.html"
    context_object_name = "organizations"

    def get(self, request, *args, **kwargs):
        self.form = DirectoryQueryForm(request.GET)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return (
            MemberOrganization.objects.published()
            .search(self.form.query)
            .sorted_by(self.form.sort_order)
            .with_networks()
            .with_shared_names()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sort"] = self.form.sort_order
        context["query"] = self.form.query
        return context


class OrganizationDetailView(TranslatedSlugMixin, LanguageAlternatesMixin, DetailView):
    template_name = "members/organization_detail.html"
    context_object_name = "organization"

    def get_queryset(self):
        # Built per request: whether a name is shared depends on the page's language.
        return MemberOrganization.objects.published().with_networks().with_shared_names()
