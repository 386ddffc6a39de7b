"""Settings for the ASTRA networks portal.

Every environment variable the site reads is read here, and nowhere else. The defaults
are safe: without DJANGO_DEBUG=1 the site refuses to start unless it is given a secret
key and its host names.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from xstatic.pkg import jquery_ui

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    return int(os.environ.get(name, "").strip() or default)


# --- Core ------------------------------------------------------------------------------

DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it (a long random string) in production, "
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-key-never-used-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not ALLOWED_HOSTS and not DEBUG:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS is not set (a comma-separated list).")

# Moving the admin away from /admin/ takes it out of the path of most password-guessing bots.
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"

ROOT_URLCONF = "astra_site.urls"
WSGI_APPLICATION = "astra_site.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it must come before django.contrib.admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Django's staticfiles, told to skip the jQuery UI themes nobody uses (see apps.py).
    "core.apps.StaticFilesConfig",
    "django.contrib.sitemaps",
    "django_countries",
    # django-axes, under a name editors understand (core/apps.py).
    "core.apps.AxesConfig",
    "csp",
    # Editors' history, undo and recovery in the admin.
    "reversion",
    "reversion_compare",
    # The translation screen: rosetta's views, wrapped by ours (core/translations/).
    "rosetta",
    # Logo renditions (core/logos.py): resized, in modern formats, on the media storage.
    "sorl.thumbnail",
    "core",
    "serbian",
    "networks",
    "members",
]

MIDDLEWARE = [
    # Outermost, so that every response (errors and health checks too) carries the request
    # id and is logged with its status and duration.
    "core.middleware.request_log.RequestLogMiddleware",
    # Before SecurityMiddleware and CommonMiddleware: a container's or load balancer's
    # probe over plain http, with whatever Host header, is neither redirected nor refused.
    "core.middleware.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # The CSP and Permissions-Policy headers go on every response, cached ones included
    # (django-csp's middleware, building the policy once: core/middleware/headers.py).
    "core.middleware.headers.CSPMiddleware",
    "core.middleware.headers.PermissionsPolicyMiddleware",
    # Up here with the other headers, so that pages answered by the early page cache
    # below (which never reach the middleware after it) carry it too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Static files are answered before sessions or language detection do any work.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cached pages for visitors without a session, answered before sessions, languages,
    # CSRF and authentication do any work (the language is the address's prefix); a hit
    # costs no SQL query. Everything above still runs on every hit.
    "core.cache.PageCacheHitMiddleware",
    # Turns a database outage in any view below into a friendly 503 page.
    "core.middleware.outage.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before LocaleMiddleware, which activates the request's language: a catalogue saved
    # on the translation screen by another process is reloaded before it is used.
    "core.translations.middleware.CatalogueReloadMiddleware",
    # After sessions (it reads the language cookie), before CommonMiddleware (which
    # would otherwise append slashes to paths that only exist with a language prefix).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The late part of the page cache: stores what the early part missed, and serves
    # visitors with a session cookie. After authentication (a signed-in editor is never
    # served from the cache) and after LocaleMiddleware (the language is part of the key).
    "core.cache.PublicPageCacheMiddleware",
    # Last, as django-axes requires: it turns a lockout raised during login into its page.
    "axes.middleware.AxesMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database --------------------------------------------------------------------------
# DATABASE_URL selects the database (PostgreSQL in production and CI); without it the
# site uses a SQLite file in the project folder, so a newcomer needs no server.

# Persistent connections with health checks rather than psycopg's pool: gunicorn's sync
# workers serve one request at a time, so one kept connection per worker is all a pool
# would hold, and a connection that died while idle is replaced before it is used.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Persistent connections only pay off for a database behind a network connection.
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# --- Languages -------------------------------------------------------------------------
# Adding a language is a change here (plus its content and catalogue): LANGUAGES,
# LANGUAGE_TAGS and, for modeltranslation, a migration for the new columns.

LANGUAGE_CODE = "sr-latn"
LANGUAGES = [
    ("sr-latn", _("Serbian (Latin)")),
    # Django's "sr" is Serbian in Cyrillic script; its texts are generated from the Latin.
    ("sr", _("Serbian (Cyrillic)")),
    ("en", _("English")),
]
# BCP 47 tags for <html lang> and hreflang: Django's codes are lowercase ("sr-latn").
LANGUAGE_TAGS = {
    "sr-latn": "sr-Latn",
    "sr": "sr-Cyrl",
    "en": "en",
}
# The repository's catalogues, as `make messages` writes them (and the image carries).
REPOSITORY_LOCALE_DIR = BASE_DIR / "locale"
# Where the translation screen saves the catalogues. In production: a folder every copy of
# the site shares (the media volume), into which bin/start merges the image's catalogues,
# so that translations made on the screen survive a redeploy. In development: the
# repository's own folder, so a translation made at `make run` is a change for git.
TRANSLATIONS_DIR = Path(os.environ.get("TRANSLATIONS_DIR", "").strip() or REPOSITORY_LOCALE_DIR)
# The first folder wins for each string; the image's catalogues behind the shared ones
# cover a string the merge has not reached yet (a command run before bin/start's merge).
LOCALE_PATHS = list(dict.fromkeys([TRANSLATIONS_DIR, REPOSITORY_LOCALE_DIR]))
# Serbian dates take the genitive month ("28. novembra 2026."): astra_site/formats.
FORMAT_MODULE_PATH = "core.formats"
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Belgrade"

MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
# A text missing in the visitor's language is shown in the nearest one they can read.
MODELTRANSLATION_FALLBACK_LANGUAGES = {
    "default": ("sr-latn", "en"),
    "sr": ("sr-latn", "en"),
    "sr-latn": ("en",),
    "en": ("sr-latn",),
}
# Editors must fill English and Serbian in either script (the models check the latter:
# the other script is generated on save).
MODELTRANSLATION_REQUIRED_LANGUAGES = ("en",)


def _localized_verbose_name(verbose_name, code):
    # "summary (Serbian, Latin)" rather than "summary [sr-latn]", in the reader's language:
    # in the admin's labels, its error messages and the history. Imported here, not above:
    # the app registry is not ready while settings load.
    from core.i18n import localized_verbose_name

    return localized_verbose_name(verbose_name, code)


MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = _localized_verbose_name
# The tabbed admin's jQuery UI, from our own static files rather than a CDN.
JQUERY_UI_URL = "jquery-ui/jquery-ui.min.js"

# The translation screen (django-rosetta, wrapped by translations/): superusers and the
# "Translators" group; the Serbian Latin catalogue of this project only (the Cyrillic one
# is generated from it, Django's and other packages' catalogues are not ours to change).
ROSETTA_ACCESS_CONTROL_FUNCTION = "core.translations.access.can_translate"
ROSETTA_REQUIRES_AUTH = True
ROSETTA_LOGIN_URL = "/" + ADMIN_URL + "login/"
ROSETTA_LANGUAGES = [("sr-latn", _("Serbian (Latin)"))]
ROSETTA_MESSAGES_PER_PAGE = 20
ROSETTA_SHOW_OCCURRENCES = False
ROSETTA_ENABLE_TRANSLATION_SUGGESTIONS = False
# Our view saves, generates the Cyrillic catalogue and compiles both (core/translations/).
ROSETTA_AUTO_COMPILE = False
ROSETTA_POFILE_WRAP_WIDTH = 79

# --- Static and media files ------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("jquery-ui", jquery_ui.BASE_DIR),
]
MEDIA_URL = os.environ.get("DJANGO_MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    # Uploaded logos go through Django's storage API: a shared store (say S3 through
    # django-storages) replaces the local folder by naming its backend here.
    "default": {
        "BACKEND": os.environ.get(
            "DJANGO_MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage"
        )
    },
    "staticfiles": {
        # Hashed, compressed files need `collectstatic`; development serves the sources.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
# In development whitenoise serves the source files as they change, with no collectstatic.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG
# Logos are small; anything larger is refused with a form error, not a crash.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Logo renditions (core/logos.py), made by sorl-thumbnail when a logo is saved. Their names
# are hashes of the source (itself named by its content) and the options, so an address
# never changes content: the proxy serves this folder as immutable (deploy/Caddyfile).
THUMBNAIL_PREFIX = "logos/renditions/"
THUMBNAIL_STORAGE = "default"
# A small logo is never blown up; the pages show it at its own size.
THUMBNAIL_UPSCALE = False
# sorl-thumbnail's Pillow engine, reading a large upload once per save, not per rendition.
THUMBNAIL_ENGINE = "core.logos.RenditionEngine"
# Its key-value store (which renditions exist, and their sizes) is the cache in front of
# one table; pages never read it: the row keeps its renditions' names and sizes.
THUMBNAIL_KVSTORE = "sorl.thumbnail.kvstores.cached_db_kvstore.KVStore"

# --- Security --------------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
# HSTS is only ever sent over HTTPS, so it is harmless in development over plain http.
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Proxies in front of the site (the load balancer: 1) that set X-Forwarded-For and
# X-Forwarded-Proto, overwriting whatever the client sent. Believed from any peer: so
# with it set, gunicorn must be reachable through the proxy only. Whoever reaches it
# directly chooses the address the sign-in limits count (a new one for every guess)
# and claims HTTPS (README, "Deploying": how to check).
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Everything the pages and the admin load comes from our own origin; extra image origins
# (a shared media store) are added with DJANGO_CSP_IMG_SRC.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *env_list("DJANGO_CSP_IMG_SRC")],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
    },
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# Admin sign-in: failures are counted for an hour (the cool-off) in three ways, each with
# its limit (core/login_limits.py): one user name from one address (5), any user names
# from one address (20: a guesser trying accounts; an office's editors may share one
# address), one user name from any addresses (10: a guess at one account spread over
# many addresses). Reaching one locks that out for the rest of the hour, the right
# password included; a locked-out visitor gets a translated 429 page saying which.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_FAILURE_LIMITS = {
    "username+ip_address": env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5),
    "ip_address": env_int("DJANGO_LOGIN_ADDRESS_FAILURE_LIMIT", 20),
    "username": env_int("DJANGO_LOGIN_USER_FAILURE_LIMIT", 10),
}
AXES_HANDLER = "core.login_limits.LoginLimitsHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address", "username"]
# The pair's limit; the other groups are counted relative to their own (login_limits.py).
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMITS["username+ip_address"]
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_LOCKOUT_CALLABLE = "core.login_limits.lockout_response"
# Behind the proxies the client's address is in X-Forwarded-For. ipware counts only the
# proxies listed there: the last one (ours, which overwrites the header) is not, so one
# trusted proxy means a header holding the client alone; any other shape is ignored.
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1 if TRUSTED_PROXY_COUNT else None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if TRUSTED_PROXY_COUNT else ("REMOTE_ADDR",)
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Cache -----------------------------------------------------------------------------
# CACHE_URL: redis://host:6379/0 in production (shared by every copy of the site),
# locmem:// (the default) for one process, dummy:// for none.

CACHE_URL = os.environ.get("CACHE_URL", "locmem://")
# After the cache fails, seconds during which calls fail at once without asking it.
CACHE_BREAKER_SECONDS = env_int("CACHE_BREAKER_SECONDS", 15)
CACHE_BACKENDS = {
    # Django's, behind a circuit breaker (core/cache_backend.py).
    "redis": "core.cache_backend.RedisCache",
    "rediss": "core.cache_backend.RedisCache",
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
    "dummy": "django.core.cache.backends.dummy.DummyCache",
}
_cache_scheme = CACHE_URL.split("://", 1)[0]
if _cache_scheme not in CACHE_BACKENDS:
    raise ImproperlyConfigured(f"CACHE_URL: unknown scheme {_cache_scheme!r} in {CACHE_URL!r}.")
CACHES = {
    "default": {
        "BACKEND": CACHE_BACKENDS[_cache_scheme],
        "LOCATION": CACHE_URL if _cache_scheme.startswith("redis") else "astra",
        "KEY_PREFIX": "astra",
    }
}
if _cache_scheme.startswith("redis"):
    # A hung or absent Redis must not hold up a request: Redis beside the site answers
    # in well under a millisecond, so 50 ms means it is not answering. After a failure,
    # calls fail at once (no network) for CACHE_BREAKER_SECONDS, then one call probes;
    # one warning per interval. Pages are rendered uncached meanwhile.
    CACHES["default"]["OPTIONS"] = {
        "socket_connect_timeout": 0.05,
        "socket_timeout": 0.05,
        "breaker_seconds": CACHE_BREAKER_SECONDS,
    }
# Seconds a public page stays cached; every content change invalidates it at once anyway.
# 0 turns the page cache off (the development default: template edits show at once).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0 if DEBUG else 600)

# --- Logging ---------------------------------------------------------------------------
# One line per request (id, method, path, status, duration) on stdout; JSON in
# production for the log collector, plain text in development.

LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("DJANGO_LOG_FORMAT must be 'json' or 'text'.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "core.log.RequestIdFilter"},
        "client_error": {"()": "core.log.ClientErrorFilter"},
        "cache_outage": {"()": "core.cache_backend.OutageLogFilter"},
    },
    "formatters": {
        "json": {"()": "core.log.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
            # The cache breaker logs an outage once per interval; the failed calls it
            # stops are not logged again, one per request (core/cache_backend.py).
            "filters": ["request_id", "cache_outage"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # What Django refuses as suspicious is answered with our 400 page: a warning line
    # each, without the traceback Django attaches (core.log.ClientErrorFilter).
    "loggers": {
        f"django.security.{name}": {"filters": ["client_error"]}
        for name in (
            "DisallowedHost",
            "DisallowedRedirect",
            "RequestDataTooBig",
            "TooManyFieldsSent",
            "TooManyFilesSent",
        )
    },
}
