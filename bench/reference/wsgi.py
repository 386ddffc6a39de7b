"""The reference application for gunicorn: bench.reference.wsgi:application."""

import os

from django.core.wsgi import get_wsgi_application

# Forced, not setdefault: the bench's environment names the site's settings.
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.reference.settings"

application = get_wsgi_application()
