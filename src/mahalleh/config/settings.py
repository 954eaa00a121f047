"""Settings for Mahalleh.

Everything that differs between a laptop and a deployment comes from the environment:
DATABASE_URL (SQLite in the working directory by default), SECRET_KEY, DEBUG, ALLOWED_HOSTS,
TASKS_BACKEND (``database`` or ``rq``), REDIS_URL, SMS_BACKEND, EMAIL_BACKEND.
"""

import os
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(os.environ.get("MAHALLEH_HOME", Path.cwd()))

SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret-mahalleh")
DEBUG = os.environ.get("DEBUG", "1") == "1"
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "django_tables2",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "axes",  # login lock-out (see the "Sign-in and accounts" block below)
    "django_otp",
    "django_otp.plugins.otp_totp",
    "mahalleh.core",
    "mahalleh.accounts",
    "mahalleh.places",
    "mahalleh.agencies",
    "mahalleh.meetings",
    "mahalleh.minutes",
    "mahalleh.administration",  # issue 9: the province's user administration and onboarding
    "mahalleh.problems",  # issue 10: neighborhood problems
    "mahalleh.desks",  # issue 11: service desks, the year's plan, campaigns
    "mahalleh.reports",  # issue 12: dashboards, the map, profiles, monthly reports, capacities, indicators
    "mahalleh.demo",
]

MIDDLEWARE = [
    "mahalleh.core.uploads.RequestSizeLimitMiddleware",  # before anything reads the body
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "mahalleh.accounts.twofactor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "mahalleh.core.middleware.RequestContextMiddleware",
    "axes.middleware.AxesMiddleware",  # turns a lock-out into its page (accounts.lockout.lockout_response)
]

ROOT_URLCONF = "mahalleh.config.urls"
WSGI_APPLICATION = "mahalleh.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mahalleh.core.context_processors.today",
                "mahalleh.core.context_processors.navigation",
            ],
            "builtins": ["mahalleh.core.templatetags.persian", "mahalleh.core.templatetags.extras"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'mahalleh.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the task worker writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# ---- Sign-in and accounts (accounts.lockout, accounts.backends, accounts.twofactor) -----------------
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked pair or address, and any sign-in outside accounts.lockout.login_gate.
    "mahalleh.accounts.backends.GatedAxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [  # Django's validators, speaking Persian (accounts.validators)
    {"NAME": "mahalleh.accounts.validators.UserAttributeSimilarityValidator"},
    {"NAME": "mahalleh.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "mahalleh.accounts.validators.CommonPasswordValidator"},
    {"NAME": "mahalleh.accounts.validators.NumericPasswordValidator"},
]
# Lock-out (django-axes): LOGIN_FAILURE_LIMIT failures of one user name from one address lock that pair
# for LOGIN_LOCKOUT_MINUTES; an address that failed for LOGIN_IP_USERNAME_LIMIT user names is refused for
# all (axes has one limit, so that rule is accounts.lockout.MahallehAxesHandler's).
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))
LOGIN_IP_USERNAME_LIMIT = int(os.environ.get("LOGIN_IP_USERNAME_LIMIT", "20"))
# The addresses of the reverse proxies in front of the app (comma-separated). Only a request from one of
# them has its client address taken from X-Forwarded-For; otherwise REMOTE_ADDR (core.ratelimit.client_ip).
TRUSTED_PROXIES = [a.strip() for a in os.environ.get("TRUSTED_PROXIES", "").split(",") if a.strip()]
AXES_FAILURE_LIMIT = "mahalleh.accounts.lockout.failure_limit"  # read from LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = "mahalleh.accounts.lockout.cool_off"  # read from LOGIN_LOCKOUT_MINUTES
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "mahalleh.accounts.lockout.MahallehAxesHandler"
AXES_CLIENT_IP_CALLABLE = "mahalleh.core.ratelimit.client_ip"
AXES_USERNAME_CALLABLE = "mahalleh.accounts.lockout.username_of"
AXES_LOCKOUT_CALLABLE = "mahalleh.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = False  # a success does not wipe the failures before it
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # a refused try neither counts nor extends the lock
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failure kept (with AuditEntry events) for the audit
AXES_SENSITIVE_PARAMETERS = ["password", "csrfmiddlewaretoken"]  # never in the kept post data
# API tokens: how long `mahalleh issue_token` makes one last unless --days says otherwise.
API_TOKEN_DAYS = int(os.environ.get("API_TOKEN_DAYS", "90"))
# Two-factor sign-in (django-otp, TOTP) for the admin and the secretariat: off unless TWO_FACTOR=1.
TWO_FACTOR = os.environ.get("TWO_FACTOR", "0") == "1"
OTP_TOTP_ISSUER = "Mahalleh"
PASSWORD_RESET_TIMEOUT = 3 * 60 * 60
# The API's schema and documentation page (/api/docs) for signed-in users only: on with DEBUG=0.
API_DOCS_LOGIN_REQUIRED = os.environ.get("API_DOCS_LOGIN_REQUIRED", "0" if DEBUG else "1") == "1"
# ---- end of sign-in and accounts ----------------------------------------------------------------------

LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", "فارسی")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Tehran"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = os.environ.get("STATIC_ROOT") or None  # set for collectstatic in deployments
WHITENOISE_USE_FINDERS = True
MEDIA_URL = "/media/"  # never served: stored files go out through scoped download views (core.files)
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Let the web server send downloaded files: "X-Accel-Redirect" (nginx, with FILES_SENDFILE_PREFIX, an
# internal location aliased to MEDIA_ROOT) or "X-Sendfile"; empty, Django streams them (core.files).
FILES_SENDFILE_HEADER = os.environ.get("FILES_SENDFILE_HEADER", "")
FILES_SENDFILE_PREFIX = os.environ.get("FILES_SENDFILE_PREFIX", "/protected/")

# --- Uploads, request size, parsing limits (core.uploads, core.sandbox) ------------------------------
# One uploaded file: its bytes stop being taken past this (LimitedUploadHandler, before disk or memory).
UPLOAD_MAX_FILE_BYTES = int(os.environ.get("UPLOAD_MAX_FILE_BYTES", str(10 * 1024 * 1024)))
# A whole request: over this Content-Length (or streamed body) the answer is a Persian 413 page.
REQUEST_MAX_BYTES = int(os.environ.get("REQUEST_MAX_BYTES", str(50 * 1024 * 1024)))
FILE_UPLOAD_HANDLERS = [
    "mahalleh.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The minutes review form posts ~10 fields per resolution; up to minutes.parsing.MAX_RESOLUTIONS (2,000).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 25_000
# Uploaded documents are parsed in a child process with these limits (core.sandbox): address space,
# CPU seconds, and wall-clock seconds after which it is killed.
PARSE_MEMORY_MB = int(os.environ.get("PARSE_MEMORY_MB", "768"))
PARSE_CPU_SECONDS = int(os.environ.get("PARSE_CPU_SECONDS", "30"))
PARSE_TIMEOUT_SECONDS = float(os.environ.get("PARSE_TIMEOUT_SECONDS", "40"))
# Scripts read the CSRF token from the page (<meta name="csrf-token">, static/js/app.js), never the cookie.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_HTTPONLY = True
# --- end of uploads ----------------------------------------------------------------------------------

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

TASKS = {
    "default": (
        {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}
        if os.environ.get("TASKS_BACKEND") == "rq"
        else {"BACKEND": "django_tasks_db.DatabaseBackend"}
    )
}
RQ_QUEUES = {"default": {"URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")}}

# Working-day calendar: is Thursday a working day for the province's offices?
THURSDAY_IS_WORKING_DAY = os.environ.get("THURSDAY_IS_WORKING_DAY", "0") == "1"
# Tehran, used when a place has no location of its own.
DEFAULT_LOCATION = (35.6892, 51.3890)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "mahalleh@localhost")

