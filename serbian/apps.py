from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class SerbianConfig(AppConfig):
    name = "serbian"
    verbose_name = _("Serbian in two scripts")

    def ready(self):
        from serbian.collation import register_sqlite_collation

        connection_created.connect(register_sqlite_collation, dispatch_uid="sr_icu_collation")
