"""The site's own settings plus what only the benchmark needs.

The site ships nothing for the benchmark: the trivial view and the query counter live
here, selected with DJANGO_SETTINGS_MODULE=bench.settings by bench/run.py.
"""

import os

from astra_site.settings import *  # noqa: F403
from astra_site.settings import MIDDLEWARE

ROOT_URLCONF = "bench.urls"

MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]

# collectstatic goes to the run's temporary folder, never to the project's staticfiles/.
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", STATIC_ROOT)  # noqa: F405

# gunicorn speaks plain HTTP on the loopback here; in production a proxy terminates TLS.
SECURE_SSL_REDIRECT = False
