from django.urls import path
from django.utils.translation import pgettext_lazy

from networks import views

app_name = "networks"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(
        pgettext_lazy("URL path", "networks/<slug:slug>/"),
        views.NetworkDetailView.as_view(),
        name="network-detail",
    ),
]
