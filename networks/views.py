from django.views.generic import DetailView, ListView

from core.i18n import LanguageAlternatesMixin, TranslatedSlugMixin
from core.models import localized_columns
from members.directory import network_map
from networks.models import Introduction, Network


class HomeView(LanguageAlternatesMixin, ListView):
    template_name = "networks/home.html"
    context_object_name = "networks"

    def get_queryset(self):
        # Built per request: publish dates are compared with the time of the request.
        return Network.objects.published().for_cards()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["introduction"] = Introduction.objects.only(
            *localized_columns(Introduction, "title", "text")
        ).first()
        context["scopes"] = Network.by_scope(context["networks"])
        return context


class NetworkDetailView(TranslatedSlugMixin, LanguageAlternatesMixin, DetailView):
    template_name = "networks/network_detail.html"
    context_object_name = "network"

    def get_queryset(self):
        # Built per request: members are sorted by their names in the page's language.
        return Network.objects.published().for_page().with_members()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        network = self.object
        if network.lists_members:
            context["map"] = network_map(network)
        return context
