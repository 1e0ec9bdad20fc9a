"""Settings shared by development, production and the tests.

Everything that differs between a laptop and production comes from the
environment, with defaults that let a newcomer run the site with nothing
installed: SQLite, the in-memory channel layer and Wagtail's database search.
The defaults here are a laptop's; ``development.py`` turns DEBUG on,
``production.py`` makes the defaults strict and ``test.py`` makes tests fast.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parents[1]
BASE_DIR = PROJECT_DIR.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False

# A key that is only good enough for development and tests; production.py
# refuses to start with it.
INSECURE_DEV_KEY = "django-insecure-dev-only-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY") or INSECURE_DEV_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A refused form gets a page in the site's frame and language, saying what to do.
CSRF_FAILURE_VIEW = "forum_site.views.csrf_failure"
# Pages that may open WebSockets, besides SITE_URL and CSRF_TRUSTED_ORIGINS
# (scheme://host:port; forum_site.origins).
WEBSOCKET_ALLOWED_ORIGINS = env_list("WEBSOCKET_ALLOWED_ORIGINS")

INSTALLED_APPS = [
    "daphne",
    # Our apps come first so their templates override Wagtail's and Django's.
    "forum_site",
    "forum_site.organisations",
    "forum_site.notifications",
    "forum_site.discussions",
    "forum_site.taxonomy",
    "practices",
    "consultations",
    "events",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    # Page translation (docs/i18n.md, "Translating content").
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "django_countries",
    "channels",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "forum_site.hygiene.RemoveNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # One viewer (user, organisations, roles, groups) per request: forum_site/viewer.py.
    "forum_site.viewer.ViewerMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy (forum_site/csp.py): before anything renders a template.
    "forum_site.csp.SiteCSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns a locked-out sign-in into the lockout page (django-axes).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "forum_site.urls"
ASGI_APPLICATION = "forum_site.asgi.application"
WSGI_APPLICATION = "forum_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "forum_site.context_processors.site_context",
            ],
        },
    },
]

# Database: DATABASE_URL (postgres://user@host:5432/name), default a SQLite file.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}


def sqlite_options() -> dict:
    """SQLite options for concurrent writers (Daphne's threads, a worker, a command).

    WAL lets readers go on while one connection writes. IMMEDIATE takes the
    write lock when a transaction begins, so two read-then-write transactions
    queue instead of deadlocking on the lock upgrade (which SQLite answers at
    once with "database is locked", whatever the timeout). The busy timeout
    (seconds) is how long a writer waits for its turn.
    """
    return {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }


if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(sqlite_options())
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME") or None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Channel layer: REDIS_URL selects channels-redis's pub/sub layer, so several
# Daphne processes share groups; otherwise the in-memory layer of one process.
# With pub/sub a process subscribes to a group's Redis channel once, whatever
# the number of its sockets in the group, and Redis sends each message once
# per process (docs/realtime.md, "One subscription per process").
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                # redis-py 8 reads with a 5 s socket timeout by default; keep
                # an idle connection's reads from failing every few seconds.
                "hosts": [{"address": REDIS_URL, "socket_timeout": 15}],
                "prefix": os.environ.get("CHANNEL_PREFIX", "forum"),
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "forum",
    }
}
if REDIS_URL:
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("CHANNEL_PREFIX", "forum"),
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
# Pages behind a login or groups view restriction send visitors to the site's
# own sign-in page (Wagtail's default is a bare one at /_util/login/).
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL  # reversed in the page's language
LOGIN_REDIRECT_URL = "profile"
LOGOUT_REDIRECT_URL = "/"

# Sign-in throttling (django-axes) for the site's login, Wagtail's and
# Django's admin logins: after AXES_FAILURE_LIMIT wrong passwords for one
# account from one address, that pair is refused for AXES_COOLOFF_TIME, even
# with the right password. Counted per username *and* address, so people
# behind one NAT address are not locked out by someone else, and nobody can
# lock a victim out from elsewhere. Needs the client's real address: Daphne
# runs with --proxy-headers behind nginx (docs/deployment.md).
AUTHENTICATION_BACKENDS = [
    "forum_site.auth_backends.ThrottledBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Attempts are stored with the username typed: cut to the column's length, so a
# 10,000-character "username" is refused like any wrong one (not a 500 on PostgreSQL).
AXES_USERNAME_CALLABLE = "forum_site.auth_backends.attempted_username"
# Password reset requests, per address and per e-mail address typed
# (forum_site.ratelimit; axes covers sign-in only): "requests/seconds".
PASSWORD_RESET_RATE_LIMIT = os.environ.get("PASSWORD_RESET_RATE_LIMIT", "5/900")
PASSWORD_RESET_EMAIL_RATE_LIMIT = os.environ.get("PASSWORD_RESET_EMAIL_RATE_LIMIT", "3/3600")

# Internationalisation: the six UN languages. Arabic is right to left; Chinese
# is Simplified (catalogs in locale/zh_Hans). docs/i18n.md.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("ru", _("Russian")),
    ("zh-hans", _("Simplified Chinese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One way to show dates and times per language (forum_site/formats).
FORMAT_MODULE_PATH = ["forum_site.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# wagtail-localize: a new translation is a draft until its translator publishes
# it (readers never see the source's words under another language's name).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Files that are not public (delegation documents, ...): outside MEDIA_ROOT,
# served only by views that ask the content's rule (forum_site.private_files).
# With PRIVATE_MEDIA_ACCEL_REDIRECT set ("/_private/"), those views answer with
# X-Accel-Redirect to nginx's internal locations (docs/deployment.md).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media"))
PRIVATE_MEDIA_ACCEL_REDIRECT = os.environ.get("PRIVATE_MEDIA_ACCEL_REDIRECT", "")
STORAGES = {
    # MEDIA_ROOT, but files marked private live in PRIVATE_MEDIA_ROOT/media/ (private_files.py).
    "default": {"BACKEND": "forum_site.private_files.MediaStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# Email: console on a laptop, SMTP from the environment in production.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "forum@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: production.py adds the strict defaults (HTTPS, HSTS, secure cookies).
SECURE_CONTENT_TYPE_NOSNIFF = True
# Wagtail's live preview shows our own pages in a frame of the admin.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# Content-Security-Policy (django-csp; forum_site/csp.py adds the site's WebSocket
# origin and the admin's allowances; docs/deployment.md). Scripts: our files or
# the response's nonce, nothing inline. CSP_REPORT_ONLY=1 only reports.
_CSP = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}
# (Not named CSP_REPORT_ONLY: django-csp's check refuses its pre-4.0 setting names.)
_CSP_REPORTING_ONLY = env_bool("CSP_REPORT_ONLY")
CONTENT_SECURITY_POLICY = None if _CSP_REPORTING_ONLY else _CSP
CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP if _CSP_REPORTING_ONLY else None

# Wagtail
WAGTAIL_SITE_NAME = "Migration Cities Forum"
# The site's public address: every absolute URL in the API, the exports,
# feeds and emails starts with it (never with the request's host).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "ods"]
# Documents are always served by Wagtail's view, which checks their collection's
# privacy, and sent by forum_site.private_files (X-Accel-Redirect in production).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Admin uploads are checked by their content too (forum_site/document_forms.py).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "forum_site.document_forms.CheckedDocumentForm"
SENDFILE_BACKEND = "forum_site.private_files"
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
# The admin stays within the Content-Security-Policy: no avatars from gravatar.com
# (which would also tell it every editor's e-mail hash) and no upgrade check
# against releases.wagtail.org; upgrades come through requirements.txt.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Search: Wagtail's database backend (SQLite FTS5, PostgreSQL full text) keeps
# the default index. With ELASTICSEARCH_URL set, the search app queries
# Elasticsearch itself through elasticsearch-dsl (docs/search.md) and falls
# back to the database backend when it is unreachable.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "forum_site.search_backend"}}
ELASTICSEARCH_INDEX_PREFIX = os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "forum")

# Side effects (emails, Wagtail's background work) go through a task queue in
# the database; `manage.py db_worker` runs them (docs/deployment.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

REST_FRAMEWORK = {"DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "daphne": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}
