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
    "mahalleh.core",
    "mahalleh.accounts",
    "mahalleh.places",
    "mahalleh.agencies",
    "mahalleh.meetings",
    "mahalleh.minutes",
    "mahalleh.demo",
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
    "mahalleh.core.middleware.RequestContextMiddleware",
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
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
# Lock-out after repeated failed logins (see core.lockout).
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))

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
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

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

# --- Bounded input (issue 9): a search is at most this many words and characters (core.filtersets);
# the API pages at most NINJA_PAGINATION_MAX_LIMIT rows, its offset bounded too (core.pagination).
SEARCH_MAX_WORDS = int(os.environ.get("SEARCH_MAX_WORDS", "8"))
SEARCH_MAX_LENGTH = int(os.environ.get("SEARCH_MAX_LENGTH", "100"))
NINJA_PAGINATION_CLASS = "mahalleh.core.pagination.LimitOffsetPagination"
NINJA_PAGINATION_MAX_LIMIT = 1000
