from django.apps import AppConfig
from django.contrib.staticfiles.apps import StaticFilesConfig as DjangoStaticFilesConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    # This module also holds StaticFilesConfig; this one is the app's own.
    default = True
    name = "core"
    verbose_name = _("Site")

    def ready(self):
        # Every model with a logo: its old files go when it is replaced or deleted.
        from core.logos import connect_signals, logo_models

        for model in logo_models():
            connect_signals(model)


class StaticFilesConfig(DjangoStaticFilesConfig):
    # XStatic-jQuery-UI ships themes whose CSS points at images the package leaves out;
    # the hashed-name storage refuses such CSS. The admin's tabs need only the script.
    ignore_patterns = [
        *DjangoStaticFilesConfig.ignore_patterns,
        "themes",
        "images",
        "jquery-ui*.css",
    ]
