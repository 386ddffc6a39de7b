from django.apps import AppConfig


class AstraSiteConfig(AppConfig):
    name = "astra_site"
    verbose_name = "ASTRA site"