# Notifications (core.notify, meetings.reminders); see docs/decisions/0002-notifications.md.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "mahalleh.core.notify.console.ConsoleSmsBackend")
REMINDER_DAYS_BEFORE = int(os.environ.get("REMINDER_DAYS_BEFORE", "3"))
# Problems (issue 10): how long after «fixed» the reporter may say it was not; the SMS gateway's secret
# for its reply callback (/sms/inbound/; empty: the callback refuses every call).
PROBLEM_CONFIRM_DAYS = int(os.environ.get("PROBLEM_CONFIRM_DAYS", "7"))
SMS_INBOUND_SECRET = os.environ.get("SMS_INBOUND_SECRET", "")
# The address users reach the site at (e.g. https://mahalleh.example.ir): e-mails link to the report form
# only when it is set (a background worker has no request to take it from).
SITE_URL = os.environ.get("SITE_URL", "")
KAVENEGAR_API_KEY = os.environ.get("KAVENEGAR_API_KEY", "")
KAVENEGAR_SENDER = os.environ.get("KAVENEGAR_SENDER", "")
KAVENEGAR_BASE_URL = os.environ.get("KAVENEGAR_BASE_URL", "https://api.kavenegar.com/v1")
KAVENEGAR_TIMEOUT = float(os.environ.get("KAVENEGAR_TIMEOUT", "10"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Production fails closed: secret key, HTTPS, CSP, error pages (issue 9; docs/architecture.md "Production") ---
from django.core.exceptions import ImproperlyConfigured  # noqa: E402  (kept in this block, for merges)

DEV_SECRET_KEY = "dev-only-not-secret-mahalleh"
if not DEBUG and SECRET_KEY in ("", DEV_SECRET_KEY):
    raise ImproperlyConfigured(
        "DEBUG=0 needs a SECRET_KEY of its own: set SECRET_KEY in the environment to a long random value "
        '(e.g. python -c "import secrets; print(secrets.token_urlsafe(50))"), never the development default.'
    )


def env_flag(name: str, default: bool) -> bool:
    """``1`` is on, ``0`` is off; unset or empty keeps the default (which follows DEBUG below)."""
    value = os.environ.get(name, "")
    return default if value == "" else value == "1"


# With DEBUG=0 every HTTPS protection is on unless the environment turns it off (`make serve` does, for
# plain HTTP on this machine); with DEBUG=1 (`make run`) they are off, so http://127.0.0.1:8000 works.
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_flag("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_flag("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS") or ("0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", False)
# X-Forwarded-Proto decides what is HTTPS only when the proxy in front is trusted to set it (and to drop a
# client's own): a client could otherwise claim HTTPS over plain HTTP.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_flag("SECURE_PROXY_TRUSTED", False) else None
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
# An idle timeout: the session ends SESSION_COOKIE_AGE seconds after the last request, give or take
# SESSION_RENEW_SECONDS (core.middleware.SessionRenewalMiddleware renews it at most that often, so a page
# view is not a database write).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE") or str(2 * 60 * 60))
SESSION_RENEW_SECONDS = int(os.environ.get("SESSION_RENEW_SECONDS") or "60")
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware") + 1,
    "mahalleh.core.middleware.SessionRenewalMiddleware",
)
SILENCED_SYSTEM_CHECKS = [
    "security.W021",  # HSTS preload is a promise to browser vendors; SECURE_HSTS_PRELOAD=1 makes it.
]

# Content-Security-Policy (django-csp 4): the app's own origin only, no inline script or style
# (static/js/app.js, static/css/mahalleh.css; htmx's indicator styles are in the CSS, base.html's htmx-config).
# img-src allows data: for Bootstrap's icons, which its CSS embeds as data: SVG; MAP_TILE_URL (a tile
# server's URL template) adds that server's origin for images.
from urllib.parse import urlsplit  # noqa: E402

from csp.constants import NONE, SELF  # noqa: E402

MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
_tiles = urlsplit(MAP_TILE_URL)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([f"{_tiles.scheme}://{_tiles.netloc}"] if _tiles.netloc else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "csp.middleware.CSPMiddleware")
# Persian error pages with DEBUG=1 too (core.errors); right after CommonMiddleware, so a missing slash
# is still redirected before a path counts as not found.
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.common.CommonMiddleware") + 1, "mahalleh.core.errors.ErrorPagesMiddleware")
CSRF_FAILURE_VIEW = "mahalleh.core.errors.csrf_failure"
DEFAULT_EXCEPTION_REPORTER = "mahalleh.core.errors.PersianExceptionReporter"

# --- Bounded input (issue 9): a search is at most this many words and characters (core.filtersets);
# the API pages at most NINJA_PAGINATION_MAX_LIMIT rows, its offset bounded too (core.pagination).
SEARCH_MAX_WORDS = int(os.environ.get("SEARCH_MAX_WORDS", "8"))
SEARCH_MAX_LENGTH = int(os.environ.get("SEARCH_MAX_LENGTH", "100"))
NINJA_PAGINATION_CLASS = "mahalleh.core.pagination.LimitOffsetPagination"
NINJA_PAGINATION_MAX_LIMIT = 1000
