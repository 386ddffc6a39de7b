from django.apps import AppConfig
from django.contrib.staticfiles.apps import StaticFilesConfig as DjangoStaticFilesConfig
from django.db.backends.signals import connection_created


class AstraSiteConfig(AppConfig):
    # This module also holds StaticFilesConfig; this one is the app's own.
    default = True
    name = "astra_site"
    verbose_name = "ASTRA site"

    def ready(self):
        from django.db.models.signals import post_delete, post_save, pre_save

        from astra_site.cache import invalidate_pages
        from astra_site.collation import register_sqlite_collation
        from astra_site.sanitize import sanitise_instance
        from members.models import MemberOrganization, Membership
        from networks.models import Goal, Introduction, Network

        for model in (Network, Goal, Introduction, MemberOrganization, Membership):
            pre_save.connect(sanitise_instance, sender=model, dispatch_uid=f"sanitise-{model}")
            post_save.connect(invalidate_pages, sender=model, dispatch_uid=f"saved-{model}")
            post_delete.connect(invalidate_pages, sender=model, dispatch_uid=f"deleted-{model}")
        connection_created.connect(register_sqlite_collation, dispatch_uid="sr_icu_collation")


class StaticFilesConfig(DjangoStaticFilesConfig):
    # XStatic-jQuery-UI ships themes whose CSS points at images the package leaves out;
    # the hashed-name storage refuses such CSS. The admin's tabs need only the script.
    ignore_patterns = [
        *DjangoStaticFilesConfig.ignore_patterns,
        "themes",
        "images",
        "jquery-ui*.css",
    ]
