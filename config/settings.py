"""The one settings module. Everything that differs between machines comes from the
environment; a bad value stops the process with a message instead of limping on."""

import os
from decimal import Decimal, InvalidOperation
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

# pytest (8.2 and later) announces itself in the environment; the test run gets the same
# settings as development, with a throwaway key and fast password hashing.
TESTING = "PYTEST_VERSION" in os.environ


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}.") from None


def env_decimal(name: str, default: str) -> Decimal:
    value = os.environ.get(name, "") or default
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}.") from None
    if not number.is_finite() or number <= 0:
        raise ImproperlyConfigured(f"{name} must be a positive number, not {value!r}.")
    return number


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "django-insecure-development-key-never-use-in-production"
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off. Set SECRET_KEY in the environment "
            "(or DEBUG=1 for local development)."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG or TESTING else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "django_htmx",
    "template_partials",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "accounts",
    "annotations",
    "debates",
    "moderation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.api.parsers.BodyLimitMiddleware",
    "core.etag.ApiConditionalGetMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "core.http.RefusalMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "debates.context_processors.notifications",
                "moderation.context_processors.moderation",
            ],
        },
    },
]

(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'counterpoint.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# SQLite (development, small sites, the API benchmark): a write-ahead log, so readers never
# wait for the writer, and SQLITE_SYNCHRONOUS=NORMAL (the default here), which syncs the
# log to disk at checkpoints instead of at every commit. A commit then costs no fsync (it
# was most of a vote's time: 20 ms of one disk's flush, taken in turn by every writer); a
# crash of the app loses nothing, a power cut may lose the last commits but never corrupts
# the file. FULL syncs at every commit again. PostgreSQL is not concerned.
SQLITE_SYNCHRONOUS = os.environ.get("SQLITE_SYNCHRONOUS", "NORMAL").upper()
if SQLITE_SYNCHRONOUS not in {"OFF", "NORMAL", "FULL", "EXTRA"}:
    raise ImproperlyConfigured(
        f"SQLITE_SYNCHRONOUS must be OFF, NORMAL, FULL or EXTRA, not {SQLITE_SYNCHRONOUS!r}."
    )
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "init_command", f"PRAGMA journal_mode=WAL; PRAGMA synchronous={SQLITE_SYNCHRONOUS};"
    )
# DB_POOL_MAX_SIZE=N: Django's psycopg pool, at most N connections per process, instead of
# one persistent connection per thread (docs/performance.md: pooling). PostgreSQL only.
if env_int("DB_POOL_MAX_SIZE", 0) > 0 and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": env_int("DB_POOL_MAX_SIZE", 0),
        "timeout": 10,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES: dict[str, dict[str, object]]
