"""Sanshe settings, read from the environment.

Every variable is listed in README.md ("Configuration"). With DEBUG=1 the defaults
make `runserver` work on an embedded SQLite file; without it, the values production
must give (SECRET_KEY, ALLOWED_HOSTS) fail loudly when missing.
"""

import base64
import binascii
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A developer's checkout keeps local values in `.env` (`make install` writes DEBUG=1
# there, so `manage.py …` works without more); the environment wins over it, and a
# production installation has no such file (its values come from /etc/sanshe/).
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# Demo mode lets `create_demo_accounts` make logins with a known password.
DEMO_MODE = env.bool("DEMO_MODE", default=False)
# The share of the demo's bulk (the 20,500 Jiulong and 3,050 traffic volunteers
# and their hours) that `load_demo` makes; the tests use a small one.
DEMO_SCALE = env.float("DEMO_SCALE", default=1.0)


def required(name: str, development_default: str) -> str:
    """A value production must set; with DEBUG on, a development default is used."""
    value = env.str(name, default="")
    if value:
        return value
    if DEBUG:
        return development_default
    raise ImproperlyConfigured(
        f"{name} is not set. Set it in the environment (see README.md, Configuration), "
        "or set DEBUG=1 for local development."
    )


SECRET_KEY = required("SECRET_KEY", "django-insecure-sanshe-local-development-only")


def fernet_keys(name: str, development_default: str) -> list[str]:
    """Comma-separated Fernet keys (32 bytes, URL-safe base64): the first encrypts,
    every one decrypts, so a key can be rotated."""
    keys = [key.strip() for key in required(name, development_default).split(",") if key.strip()]
    for key in keys:
        try:
            valid = len(base64.urlsafe_b64decode(key.encode())) == 32
        except (binascii.Error, ValueError):
            valid = False
        if not valid:
            raise ImproperlyConfigured(
                f"{name} must hold Fernet keys (32 bytes, URL-safe base64), e.g. the output of "
                '`python -c "from cryptography.fernet import Fernet; '
                'print(Fernet.generate_key().decode())"`.'
            )
    return keys


# Personal data (volunteers' ID numbers) is encrypted with these keys. The
# development key is public: never use it for real data.
FIELD_ENCRYPTION_KEYS = fernet_keys(
    "FIELD_ENCRYPTION_KEY", "c2Fuc2hlLWRldmVsb3BtZW50LW9ubHkta2V5LTAwMDA="
)
# The secret of the keyed hash (HMAC-SHA256) that makes ID numbers unique and
# findable without decrypting them. Derived from the first encryption key unless
# set; set it before rotating that key, or every stored hash changes meaning.
FIELD_HASH_KEY = env.str("FIELD_HASH_KEY", default="")
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is not set (a comma-separated list of host names).")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "simple_history",
    "axes",
    "csp",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    # Our apps, lowest floor first (see STYLE.md): each may use the ones above it here.
    "centers",
    "members",
    "volunteers",
    "services",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
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
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Forms render with the project's templates (templates/forms/: the public forms' look).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: an embedded SQLite file unless DATABASE_URL names another database,
# e.g. postgres://postgres@127.0.0.1:5432/sanshe
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions make SQLite writers queue instead of failing with
    # "database is locked"; WAL lets readers go on while one writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
# A streaming replica of the primary, read by the dashboard and its exports.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {
        **env.db("DATABASE_REPLICA_URL"),
        "CONN_HEALTH_CHECKS": True,
        "CONN_MAX_AGE": DATABASES["default"].get("CONN_MAX_AGE", 0),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["centers.db_routing.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://sanshe")}
