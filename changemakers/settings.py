"""Settings for Changemakers: one module, driven by environment variables.

Default: SQLite (WAL) and the in-memory channel layer, one process on one laptop.
Scaled: DATABASE_URL=postgres://... and REDIS_URL=redis://... for several daphne processes.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from changemakers.security import private_sqlite_file
from exercises.kinds import APPS as KIND_APPS

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("CHANGEMAKERS_DATA_DIR", BASE_DIR / "data"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def load_or_create_secret_key() -> str:
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = BASE_DIR / ".secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = load_or_create_secret_key()
DEBUG = env_bool("DEBUG")

# Phones on the venue network reach the laptop by its LAN address, which we cannot know
# in advance: by default every host is allowed. Set ALLOWED_HOSTS on a public server.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "*")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "channels",
    "django_htmx",
    "template_partials.apps.SimpleAppConfig",
    "workshops",
    "exercises",
    *KIND_APPS,
    "talks",
    "seating",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "changemakers.security.reject_nul_bytes",
    # HTML compressed (static files come precompressed from whitenoise, which answers before
    # this). BREACH: Django masks the CSRF token anew in every response and, since 4.2, pads
    # each gzip response with random bytes; no other secret is echoed next to user input.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "changemakers.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
            ],
            # Parsed templates are cached (except in DEBUG): every push renders fragments.
            "loaders": [
                (
                    "template_partials.loader.Loader",
                    [
                        (
                            "django.template.loaders.cached.Loader",
                            [
                                "django.template.loaders.filesystem.Loader",
                                "django.template.loaders.app_directories.Loader",
                            ],
                        )
                    ]
                    if not DEBUG
                    else [
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
            "builtins": [
                "template_partials.templatetags.partials",
                "workshops.templatetags.content_lang",
            ],
        },
    },
]

ASGI_APPLICATION = "changemakers.asgi.application"

DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'changemakers.sqlite3'}", conn_max_age=0
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers wait for each other instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
    private_sqlite_file(Path(DATABASES["default"]["NAME"]))
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and (
    pool_size := int(os.environ.get("DATABASE_POOL_SIZE", "20"))
):
    # Under ASGI every request runs in a thread of its own, each with its own connection: a
    # burst of answers would open more than PostgreSQL allows ("too many clients", a 500).
    # A pool per process makes them wait their turn instead. Keep processes × size below the
    # server's max_connections (100 by default). DATABASE_POOL_SIZE=0: no pool (the test
    # process, whose threads do not all return their connections).
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 2,
        "max_size": pool_size,
        "timeout": 30,
    }

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            # channels-redis that lives through a short Redis outage (changemakers/layers.py).
            "BACKEND": "changemakers.layers.OutageTolerantRedisChannelLayer",
            "CONFIG": {
                # No socket timeout: channels-redis reads with a 5 s blocking pop, so one
                # shorter than that (redis-py 8's default; redis-py is pinned to 7, whose
                # default is none) closes every idle WebSocket with 1011; and with any socket
                # timeout, a consumer's receive cancelled as its socket closes sometimes
                # swallows the cancellation and keeps popping for ever (a task and a Redis
                # connection leaked per closed socket; 1 in ~50 in a loop of cancels, and
                # tests/test_live.py hung on it).
                "hosts": [{"address": REDIS_URL, "socket_connect_timeout": 5}],
                # Per process (all its sockets share one queue); pings are coalesced anyway.
                "capacity": 1000,
            },
        }
    }
else:
    # Channels' own InMemoryChannelLayer gets quadratically slower as sockets grow (see
    # changemakers/layers.py); CHANNEL_LAYER=stock selects it anyway, for the benchmark.
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels.layers.InMemoryChannelLayer"
            if os.environ.get("CHANNEL_LAYER") == "stock"
            else "changemakers.layers.ScalableInMemoryChannelLayer"
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workshops:event_list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # The phone's scripts and styles as one minified file each (changemakers/bundles.py).
    "changemakers.bundles.BundleFinder",
]
BUNDLE_ROOT = BASE_DIR / "build" / "bundles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names (cached for a year: whitenoise marks them immutable) and .gz/.br copies,
    # written by collectstatic (`make run` and the tests run it); whitenoise's storage, with
    # zopfli for the phone's bundles.
    "staticfiles": {"BACKEND": "changemakers.bundles.StaticFilesStorage"},
}
# Same-origin pages only: no Access-Control-Allow-Origin header on every static file.
WHITENOISE_ALLOW_ALL_ORIGINS = False
# Only in development: files served from the finders are never the compressed copies.
WHITENOISE_USE_FINDERS = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SESSION_COOKIE_AGE = 60 * 60 * 24 * 30
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Behind a proxy that terminates https and sets X-Forwarded-Proto (see the README): https only.
HTTPS = env_bool("HTTPS")
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)

# Rate limits: "memory://" in one process, the Redis URL when scaled out.
RATELIMIT_STORAGE_URL = os.environ.get("RATELIMIT_STORAGE_URL", REDIS_URL or "memory://")
# Addresses or networks of reverse proxies whose X-Forwarded-For names the client (rate limits).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"forbidden": {"()": "changemakers.security.ForbiddenWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["forbidden"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
