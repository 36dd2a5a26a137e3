"""Settings of the DOT portal.

Everything comes from the environment (django-environ) with safe defaults, so that the
same code runs in the embedded shape (SQLite, in-memory cache and channel layer, inline
tasks) and in the scaled shape (PostgreSQL, Redis, Celery): switching shape is
configuration only.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("DOT_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env()


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated into var/ on the first run."""
    if key := env.str("SECRET_KEY", default=""):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_htmx",
    "axes",
    "channels",
    "dot.core",
    "dot.accounts",
    "dot.org",
    "dot.public",
    "dot.communication",
    "dot.academics",
    "dot.content",
    "dot.plans",
    "dot.questions",
    "dot.assessments",
    "dot.forums",
    "dot.messaging",
    "dot.chat",
    "dot.meetings",
    "dot.schedule",
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
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dot.core.context_processors.portal",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
# Embedded default: SQLite under var/ (WAL). Scaled: DATABASE_URL=postgres://...
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'dot.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # The test database is created next to the one named in DATABASE_URL.
    DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME", default="test_dot")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Redis: cache, sessions, channel layer, Celery broker -----------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's backend with one redis client per pool (dot/core/redis_cache.py).
            "BACKEND": "dot.core.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="dot"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": env.str("CACHE_KEY_PREFIX", default="dot")},
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TIMEZONE = "Asia/Bishkek"
CELERY_BEAT_SCHEDULE: dict[str, dict] = {}
# п. 4.8: out-of-date ЭУМК flagged to departments and teachers once a day (dot.content).
CELERY_BEAT_SCHEDULE["content-flag-stale-umk"] = {
    "task": "content.flag_stale_umk",
    "schedule": 24 * 60 * 60,
}
# Issue 7: daily e-mail digests for users who chose them (dot.communication).
CELERY_BEAT_SCHEDULE["communication-send-digests"] = {
    "task": "communication.send_digests",
    "schedule": 24 * 60 * 60,
}
# Issue 6: attempts left open past their deadline are finalised with what was saved.
CELERY_BEAT_SCHEDULE["assessments-finalize-overdue"] = {
    "task": "assessments.finalize_overdue_attempts",
    "schedule": 60,
}
# Issue 8: reminders before online lessons start (dot.meetings).
CELERY_BEAT_SCHEDULE["meetings-send-reminders"] = {
    "task": "meetings.send_lesson_reminders",
    "schedule": 5 * 60,
}
# Issue 8: BigBlueButton recordings of finished lessons linked to their courses, hourly.
CELERY_BEAT_SCHEDULE["meetings-sync-recordings"] = {
    "task": "meetings.sync_recordings",
    "schedule": 60 * 60,
}

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="DOT portal <dot@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Auth -----------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# Login throttling (django-axes): lock a username+IP after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_VERBOSE = False

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский"), ("ky", "Кыргызча"), ("en", "English")]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Bishkek")
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Shared vendored assets (Bootstrap, htmx) live outside any app.
STATICFILES_DIRS = [BASE_DIR / "dot" / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_STORAGE",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Upload limits by kind (bytes); each app checks files by content (magic bytes) and size.
DOT_UPLOAD_MAX_BYTES = env.int("DOT_UPLOAD_MAX_BYTES", default=50 * 1024 * 1024)
DOT_IMPORT_MAX_BYTES = env.int("DOT_IMPORT_MAX_BYTES", default=5 * 1024 * 1024)

# --- Security -------------------------------------------------------------------------------
# DOT_HTTPS=true is the production switch: secure cookies, HSTS and redirect to HTTPS.
DOT_HTTPS = env.bool("DOT_HTTPS", default=False)
SESSION_COOKIE_SECURE = DOT_HTTPS
CSRF_COOKIE_SECURE = DOT_HTTPS
SECURE_SSL_REDIRECT = DOT_HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if DOT_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = DOT_HTTPS
SECURE_HSTS_PRELOAD = DOT_HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if DOT_HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 12)
X_FRAME_OPTIONS = "DENY"

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "DOT portal API",
    "DESCRIPTION": "API of the university's distance-learning (DOT) portal.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Choice sets that several serializers expose as "status": one named enum each, so
    # the schema is stable and `check --deploy` stays clean (drf_spectacular.W001).
    "ENUM_NAME_OVERRIDES": {
        "ApprovalStatusEnum": "dot.core.models.ApprovalStatus",
        "CurriculumStatusEnum": "dot.academics.models.CurriculumStatus",
        "StudentStatusEnum": "dot.academics.models.StudentStatus",
    },
}

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# --- Portal settings ------------------------------------------------------------------------
UNIVERSITY_NAME = env.str("UNIVERSITY_NAME", default="")
# Approval-route events become notifications (portal + e-mail), see dot.communication.approvals.
DOT_APPROVAL_NOTIFIER = env.str(
    "DOT_APPROVAL_NOTIFIER", default="dot.communication.approvals.notify_approval"
)
# Academic hours in one ECTS credit (п. 4.5: РУП lines whose hours disagree are flagged).
DOT_HOURS_PER_CREDIT = env.int("DOT_HOURS_PER_CREDIT", default=30)
# п. 4.8: an ЭУМК not revised for this many days is flagged to its department and teachers.
DOT_UMK_STALE_DAYS = env.int("DOT_UMK_STALE_DAYS", default=365)
# Size limits of uploaded ЭОР files (bytes) by type or family; see dot.content.conf.
DOT_CONTENT_MAX_BYTES = {
    "default": env.int("DOT_CONTENT_MAX_BYTES", default=50 * 1024 * 1024),
    "video": env.int("DOT_CONTENT_MAX_VIDEO_BYTES", default=500 * 1024 * 1024),
    "audio": env.int("DOT_CONTENT_MAX_AUDIO_BYTES", default=100 * 1024 * 1024),
}

