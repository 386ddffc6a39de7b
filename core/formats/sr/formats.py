"""Django's Serbian formats, with a full date's month in the genitive (see the package)."""

from django.conf.locale.sr.formats import *  # noqa: F403

DATE_FORMAT = "j. E Y."
DATETIME_FORMAT = "j. E Y. H:i"
MONTH_DAY_FORMAT = "j. E"
