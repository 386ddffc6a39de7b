"""Django's English formats, with dates written as the content writes them (British
English, as ASTRA's English pages): "28 November 2026", not "Nov. 28, 2026"."""

from django.conf.locale.en.formats import *  # noqa: F403

DATE_FORMAT = "j F Y"