# --- Video lessons and webinars (dot.meetings, issue 8) -------------------------------------
# Provider of new lessons: "bbb" (BigBlueButton) or "jitsi".
DOT_MEETINGS_PROVIDER = env.str("DOT_MEETINGS_PROVIDER", default="jitsi")
# BigBlueButton API endpoint (".../bigbluebutton/api/") and its shared secret.
BBB_URL = env.str("BBB_URL", default="")
BBB_SECRET = env.str("BBB_SECRET", default="")
BBB_CHECKSUM = env.str("BBB_CHECKSUM", default="sha256")  # sha1 | sha256 | sha384 | sha512
# Jitsi Meet base URL; with JITSI_APP_ID and JITSI_APP_SECRET the join links carry a JWT.
JITSI_URL = env.str("JITSI_URL", default="https://meet.jit.si")
JITSI_APP_ID = env.str("JITSI_APP_ID", default="")
JITSI_APP_SECRET = env.str("JITSI_APP_SECRET", default="")
# Minutes before a lesson's start when joining opens and the reminder goes out.
DOT_MEETINGS_JOIN_EARLY_MINUTES = env.int("DOT_MEETINGS_JOIN_EARLY_MINUTES", default=15)
DOT_MEETINGS_REMINDER_MINUTES = env.int("DOT_MEETINGS_REMINDER_MINUTES", default=30)

# --- Calendar (dot.schedule) ----------------------------------------------------------------
# Time zone of the iCalendar feeds and calendar pages.
DOT_CALENDAR_TIME_ZONE = env.str("DOT_CALENDAR_TIME_ZONE", default="Asia/Bishkek")

# --- Forums, messages, testing ----------------------------------------------------------------
# Minutes in which the author of a forum post may still edit it.
DOT_FORUM_EDIT_MINUTES = env.int("DOT_FORUM_EDIT_MINUTES", default=30)
# Largest attachment of a private message (bytes).
DOT_MESSAGE_MAX_BYTES = env.int("DOT_MESSAGE_MAX_BYTES", default=10 * 1024 * 1024)
# Largest scan of a DOT certificate (bytes).
DOT_SCAN_MAX_BYTES = env.int("DOT_SCAN_MAX_BYTES", default=10 * 1024 * 1024)
# Behind a reverse proxy that sets X-Forwarded-For: the tests' allowed networks (access
# points) then read the client's address from it. Never true without such a proxy.
DOT_TRUST_X_FORWARDED_FOR = env.bool("DOT_TRUST_X_FORWARDED_FOR", default=False)
# The ordinary answer save of an attempt is answered in front of Django (WSGI, scaled
# shape); see dot/assessments/fastpath.py. Off: every save goes through the API view.
DOT_FAST_ANSWER_SAVE = env.bool("DOT_FAST_ANSWER_SAVE", default=True)