if REDIS_URL:
    # Shared by every process: the sign-in limiter's counts (SIGN_IN_LIMIT_STORE below),
    # the API's anonymous throttle, allauth's sign-up and reset limits. CACHE_KEY_PREFIX
    # keeps apart two deployments (or test runs) sharing one Redis.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "counterpoint"),
        },
        "reading": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "counterpoint") + "-reading",
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # The reading page's rendered article bodies (debates/reading_cache.py), apart from
        # the rate limiter's counters so that big entries never push those out. Per
        # process; an entry is the article's HTML (up to a few hundred KB).
        "reading": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "reading",
            "OPTIONS": {"MAX_ENTRIES": 200},
        },
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "optional")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# Password guessing has one limit for every way in (the sign-in page, the API's token
# endpoint, the admin): accounts/signin.py. allauth's own sign-in limits are off so there
# is one count, not two. Its other limits stay (they count in the cache: per process
# unless REDIS_URL is set).
ACCOUNT_RATE_LIMITS = {
    "login": "",
    "login_failed": "",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
# The sign-in limiter: (failed attempts, window in seconds) per account and per client
# address; past either, even the right password waits for the window to end.
SIGN_IN_LIMITS = {
    "account": (env_int("SIGN_IN_ACCOUNT_FAILURES", 5), 300),
    "address": (env_int("SIGN_IN_ADDRESS_FAILURES", 20), 300),
}
# Where its counts live, shared by every process: the database, or the cache when it is
# Redis (atomic increments; a per-process memory cache would multiply the limits).
SIGN_IN_LIMIT_STORE = "cache" if REDIS_URL else "database"

# The client's address (core/clients.py) comes from X-Forwarded-For only behind this
# many proxies of ours, each appending the address it saw; 0 ignores the header.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT must be 0 or more, not {TRUSTED_PROXY_COUNT}.")
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG or TESTING
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Counterpoint <noreply@localhost>")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
    # Written from the Simplified catalogue by `make messages` (core/hant_messages.py).
    ("zh-hant", _("Traditional Chinese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# In development and tests whitenoise serves straight from the app folders (no
# collectstatic needed); in production from the compressed, hashed STATIC_ROOT.
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
WHITENOISE_USE_FINDERS = DEBUG or TESTING

# Uploaded articles are read in memory; 5 MB holds any real news page.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
ARTICLE_MAX_UPLOAD_BYTES = 5 * 1024 * 1024

# Content-Security-Policy: no inline script anywhere; htmx is told not to inject its
# indicator styles (see base.html) so style-src needs no 'unsafe-inline' either.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG and not TESTING:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Per-member write limits: (count, window in seconds), tighter for accounts younger than
# RATE_LIMIT_ESTABLISHED_AFTER_DAYS. Counted in the database under a row lock, so they
# hold under parallel requests and across app servers.
RATE_LIMIT_ESTABLISHED_AFTER_DAYS = env_int("RATE_LIMIT_ESTABLISHED_AFTER_DAYS", 7)
RATE_LIMITS = {
    "passage": {"new": (20, 600), "established": (60, 600)},
    "counterargument": {"new": (10, 600), "established": (40, 600)},
    "vote": {"new": (60, 600), "established": (200, 600)},
    "flag": {"new": (10, 3600), "established": (30, 3600)},
    "appeal": {"new": (5, 3600), "established": (20, 3600)},  # one per item besides
    "url_import": {"new": (10, 600), "established": (30, 600)},  # pages fetched for a preview
}
# Import by URL refuses private, loopback, link-local... addresses (annotations/fetching.py)
# unless they are in one of these networks, e.g. "10.0.0.0/8,127.0.0.0/8" (tests: 127/8).
IMPORT_ALLOWED_NETWORKS = [
    n.strip() for n in os.environ.get("IMPORT_ALLOWED_NETWORKS", "").split(",") if n.strip()
]
# The total weight of open flags that hides an item until a moderator reviews it
# (moderation/weights.py: a new member's flag weighs 1, so 3 is "three new members").
FLAG_HIDE_WEIGHT = env_decimal("FLAG_HIDE_WEIGHT", "3")

# The API (config/api_urls.py, conventions in core/api/). Token authentication comes
# first so an anonymous write gets 401 with "WWW-Authenticate: Token"; the browser's
# session (with CSRF) works too. Write limits are the services' RATE_LIMITS above (429
# with Retry-After); the throttle below only guards anonymous reads, per client address
# (core/clients.py); password guessing is the sign-in limiter's (SIGN_IN_LIMITS).
API_MAX_BODY_BYTES = env_int("API_MAX_BODY_BYTES", 1024 * 1024)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["core.api.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.Cursor",
    "DEFAULT_FILTER_BACKENDS": ["core.api.filters.FilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["core.api.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("API_ANON_RATE", "600/minute")},
    "EXCEPTION_HANDLER": "core.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Counterpoint API",
    "DESCRIPTION": (
        "Everything a member or moderator can do in the browser. Authenticate with "
        "`Authorization: Token <key>` (POST /api/v1/auth/token/) or the browser session. "
        'Every error is `{"error": {"code", "message", "fields"}}`.'
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "VisibilityEnum": "annotations.models.Visibility",
        "StanceEnum": "debates.models.Stance",
        "FlagReasonEnum": "moderation.models.FlagReason",
        "LanguageEnum": "annotations.models.Language",
        "KindEnum": "debates.models.NotificationKind",
        "SearchKindEnum": "debates.models.SearchKind",
        "SearchOrderingEnum": "debates.models.SearchOrdering",
        "AppealStateEnum": "moderation.models.AppealState",
        "AppealDecisionEnum": "moderation.models.AppealDecision",
        "ItemTypeEnum": "moderation.serializers.TARGET_TYPES",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.add_error_responses",
        "core.api.schema.require_bodies",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
