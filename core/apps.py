from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.contrib.staticfiles.apps import StaticFilesConfig as DjangoStaticFilesConfig
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    # This module also holds the configurations of staticfiles and axes; this one is the
    # app's own.
    default = True
    name = "core"
    verbose_name = _("Site")

    def ready(self):
        # Every model with a logo: its old files go when it is replaced or deleted.
        from core.logos import connect_signals, logo_models
        from core.translations import receivers  # noqa: F401 (connects them)

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


class AxesConfig(AxesAppConfig):
    # django-axes names its section in the admin "Axes", in no language.
    verbose_name = _("Sign-in protection")

    def ready(self):
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        # django-axes names its records in English ("Attempted Access: …"), and the admin
        # shows those names in titles, links and labels: ours are in the reader's language.
        AccessAttempt.__str__ = _sign_in_name(_("Sign-in attempt: %(user)s, %(time)s"))
        AccessLog.__str__ = _sign_in_name(_("Sign-in: %(user)s, %(time)s"))
        AccessFailureLog.__str__ = _sign_in_name(_("Failed sign-in: %(user)s, %(time)s"))


def _sign_in_name(sentence):
    def name(record):
        time = record.attempt_time
        time = formats.date_format(timezone.localtime(time), "DATETIME_FORMAT") if time else "–"
        return str(sentence) % {"user": record.username or "–", "time": time}

    return name
