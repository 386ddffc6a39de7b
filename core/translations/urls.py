"""The translation screen, under the admin's address (ADMIN_URL + "translations/").

Rosetta's own views name their addresses without a namespace ("rosetta.translate_text"),
so these are not namespaced either."""

from django.urls import path

from core.translations import views

# The one catalogue translators edit: rosetta's views take it from these arguments.
CATALOGUE = {"po_filter": "project", "lang_id": "sr-latn", "idx": "0"}

urlpatterns = [
    path("", views.TranslationFormView.as_view(), CATALOGUE, name="translations"),
    path("download/", views.download, name="translations-download"),
    path("suggest/", views.no_suggestions, name="rosetta.translate_text"),
]
