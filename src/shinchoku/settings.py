"""Django settings, derived entirely from :mod:`shinchoku.config`."""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from shinchoku.config import load_config
from shinchoku.web.cache_settings import cache_settings

CONFIG = load_config()
PACKAGE_DIR = Path(__file__).resolve().parent

SECRET_KEY = CONFIG.secret_key
DEBUG = CONFIG.debug
ALLOWED_HOSTS = list(CONFIG.allowed_hosts)
if CONFIG.public_url and CONFIG.public_url.host not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append(CONFIG.public_url.host)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "shinchoku.accounts",
    "shinchoku.audit",
    "shinchoku.plans",
    "shinchoku.evaluations",
    "shinchoku.editions",
    "shinchoku.ingest",
    "shinchoku.search",
    "shinchoku.reports",
    "shinchoku.notifications",
    "shinchoku.api",
    "shinchoku.public",
    "shinchoku.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "shinchoku.accounts.middleware.SessionEndedMiddleware",
    "shinchoku.accounts.middleware.SessionRenewalMiddleware",
    "shinchoku.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "shinchoku.security_headers.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "shinchoku.urls"
WSGI_APPLICATION = "shinchoku.wsgi.application"

TEMPLATES = [
    {
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

DATABASES = {"default": dj_database_url.parse(CONFIG.database_url, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while the importer writes; the timeout absorbs short write bursts.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# "pages" keeps rendered read pages: in each process's memory, bounded in bytes, or in one Redis
# shared by every server when SHINCHOKU_CACHE_URL is set (see shinchoku.web.cache_settings).
CACHES = cache_settings(CONFIG.cache_url, CONFIG.page_cache_mb)
# Seconds after a change during which a stored page lacking it is still served to visitors other
# than its author while the page is rendered again (see shinchoku.web.page_cache); 0 turns it off.
PAGE_STALE_WINDOW = 60.0

AUTH_USER_MODEL = "accounts.User"
# Counts wrong passwords and refuses locked accounts on every sign-in path.
AUTHENTICATION_BACKENDS = ["shinchoku.accounts.backends.LockoutBackend"]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Served from the installed package by WhiteNoise through the finders: no collectstatic step, no
# STATIC_ROOT and no CDN (LGWAN has no internet).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
# A session ends after two idle hours or when the browser closes: shared office PCs are often left
# signed in. The expiry is pushed back at most once a minute, not on every request (each renewal is
# a database write): see shinchoku.accounts.middleware.SESSION_RENEWAL_INTERVAL.
SESSION_COOKIE_AGE = 2 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Behind the city's reverse proxy, SHINCHOKU_PUBLIC_URL (the address users type) decides the rest:
# the browser's Origin on every POST is that address, not the proxy's upstream one.
if CONFIG.public_url:
    CSRF_TRUSTED_ORIGINS = [CONFIG.public_url.origin]
if CONFIG.public_url and CONFIG.public_url.https:
    # The proxy ends TLS and talks plain HTTP to us; it must set this header (and overwrite any
    # copy sent by the client: nginx's proxy_set_header does), or every request looks insecure.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # A request that reached us over plain HTTP (the proxy forwarding port 80 as it is) is sent to
    # the https address instead of answered, so that no page or cookie travels unencrypted.
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = CONFIG.hsts_seconds
    # Deliberately off: the city's domain (*.lg.jp) holds other hosts that shinchoku knows nothing
    # about, some of them intranet sites served over plain HTTP; includeSubDomains would make
    # browsers refuse them for a year, and preload is a commitment of the whole domain that only
    # its owner can make (and hardly undo). Django's W005 and W021 are silenced below for this.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = False
    SECURE_HSTS_PRELOAD = False

# Reverse proxies of our own in front of the server, whose X-Forwarded-For entries are trusted.
SHINCHOKU_TRUSTED_PROXY_COUNT = CONFIG.trusted_proxy_count

# Django's English deploy warnings that shinchoku's own Japanese checks (shinchoku.checks) replace;
# `shinchoku serve` shows those instead:
SILENCED_SYSTEM_CHECKS = [
    # W004 (no HSTS), W008 (no SSL redirect), W012 (session cookie not Secure), W016 (CSRF cookie not
    # Secure): all follow from SHINCHOKU_PUBLIC_URL; shinchoku.W001 (not set), shinchoku.W002
    # (http://) and shinchoku.W003 (SHINCHOKU_HSTS_SECONDS=0) say what to change.
    "security.W004",
    "security.W008",
    "security.W012",
    "security.W016",
    # W005 (no includeSubDomains) and W021 (no preload): deliberate, see the HSTS comment above.
    "security.W005",
    "security.W021",
    # W009 (weak SECRET_KEY): shinchoku.E001 (missing or short key) and shinchoku.W004 (shorter
    # than Django's 50 characters or too few distinct characters).
    "security.W009",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Mail (reminders and notices, see shinchoku.notifications): through the city's SMTP relay when
# SHINCHOKU_SMTP_HOST is set; otherwise, and always in the demo, written as files into
# <data dir>/mail/ so that nothing leaves the machine.
DEFAULT_FROM_EMAIL = CONFIG.mail.mail_from
SERVER_EMAIL = CONFIG.mail.mail_from
MAIL_DIR = CONFIG.data_dir / "mail"
if CONFIG.mail.smtp_host and not CONFIG.demo:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = CONFIG.mail.smtp_host
    EMAIL_PORT = CONFIG.mail.smtp_port
    EMAIL_HOST_USER = CONFIG.mail.smtp_user
    EMAIL_HOST_PASSWORD = CONFIG.mail.smtp_password
    EMAIL_USE_TLS = CONFIG.mail.smtp_tls == "starttls"
    EMAIL_USE_SSL = CONFIG.mail.smtp_tls == "ssl"
    EMAIL_TIMEOUT = 30
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(MAIL_DIR)
