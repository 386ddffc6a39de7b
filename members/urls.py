from django.urls import path
from django.utils.translation import pgettext_lazy

from members import opendata, views

app_name = "members"

urlpatterns = [
    path(
        pgettext_lazy("URL path", "organizations/"),
        views.OrganizationListView.as_view(),
        name="organization-list",
    ),
    path(
        pgettext_lazy("URL path", "organizations/<slug:slug>/"),
        views.OrganizationDetailView.as_view(),
        name="organization-detail",
    ),
    path(
        pgettext_lazy("URL path", "open-data/"),
        opendata.OpenDataView.as_view(),
        name="open-data",
    ),
]
