from django.core.paginator import EmptyPage
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views.generic import DetailView, ListView

from core.i18n import LanguageAlternatesMixin, TranslatedSlugMixin
from members.directory import Directory, directory_places
from members.forms import DirectoryQueryForm
from members.maps import build_map
from members.models import MemberOrganization


class OrganizationListView(LanguageAlternatesMixin, ListView):
    """The directory: published organizations, by name (default) or by town
    (``?sort=city``), in the order of the Serbian alphabet; ``?q=`` searches names,
    acronyms and towns; ``network``, ``role``, ``town`` and ``country`` filter
    (members.directory); ``page`` beyond the first pages through them. Its address is
    canonical: any other spelling of the same question (empty parameters, another order,
    another language's slugs, ``page=1``) redirects. A page past the last one is a 404:
    it does not exist (a mistyped number, or a list that has grown shorter), and a
    redirect would make every number an address of its own."""

    template_name = "members/organization_list.html"
    context_object_name = "organizations"

    def get(self, request, *args, **kwargs):
        self.directory = Directory(DirectoryQueryForm(request.GET))
        canonical = self.directory.query_string()
        if not self.directory.ignored and canonical != self.given_query_string():
            return redirect(request.path + canonical, permanent=True)
        try:
            self.page = self.directory.page()
        except EmptyPage:
            raise Http404("No such page of the directory.") from None
        return super().get(request, *args, **kwargs)

    def given_query_string(self):
        query = self.request.META.get("QUERY_STRING", "")
        return "?" + query if query else ""

    def get_queryset(self):
        return self.page.object_list

    def get_url_in(self, code):
        return super().get_url_in(code) + self.directory.query_string_in(code)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        directory = self.directory
        context.update(
            directory=directory,
            sort=directory.sort,
            query=directory.query,
            page_obj=self.page,
            paginator=self.page.paginator,
            is_paginated=self.page.paginator.num_pages > 1,
            pagination=directory.pagination(self.page),
            title=directory.title(self.page),
            map=build_map(
                directory_places(directory),
                title=gettext("Where the organizations are"),
                description=gettext(
                    "A map with a mark on each town of the organizations listed, with their number."
                ),
            ),
        )
        return context


class OrganizationDetailView(TranslatedSlugMixin, LanguageAlternatesMixin, DetailView):
    template_name = "members/organization_detail.html"
    context_object_name = "organization"

    def get_queryset(self):
        # Built per request: whether a name is shared depends on the page's language.
        return MemberOrganization.objects.published().with_networks().with_shared_names()
