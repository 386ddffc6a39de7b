from django.apps import AppConfig
from django.db.backends.signals import connection_created


class AstraSiteConfig(AppConfig):
    name = "astra_site"
    verbose_name = "ASTRA site"

    def ready(self):
        from astra_site.collation import register_sqlite_collation

        connection_created.connect(register_sqlite_collation, dispatch_uid="sr_icu_collation")
