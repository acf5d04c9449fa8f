"""Settings for Avvik. Every deployment difference is an environment variable.

Without any variables the app runs on its embedded default: a SQLite file under
``var/`` and Celery on Kombu's filesystem transport, so no Redis is needed.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
# Where the embedded default keeps its SQLite file, uploads and Celery queue.
VAR_DIR = Path(env.str("AVVIK_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=False)


def _local_secret_key() -> str:
    """Without SECRET_KEY (the embedded default) each installation makes its own key and
    keeps it under var/, so no two installations share a key that is public in the code."""
    from django.core.management.utils import get_random_secret_key

    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY", default="") or _local_secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The base URL used in e-mails (links back to a case).
SITE_URL = env.str("SITE_URL", default="http://localhost:8000").rstrip("/")

# The employer's legal duties (issue 14): where a serious injury is notified at once
# (arbeidsmiljøloven § 5-2), and NAV's form for an occupational injury (folketrygdloven
# § 13-14). Check them against the authorities' own pages when deploying.
ARBEIDSTILSYNET_PHONE = env.str("ARBEIDSTILSYNET_PHONE", default="73 19 97 00")
POLICE_PHONE = env.str("POLICE_PHONE", default="112")
NAV_OCCUPATIONAL_INJURY_FORM_URL = env.str(
    "NAV_OCCUPATIONAL_INJURY_FORM_URL", default="https://www.nav.no/yrkesskade"
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "csp",
    "axes",
    "orgchart",
    "avvik",
    "cases",
    "reports",
    "health",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "avvik.middleware.PrivacyHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Django's, but written only when changed or a minute old, never when an anonymous
    # report is filed, and a failed save after a committed change is never a 400.
    "avvik.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "avvik.middleware.DefaultLanguageMiddleware",
    "avvik.request_context.RequestContextMiddleware",
    "avvik.middleware.RequestLimitsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "orgchart.sso.middleware.ProviderFormActionMiddleware",
]

ROOT_URLCONF = "avvik.urls"
WSGI_APPLICATION = "avvik.wsgi.application"
ASGI_APPLICATION = "avvik.asgi.application"

TEMPLATES = [
    # crispy-forms' field template and its most used layout templates in Python, ahead of
    # the engine that has the files (avvik.form_rendering: form fields were half of a form
    # page's CPU).
    {
        "BACKEND": "avvik.form_rendering.engine.CrispyTemplatesInPython",
        "NAME": "crispy_in_python",
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "orgchart.context_processors.roles",
                "avvik.context_processors.request_limits",
                "avvik.context_processors.script_prefix",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'avvik.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and immediate transactions let several web processes and the worker share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication ------------------------------------------------------------------------
AUTH_USER_MODEL = "orgchart.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "orgchart.backends.EmailOrUsernameBackend",
    # Single sign-on; inert unless OIDC_ISSUER or OIDC_DISCOVERY_URL is set.
    "orgchart.sso.backend.MunicipalityOIDCBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Single sign-on (OpenID Connect, e.g. Microsoft Entra ID). Off while both are empty; then
# everyone logs in with a password as before. With it on, only accounts marked "may log in
# with a password" in the admin (break-glass administrators) can use a password.
OIDC_ISSUER = env.str("OIDC_ISSUER", default="")
OIDC_DISCOVERY_URL = env.str("OIDC_DISCOVERY_URL", default="")
OIDC_CLIENT_ID = env.str("OIDC_CLIENT_ID", default="")
OIDC_CLIENT_SECRET = env.str("OIDC_CLIENT_SECRET", default="")
OIDC_SCOPES = env.str("OIDC_SCOPES", default="openid email profile")
OIDC_SIGN_ALGO = env.str("OIDC_SIGN_ALGO", default="RS256")
# The claim holding the HR employee ID; people without it are matched by e-mail.
OIDC_EMPLOYEE_ID_CLAIM = env.str("OIDC_EMPLOYEE_ID_CLAIM", default="employee_id")
# Members of this provider group are HMS administrators (and others are not); empty: the
# provider decides nothing about roles.
OIDC_ADMIN_GROUP = env.str("OIDC_ADMIN_GROUP", default="")
OIDC_GROUPS_CLAIM = env.str("OIDC_GROUPS_CLAIM", default="groups")
# Empty: people the HR import does not know are refused. A unit code: they are created as
# plain employees there (temporary staff) until the HR import takes them over.
OIDC_UNKNOWN_PERSON_UNIT = env.str("OIDC_UNKNOWN_PERSON_UNIT", default="")
# Whom the refused person should contact, e.g. "IT-servicesenteret på telefon 12 34 56 78".
OIDC_UNKNOWN_PERSON_CONTACT = env.str("OIDC_UNKNOWN_PERSON_CONTACT", default="")
OIDC_TIMEOUT_SECONDS = env.int("OIDC_TIMEOUT_SECONDS", default=10)

# Login throttling (django-axes): five failures lock the account for 15 minutes, whatever
# spelling or identifier (user name, e-mail, employee ID) named it (orgchart.throttling).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "orgchart.throttling.lockout_identity"
# axes warns when the address is not among its lockout parameters, because counting a
# user name alone can be dodged by rotating user agents or cookies. Here the count is the
# account itself (nothing a client can rotate), and the per-address limit is
# LOGIN_ADDRESS_LIMIT below, higher than one person's because employees share addresses.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The list indexes carry extra columns for PostgreSQL's index-only scans; SQLite
    # builds them without those, which the embedded mode's small data does not miss.
    SILENCED_SYSTEM_CHECKS.append("models.W040")
# One address may fail this often across all accounts in the window (a municipality's
# employees often share one public address, hence more than one person's five).
LOGIN_ADDRESS_LIMIT = env.int("LOGIN_ADDRESS_LIMIT", default=30)
LOGIN_LIMIT_WINDOW = 15 * 60
# Password-reset e-mails: at most this many requests from one address, and e-mails to
# one person, an hour.
PASSWORD_RESET_ADDRESS_LIMIT = env.int("PASSWORD_RESET_ADDRESS_LIMIT", default=10)
PASSWORD_RESET_TARGET_LIMIT = env.int("PASSWORD_RESET_TARGET_LIMIT", default=3)
RESET_LIMIT_WINDOW = 60 * 60
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Logins coming back from the identity provider are neither counted nor locked.
AXES_WHITELIST_CALLABLE = "orgchart.sso.is_provider_login"
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)

# Sessions end after 30 minutes without activity. The session is written when it changes
# or when its last write is older than SESSION_REFRESH_SECONDS (not on every page view:
# avvik.middleware.SessionMiddleware), so the timeout holds to within that.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = env.int("SESSION_REFRESH_SECONDS", default=60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "avvik.error_pages.csrf_failure"

# --- Transport security --------------------------------------------------------------------
# Secure by default outside DEBUG; the embedded demo on plain http://localhost turns
# HTTPS off explicitly (HTTPS=false), production behind TLS keeps it on.
HTTPS = env.bool("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}

# --- Internationalisation ----------------------------------------------------------------
# The municipality's own written standard (målform): bokmål or nynorsk. Each person may
# choose another one (User.language); English is offered to people, not as the default.
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("nn", _("Norwegian Nynorsk")), ("en", _("English"))]
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="nb")
if LANGUAGE_CODE not in ("nb", "nn"):
    raise ImproperlyConfigured(
        f"LANGUAGE_CODE must be nb (bokmål) or nn (nynorsk), not {LANGUAGE_CODE!r}."
    )
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}
# Uploaded files live outside any public path and are served only through views that
# check who may see them.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
FILE_UPLOAD_PERMISSIONS = 0o640
# Where `make backup` (manage.py backup) writes unless told otherwise.
BACKUP_DIR = Path(env.str("BACKUP_DIR", default=str(VAR_DIR / "backups")))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A whole request (five files of 10 MB and the form) above this is answered with the
# app's own 413 page before it is read.
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=60 * 1024 * 1024)
# Decoding one uploaded photo may take at most this much memory (a 50-megapixel RGBA
# picture is 200 MB); larger ones are refused before decoding.
IMAGE_DECODE_BUDGET_BYTES = env.int("IMAGE_DECODE_BUDGET_BYTES", default=256 * 1024 * 1024)

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default=(
        "django.core.mail.backends.smtp.EmailBackend"
        if env.str("EMAIL_HOST", default="")
        else "django.core.mail.backends.console.EmailBackend"
    ),
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
# Used by the file-based backend (EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend).
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Avvik <avvik@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background work (Celery) --------------------------------------------------------
# With REDIS_URL the broker is Redis; without it, Kombu's filesystem transport under var/
# carries the same tasks, so the embedded default needs no other server.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_QUEUE_DIR = VAR_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # A broker that is away is noticed in seconds, not after the kernel's TCP timeout: the
    # request that queues after commit must not hang on it (see orgchart/queueing.py).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": 3600,
        "socket_connect_timeout": 2,
        "socket_timeout": 10,
    }
else:
    # The transport reads no host; naming one spares every start Kombu's warning that
    # none was supplied.
    CELERY_BROKER_URL = "filesystem://localhost/"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_QUEUE_DIR / "queue"),
        "data_folder_out": str(CELERY_QUEUE_DIR / "queue"),
        "control_folder": str(CELERY_QUEUE_DIR / "control"),
        "processed_folder": str(CELERY_QUEUE_DIR / "processed"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 10 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 9 * 60
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# Sending a task retries the broker briefly (about a second), then gives up: the row
# it was sent for stays in the outbox and the sweep below queues it again.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.3,
    "interval_max": 0.5,
}
CELERY_BEAT_SCHEDULE: dict = {}
# The AMU summaries of periods that ended (Oslo dates), early each morning.
CELERY_BEAT_SCHEDULE["build-due-amu-reports"] = {
    "task": "reports.tasks.build_due_amu_reports",
    "schedule": crontab(hour=2, minute=15),
}

# The statistics' quick choices of period (the default view among them) move with the
# date: ready for the new day before anyone opens them.
CELERY_BEAT_SCHEDULE["warm-statistics"] = {
    "task": "reports.tasks.warm_statistics",
    "schedule": crontab(hour=0, minute=20),
}

# Photos uploaded to report forms that were never sent are removed after this long.
ABANDONED_UPLOAD_HOURS = env.int("ABANDONED_UPLOAD_HOURS", default=24)
CELERY_BEAT_SCHEDULE["discard-abandoned-uploads"] = {
    "task": "avvik.tasks.discard_abandoned_uploads",
    "schedule": crontab(hour=3, minute=30),
}

# Closed cases whose retention period ran out are anonymised; the HMS administrators
# are sent the list a month ahead (cases.retention).
CELERY_BEAT_SCHEDULE["anonymise-expired-cases"] = {
    "task": "cases.tasks.anonymise_expired_cases_task",
    "schedule": crontab(hour=3, minute=45),
}

# Stale cases climb the service line. Every minute is cheap (one indexed query when
# nothing is due) and lets a passed deadline act within a minute, in the demo too.
CELERY_BEAT_SCHEDULE["escalate-stale-cases"] = {
    "task": "cases.tasks.escalate_stale_cases_task",
    "schedule": env.int("ESCALATION_SWEEP_SECONDS", default=60),
}
# The leaders' reminder of cases due within a working day, once each working morning.
CELERY_BEAT_SCHEDULE["send-deadline-reminders"] = {
    "task": "cases.tasks.send_deadline_reminders_task",
    "schedule": crontab(hour=7, minute=0, day_of_week="mon-fri"),
}
# Routine notices for those who chose one e-mail a day, before the working day starts.
CELERY_BEAT_SCHEDULE["send-daily-digests"] = {
    "task": "orgchart.notifications.send_daily_digests",
    "schedule": crontab(hour=6, minute=30),
}

# The outbox: notices owed by e-mail and AMU summaries ordered are rows in the database;
# their tasks are queued after commit as best effort. Every minute, whatever still waits
# this long after its task was due is queued again (a broker restart, a worker killed).
OUTBOX_GRACE_SECONDS = env.int("OUTBOX_GRACE_SECONDS", default=30)
CELERY_BEAT_SCHEDULE["requeue-waiting-notices"] = {
    "task": "orgchart.tasks.requeue_waiting_notices",
    "schedule": env.int("OUTBOX_SWEEP_SECONDS", default=60),
}
CELERY_BEAT_SCHEDULE["requeue-waiting-summaries"] = {
    "task": "reports.tasks.requeue_waiting_summaries",
    "schedule": env.int("OUTBOX_SWEEP_SECONDS", default=60),
}

# --- Caches ---------------------------------------------------------------------------------
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A cache that is away costs a page a second at most (it then reads the database).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        if REDIS_URL
        # Embedded: a directory the web processes and the worker share.
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    )
}

# The parts of the page frame that are the same for everyone in a language and a set of
# roles (the menu, the head's links, the footer: {% cache %} in templates/base.html), drawn
# once per process and kept in its memory: rendering them again costs more than the page's
# own work on a light page, and asking Redis would cost a round trip. They change only with
# the code, the translations and the static files, and so with a new process.
CACHES["template_fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "template-fragments",
    "TIMEOUT": None,
    "OPTIONS": {"MAX_ENTRIES": 2000},
}

# Login and password-reset counters (orgchart.throttling), shared by every web process.
CACHES["throttle"] = {**CACHES["default"], "KEY_PREFIX": "throttle"}

# The statistics page's figures are kept this long in the cache (0: computed on every
# request), and refreshed in the background once the data changes or they are older than
# STATISTICS_FRESH_SECONDS (see reports/figure_cache.py).
STATISTICS_CACHE_SECONDS = env.int("STATISTICS_CACHE_SECONDS", default=2 * 24 * 3600)
STATISTICS_FRESH_SECONDS = env.int("STATISTICS_FRESH_SECONDS", default=300)
# Figures of a subtree with more units than this, not kept yet, are computed by the worker
# while the page waits for them, rather than in the web process.
STATISTICS_INLINE_UNITS = env.int("STATISTICS_INLINE_UNITS", default=100)

# Readiness (/helse/klar/): the escalation sweep must have run within this many seconds,
# and the upload folder must have at least this much free space.
HEALTH_SWEEP_MAX_AGE_SECONDS = env.int("HEALTH_SWEEP_MAX_AGE_SECONDS", default=300)
HEALTH_MIN_FREE_DISK_MB = env.int("HEALTH_MIN_FREE_DISK_MB", default=500)
# Checks that ask another process (the broker, the workers) are remembered this long by
# each web process, so a poll every few seconds stays cheap.
HEALTH_CHECK_CACHE_SECONDS = env.int("HEALTH_CHECK_CACHE_SECONDS", default=5)
# The load balancer polls over plain http inside the network.
SECURE_REDIRECT_EXEMPT = [r"^helse/"]

# --- Reporting without an account --------------------------------------------------------
# Sends of the report form from one QR poster, and from one network address, per hour;
# wrong follow-up codes from one address per hour. Beyond them the form says so plainly.
POSTER_REPORTS_PER_HOUR = env.int("POSTER_REPORTS_PER_HOUR", default=60)
REPORTS_PER_ADDRESS_PER_HOUR = env.int("REPORTS_PER_ADDRESS_PER_HOUR", default=20)
FOLLOW_UP_CODE_FAILURES_PER_HOUR = env.int("FOLLOW_UP_CODE_FAILURES_PER_HOUR", default=10)

# --- Forms ------------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Django's standard widget templates drawn in Python (avvik.form_rendering.widgets).
FORM_RENDERER = "avvik.form_rendering.widgets.PythonWidgetRenderer"

# --- Logs and error reports -------------------------------------------------------------
# One JSON object a line in production (time, level, logger, message, request id, the
# person's id, the path without query values); plain text in development.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain" if DEBUG else "json")
# The worker's and beat's lines go through the same handlers as the web's.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "avvik.log_format.JsonFormatter"},
        "plain": {"()": "avvik.log_format.PlainFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # axes logs every successful login at INFO; failures and lockouts stay visible.
        "axes": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},
    },
}

# Errors go to Sentry or a self-hosted GlitchTip at this DSN, scrubbed of personal data
# (avvik/error_reports.py); without it nothing is sent anywhere.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from avvik.error_reports import init_error_reports

    init_error_reports(
        SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        release=env.str("SENTRY_RELEASE", default=""),
    )