# With a shared cache (Redis), sessions live there too, so app nodes are interchangeable;
# otherwise in the database.
SESSION_ENGINE = env.str(
    "SESSION_ENGINE",
    default="django.contrib.sessions.backends.cache"
    if "redis" in CACHES["default"]["BACKEND"].lower()
    else "django.contrib.sessions.backends.db",
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "admin:login"

# Internationalisation: Chinese first, English second.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# Ours first; then django-filter's Chinese catalog, which it ships only as zh_CN
# (copied to zh_Hans, the name Django looks up for zh-hans).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "vendor" / "django_filters"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Files that must never be served by URL (exports, residents' photos): only views
# that check who asks hand them out.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Security. Behind nginx (see deploy/), the proxy terminates HTTPS and says so.
BEHIND_HTTPS_PROXY = env.bool("BEHIND_HTTPS_PROXY", default=not DEBUG)
if BEHIND_HTTPS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # The admin's templates carry style attributes; scripts stay strict.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# django-axes: 5 failures for one username from one address lock that pair for
# 30 minutes; a successful login clears the count.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A try during the lockout does not restart the 30 minutes.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "config.views.login_locked_out"
AXES_VERBOSE = False
if BEHIND_HTTPS_PROXY:
    AXES_IPWARE_PROXY_COUNT = 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")

SIMPLE_HISTORY_REVERT_DISABLED = True

# Background tasks: stored in the database, run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Sanshe's own settings (local rules; DOMAIN.md marks them *local*) ---
# Continuing education is counted in 3-year periods starting in this year
# (and every third year before and after it).
CONTINUING_EDUCATION_PERIOD_START_YEAR = env.int(
    "CONTINUING_EDUCATION_PERIOD_START_YEAR", default=2024
)
# Dashboard exports with more rows than this are built in the background.
EXPORT_BACKGROUND_ROWS = env.int("EXPORT_BACKGROUND_ROWS", default=5000)

# Repairs ("E修就好"): the response target, and when its clock runs. By default
# it always runs; e.g. REPAIR_CLOCK_HOURS=08:00-20:00 pauses it at night, and
# REPAIR_CLOCK_HOLIDAYS=2026-10-01,2026-10-02 on those days.
REPAIR_RESPONSE_TARGET_MINUTES = env.int("REPAIR_RESPONSE_TARGET_MINUTES", default=60)
REPAIR_CLOCK_HOURS = env.str("REPAIR_CLOCK_HOURS", default="")
REPAIR_CLOCK_HOLIDAYS = env.list("REPAIR_CLOCK_HOLIDAYS", default=[])
# A household's yearly repair plan, in yuan.
REPAIR_PLAN_YEARLY_FEE = env.str("REPAIR_PLAN_YEARLY_FEE", default="36.50")
# Residents' photos: at most this many bytes, kept here (never served directly).
REPAIR_PHOTO_MAX_BYTES = env.int("REPAIR_PHOTO_MAX_BYTES", default=5 * 1024 * 1024)
# Per client address and hour: repair orders sent, and tracking codes not found.
REPAIR_ORDERS_PER_HOUR = env.int("REPAIR_ORDERS_PER_HOUR", default=10)
REPAIR_TRACKING_MISSES_PER_HOUR = env.int("REPAIR_TRACKING_MISSES_PER_HOUR", default=20)

# Room booking: how many days /venues/ shows, the longest weekly series, and the
# booking requests one address may send per hour.
VENUE_BOOKING_DAYS_SHOWN = env.int("VENUE_BOOKING_DAYS_SHOWN", default=14)
VENUE_BOOKING_MAX_WEEKS = env.int("VENUE_BOOKING_MAX_WEEKS", default=12)
VENUE_BOOKING_REQUESTS_PER_HOUR = env.int("VENUE_BOOKING_REQUESTS_PER_HOUR", default=10)
# Star volunteers: cumulative confirmed hours for 1, 2, 3 … stars.
VOLUNTEER_STAR_THRESHOLDS = [
    int(hours)
    for hours in env.list(
        "VOLUNTEER_STAR_THRESHOLDS", default=["100", "300", "600", "1000", "1500"]
    )
]
if sorted(set(VOLUNTEER_STAR_THRESHOLDS)) != VOLUNTEER_STAR_THRESHOLDS:
    raise ImproperlyConfigured("VOLUNTEER_STAR_THRESHOLDS must be increasing, e.g. 100,300,600.")
# Service hours older than this many days are entered only with the director's
# permission ("record hours past the back-dating window").
VOLUNTEER_HOURS_BACKDATE_DAYS = env.int("VOLUNTEER_HOURS_BACKDATE_DAYS", default=90)

# Activities: occurrences are made this many days ahead (materialize_occurrences).
ACTIVITY_WINDOW_DAYS = env.int("ACTIVITY_WINDOW_DAYS", default=90)
# Sign-ups one address may send per hour (then the 429 page).
ACTIVITY_SIGNUPS_PER_HOUR = env.int("ACTIVITY_SIGNUPS_PER_HOUR", default=20)
# Unknown sign-up links one address may try per hour (then 429 for the hour).
ACTIVITY_SIGNUP_MISSES_PER_HOUR = env.int("ACTIVITY_SIGNUP_MISSES_PER_HOUR", default=20)
# Residents living alone not visited for this many days are listed as due.
RESIDENT_VISIT_INTERVAL_DAYS = env.int("RESIDENT_VISIT_INTERVAL_DAYS", default=30)
