from django.db.models import Prefetch, prefetch_related_objects
from django.views.generic import DetailView, ListView

from core.i18n import LanguageAlternatesMixin, TranslatedSlugMixin
from core.models import localized_columns
from members.directory import network_map
from members.models import Membership
from networks.models import Introduction, Network

# ASTRA's own network, which the home page features (by its English slug, which editors
# do not change: the loader and the tests know it by it too).
FEATURED_SLUG = "at-network"


def home_context(introduction, networks):
    """What the home page shows: the introduction, the featured network with its map (its
    members' towns: one query, whatever their number), and the others grouped by scope."""
    networks = list(networks)
    featured = next((n for n in networks if n.slug_en == FEATURED_SLUG), None)
    others = [network for network in networks if network is not featured]
    context = {
        "introduction": introduction,
        "networks": networks,
        "featured": featured,
        "scopes": Network.by_scope(others),
    }
    if featured is not None:
        prefetch_related_objects(
            [featured],
            Prefetch(
                "memberships",
                queryset=Membership.objects.visible()
                .ordered()
                .select_related("organization__town"),
                to_attr="visible_memberships",
            ),
        )
        context["map"] = network_map(featured)
    return context


class HomeView(LanguageAlternatesMixin, ListView):
    template_name = "networks/home.html"
    context_object_name = "networks"

    def get_queryset(self):
        # Built per request: publish dates are compared with the time of the request.
        return Network.objects.published().for_cards()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        introduction = Introduction.objects.only(
            *localized_columns(Introduction, "title", "text")
        ).first()
        context.update(home_context(introduction, context["networks"]))
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
