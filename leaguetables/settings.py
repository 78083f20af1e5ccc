"""Settings: one module, read from the environment, failing loudly on bad values."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use true or false")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    items = [item.strip() for item in raw.split(",") if item.strip()]
    if not items:
        raise ImproperlyConfigured(f"{name} is set but names no host")
    return items


# Production mode: selected by the environment (deploy/production.env.example), and refusing to
# start on anything a public deployment must not run with.
PRODUCTION = env_bool("PRODUCTION", default=False)
DEBUG = env_bool("DEBUG", default=False)
DEVELOPMENT_KEY = "insecure-local-only-key-set-SECRET_KEY-in-production"

SECRET_KEY = os.environ.get("SECRET_KEY", "").strip()
if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("DEBUG=true in production mode: it shows tracebacks to anyone")
    if not SECRET_KEY or SECRET_KEY == DEVELOPMENT_KEY:
        raise ImproperlyConfigured(
            "production mode needs its own SECRET_KEY: the development key is public "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))')"
        )
    if (
        len(SECRET_KEY) < 50
        or len(set(SECRET_KEY)) < 5
        or any(mark in SECRET_KEY for mark in ("change-me", "$(", "${", " "))
    ):
        raise ImproperlyConfigured(
            "SECRET_KEY is too short, a placeholder or an unexpanded shell expression: "
            "write 50 or more random characters"
        )
elif not SECRET_KEY:
    if not DEBUG and env_bool("REQUIRE_SECRET_KEY", default=False):
        raise ImproperlyConfigured("SECRET_KEY must be set when REQUIRE_SECRET_KEY=true")
    # Only for a laptop or a test run: production mode refuses it.
    SECRET_KEY = DEVELOPMENT_KEY

if PRODUCTION and not os.environ.get("ALLOWED_HOSTS", "").strip():
    raise ImproperlyConfigured("production mode needs ALLOWED_HOSTS: the site's host names")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

_database_url = os.environ.get("DATABASE_URL", "").strip()
if _database_url:
    try:
        _database = dj_database_url.parse(_database_url, conn_max_age=60)
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from exc
    if not _database.get("ENGINE"):
        raise ImproperlyConfigured(f"DATABASE_URL names no known database engine: {_database_url}")
else:
    # The embedded default that lets `make run` work on a bare machine.
    _database = {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "var" / "db.sqlite3"}
if _database["ENGINE"] == "django.db.backends.sqlite3":
    # Readers keep reading while an import writes (WAL), and a writer waits for a lock rather
    # than failing at once with "database is locked".
    _database.setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tables2",
    "django_filters",
    "axes",
    "ninja",  # the API docs' assets from our static files, not a CDN
    "leaguetables",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "leaguetables.web.middleware.ContentSecurityPolicyMiddleware",
    # Outside the next one, so that its refusals under /api/ are JSON too.
    "leaguetables.web.api.middleware.JsonErrorsMiddleware",
    "leaguetables.web.middleware.RejectControlCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous public pages per data version (web/caching.py): before sessions and sign-in, as
    # a request with a session cookie is never served from it.
    "leaguetables.web.caching.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "leaguetables.web.middleware.ViewerMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "leaguetables.urls"
WSGI_APPLICATION = "leaguetables.wsgi.application"

TEMPLATES = [
    {
        # Public pages: Jinja2 with NHS.UK frontend macros.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "leaguetables.web.jinja.environment"},
    },
    {
        # The admin keeps Django templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", "").strip() or BASE_DIR / "var" / "staticfiles")
# WhiteNoise warns when its root is missing; before `collectstatic` it serves from the finders.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Hashed names, brotli and gzip copies written by `collectstatic` (make run, make bench, and the
# deployment), served by WhiteNoise as immutable for a year; tests use the plain storage
# (tests/conftest.py) and one test collects with this one.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "leaguetables.web.static.HashedCompressedStorage"},
}
# Finders serve the source files too (tests and `make run` before collectstatic); a deployment
# serves only what collectstatic wrote: WHITENOISE_USE_FINDERS=false (deploy/production.env).
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", default=True)

# Caches: the page cache (web/caching.py) keys every entry by the data version read from the
# database on each request, so each app server may keep its own local memory (the default) or
# share one (CACHE_URL, e.g. redis://host:6379/0 or a database table via CACHE_BACKEND) and
# none can serve a page older than the data. PAGE_MAX_AGE and PAGE_STALE_WHILE_REVALIDATE are
# what browsers and a CDN are told, always cut short before the next scheduled release.
CACHE_BACKEND = os.environ.get("CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache")
CACHES = {
    "default": {
        "BACKEND": CACHE_BACKEND,
        "LOCATION": os.environ.get("CACHE_LOCATION", "leaguetables"),
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "3000"))}
        if CACHE_BACKEND.endswith("LocMemCache")
        else {},
    }
}
PAGE_CACHE = env_bool("PAGE_CACHE", default=True)
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "86400"))
PAGE_MAX_AGE = int(os.environ.get("PAGE_MAX_AGE", "60"))
PAGE_STALE_WHILE_REVALIDATE = int(os.environ.get("PAGE_STALE_WHILE_REVALIDATE", "120"))

# Who may sign in: editors and trust teams (Django's auth), throttled by django-axes.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/account/sign-in/"
LOGIN_REDIRECT_URL = "/team/"
# After AXES_FAILURE_LIMIT wrong passwords for one account from one address, that pair waits
# AXES_COOLOFF_TIME hours; a right password resets the count.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/locked.jinja"
AXES_CLIENT_IP_CALLABLE = "leaguetables.web.logs.client_ip"
# Behind this many reverse proxies, the client's address is the last one they add.
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))

# The admin, for editors, at an address of the deployment's choosing.
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"
if ADMIN_URL == "/" or not all(part.isidentifier() or part.replace("-", "_").isidentifier()
                               for part in ADMIN_URL.strip("/").split("/")):  # fmt: skip
    raise ImproperlyConfigured(f"ADMIN_URL={ADMIN_URL!r}: use letters, digits, - and _")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "leaguetables <noreply@localhost>")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# A form sent without its token: our error page, in plain words.
CSRF_FAILURE_VIEW = "leaguetables.web.views.pages.csrf_failure"
if PRODUCTION:
    # HTTPS only: the proxy in front terminates TLS and says so in X-Forwarded-Proto.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS if host[0] != "."]
# Public pages keep every script and style in static files: see leaguetables/web/middleware.py.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# The admin's own pages carry a few inline styles; its scripts are static files.
ADMIN_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
X_FRAME_OPTIONS = "DENY"

# A copy of the bulk open data files, refreshed after every import, publication and withdrawal,
# for a mirror (empty: none). /data/bulk/ serves them made on request either way.
BULK_DATA_DIR = os.environ.get("BULK_DATA_DIR", "").strip()

# Structured logs: imports, publications, approvals (leaguetables.actions) and sign-ins
# (leaguetables.auth) as JSON lines in production; a 4xx is one line, with no traceback and
# the address escaped (web/logs.py).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json" if PRODUCTION else "text")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r}: use json or text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors": {"()": "leaguetables.web.logs.ClientErrorFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["client_errors"],
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "leaguetables": {"level": os.environ.get("LOG_LEVEL", "INFO" if PRODUCTION else "WARNING")},
        # Axes logs every attempt with the username; our own sign-in lines say what is needed.
        "axes": {"level": "WARNING"},
    },
}
