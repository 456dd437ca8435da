"""Settings for the Xiaomi Ecosystem Tracker.

Everything that differs between machines comes from the environment. With
nothing set the project runs on embedded defaults that need no server: SQLite
in var/ and a Celery broker kept in files under var/. Five variables are the
public interface: DEBUG, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL.
"""

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from ecosystem.core.env import (
    database_from_url,
    email_from_url,
    env_bool,
    env_int,
    env_list,
    env_networks,
    env_rate,
    redis_url,
    site_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent
# Run-time state of the embedded defaults (SQLite file, broker folders); git-ignored.
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if DEBUG:
    # A throw-away key for local development only; production must set its own.
    SECRET_KEY = SECRET_KEY or "django-insecure-local-development-only"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
else:
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS must be set when DEBUG is off (comma-separated host names)."
        )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_filters",
    "ninja",
    "csp",
    "axes",
    "simple_history",
    "ecosystem.core",
    "ecosystem.brands",
    "ecosystem.news",
    "ecosystem.announcements",
    "ecosystem.follows",
    "ecosystem.pages",
    "ecosystem.api",
]

MIDDLEWARE = [
    # First: everything after it sees the client's address, not the proxy's.
    "ecosystem.core.clients.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ecosystem.core.unavailable.DatabaseUnavailableMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it throttles failed admin sign-ins.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five failed sign-ins from one address and user name lock them out for an hour.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_RESET_ON_SUCCESS = True
# The client's address as TrustedProxyMiddleware found it, never a header as sent.
AXES_CLIENT_IP_CALLABLE = "ecosystem.core.clients.client_ip"
# A lockout ends an hour after it began: further failures do not renew it, so
# nobody can keep the real user locked out by trying on.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False

# Proxies whose X-Forwarded-For is believed (comma-separated addresses or
# networks; empty: none, the peer's address is the client's). See core/clients.py.
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES")

# Seconds a database statement may run (PostgreSQL): web requests, and the
# rest (workers, beat, commands). See core/timeouts.py.
WEB_STATEMENT_TIMEOUT = env_int("WEB_STATEMENT_TIMEOUT", 5)
WORKER_STATEMENT_TIMEOUT = env_int("WORKER_STATEMENT_TIMEOUT", 600)

# Per-client limits on what costs the server most (core/ratelimits.py).
RATE_LIMIT_SEARCH = env_rate("RATE_LIMIT_SEARCH", "20/m")
RATE_LIMIT_API = env_rate("RATE_LIMIT_API", "60/m")
# Follow requests per client address (each may send a confirmation mail).
RATE_LIMIT_FOLLOW = env_rate("RATE_LIMIT_FOLLOW", "10/h")

ROOT_URLCONF = "ecosystem.urls"
WSGI_APPLICATION = "ecosystem.wsgi.application"

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
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL names another one.
_database_url = os.environ.get("DATABASE_URL", "").strip()
if _database_url:
    DATABASES: dict[str, Mapping[str, Any]] = {"default": database_from_url(_database_url)}
else:
    # SQLite cannot create the folder its file lives in.
    VAR_DIR.mkdir(exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            # Waiting a little for a lock beats failing while the worker writes;
            # IMMEDIATE takes the write lock when a transaction begins, so two
            # writers cannot both read first and then write on stale reads.
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
            # The suite's database is a file too (one per test run, removed after
            # it): the browser tests' live server then opens its own connection
            # instead of sharing one across threads.
            "TEST": {"NAME": VAR_DIR / f"test-{os.getpid()}.sqlite3"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis, when given, is the Celery broker and the cache.
REDIS_URL = redis_url("REDIS_URL")
if REDIS_URL:
    CACHES: dict[str, dict[str, Any]] = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that hangs must not hold a page for long: the page cache
            # then renders without it (ecosystem/page_cache.py).
            "OPTIONS": {"socket_timeout": 1, "socket_connect_timeout": 1},
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    # A task that no worker acknowledged (its worker died) is delivered again
    # after this many seconds; it must exceed the longest task (the hard time
    # limit) and the longest countdown (the outbox hands over with a countdown
    # only jobs due within a minute; later ones wait in the database for its sweep).
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, int | str] = {
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 60 * 60),
        # A Redis that accepts connections but never answers fails a publish in
        # seconds instead of holding the web request that sent it.
        "socket_timeout": 5,
        "socket_connect_timeout": 5,
    }
    if int(CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]) <= env_int(
        "CELERY_TASK_TIME_LIMIT", 180
    ):
        raise ImproperlyConfigured(
            "CELERY_VISIBILITY_TIMEOUT must exceed CELERY_TASK_TIME_LIMIT, or Redis hands a "
            "task that is still running to a second worker."
        )
else:
    # Files, so that the worker's invalidations reach the web server's cached pages.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
    # kombu's filesystem transport: a real broker kept in folders, no server needed.
    _broker_dir = VAR_DIR / "celery" / "broker"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "control_folder": str(VAR_DIR / "celery" / "control"),
    }

CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A task is acknowledged only after it ran, so one killed mid-way is delivered again.
# Every task is idempotent, so running one twice is safe: the outbox's run_job
# claims its row first, fetch_source holds a lease on its source, and the beat
# ticks and the sweeps take only what is still due. A task that is not must say
# acks_late=False.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 120)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 180)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celery" / "beat-schedule")
CELERY_BEAT_SCHEDULE = {
    "enqueue-due-sources": {
        "task": "ecosystem.news.tasks.enqueue_due_sources",
        "schedule": 60.0,
        # A tick that no worker took within the minute is superseded by the next.
        "options": {"expires": 55},
    },
    # The outbox's sweep: hands over the jobs that are due and were never handed
    # over, or whose message was lost (core/outbox.py). Beat must run once: a
    # second beat only sends each tick twice, which the jobs' claims make harmless.
    "hand-over-due-jobs": {
        "task": "ecosystem.core.tasks.hand_over_due_jobs",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
}
CELERY_TIMEZONE = "UTC"

# The outbox (core/outbox.py): durable background jobs written with the change.
# A claimed job is left to its worker this long; beyond the hard time limit, so
# a live worker never loses its claim, and then handed to another.
OUTBOX_LEASE_SECONDS = env_int("OUTBOX_LEASE_SECONDS", CELERY_TASK_TIME_LIMIT + 30)
if OUTBOX_LEASE_SECONDS <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured(
        "OUTBOX_LEASE_SECONDS must exceed CELERY_TASK_TIME_LIMIT, or a job still running "
        "could be claimed again by another worker."
    )
# A job that failed this many times is left "failed" for an administrator to retry.
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 8)
# The first retry waits this long, each further one twice as long (at most an hour).
OUTBOX_RETRY_SECONDS = env_int("OUTBOX_RETRY_SECONDS", 30)
# A job handed to Celery that has not run after this long is handed over again
# (its message was lost with a Redis that restarted empty).
OUTBOX_HANDOVER_SECONDS = env_int("OUTBOX_HANDOVER_SECONDS", 120)
# /healthz answers 503 when a job has been due longer than this.
OUTBOX_MAX_AGE_SECONDS = env_int("OUTBOX_MAX_AGE_SECONDS", 600)
# Edits of aliases and exclusions within this many seconds share one re-match.
REMATCH_DELAY_SECONDS = env_int("REMATCH_DELAY_SECONDS", 60)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# Each name in its own language, as the switcher shows it.
LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files in production; plain files while developing.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Security. The defaults are the production ones; `make run` sets DEBUG=true.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# The health check answers over plain HTTP so container probes need no TLS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
)
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
# Both bind every subdomain, and preload for good: a deployer opts in.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
# `check --deploy` recommends both HSTS options; they are a deployer's choice
# (above), so their warnings are silenced while the choice is "no".
SILENCED_SYSTEM_CHECKS = [
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy: scripts and styles only from this site, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    # django-axes announces itself at INFO on every start, commands included.
    "loggers": {"axes": {"level": "WARNING"}},
}

# How long a public page or count may stay cached (seconds; 0 turns caching off).
# Changes invalidate them at once; this bounds staleness when that fails.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60)

# News ingestion. Feeds on private or loopback addresses are refused unless
# FEEDS_ALLOW_PRIVATE_NETWORKS is set (tests, intranet feeds).
FEEDS_ALLOW_PRIVATE_NETWORKS = env_bool("FEEDS_ALLOW_PRIVATE_NETWORKS", default=False)
FEEDS_CONNECT_TIMEOUT = env_int("FEEDS_CONNECT_TIMEOUT", 5)  # seconds
FEEDS_TOTAL_TIMEOUT = env_int("FEEDS_TOTAL_TIMEOUT", 30)  # seconds, whole download
FEEDS_MAX_BYTES = env_int("FEEDS_MAX_BYTES", 10 * 1024 * 1024)  # after decompression
FEEDS_MAX_REDIRECTS = env_int("FEEDS_MAX_REDIRECTS", 5)
# Consecutive failures after which a source is paused until an editor re-enables it.
FEEDS_PAUSE_AFTER_FAILURES = env_int("FEEDS_PAUSE_AFTER_FAILURES", 8)
# The same for failures that waiting does not cure (404, 403, a refused address):
# fewer, as each is hours apart already.
FEEDS_PAUSE_AFTER_PERMANENT_FAILURES = env_int("FEEDS_PAUSE_AFTER_PERMANENT_FAILURES", 3)

# Mail: EMAIL_URL names the SMTP server (smtp://, smtp+tls://, smtps://); unset,
# mails are written as files under var/mail/ (see README, "Following").
_email = email_from_url("EMAIL_URL", fallback_folder=VAR_DIR / "mail")
EMAIL_BACKEND = _email.backend
EMAIL_FILE_PATH = _email.file_path
EMAIL_HOST = _email.host
EMAIL_PORT = _email.port
EMAIL_HOST_USER = _email.user
EMAIL_HOST_PASSWORD = _email.password
EMAIL_USE_TLS = _email.use_tls
EMAIL_USE_SSL = _email.use_ssl
# A mail server that hangs must not hold a worker for long (seconds).
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Xiaomi Ecosystem Tracker <alerts@localhost>"
).strip()
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The public address links in mails and feeds point to.
SITE_URL = site_url("SITE_URL", default="http://127.0.0.1:8000" if DEBUG else None)
# Feeds and article pages are asked for under the product's name and address.
FEEDS_USER_AGENT = f"XiaomiEcosystemTracker/0.1 (news reader; +{SITE_URL})"

# Full text (ecosystem/news/ingestion/articles.py, fulltext.py): article pages of
# teaser feeds. The pause between two requests to one host (seconds), the pages
# one feed may have fetched per fetch of the feed, the size limit of a page, and
# how long a host's robots.txt is believed (seconds).
ARTICLES_HOST_DELAY = env_int("ARTICLES_HOST_DELAY", 5)
ARTICLES_PER_FETCH = env_int("ARTICLES_PER_FETCH", 20)
ARTICLES_MAX_BYTES = env_int("ARTICLES_MAX_BYTES", 3 * 1024 * 1024)
ARTICLES_ROBOTS_SECONDS = env_int("ARTICLES_ROBOTS_SECONDS", 24 * 60 * 60)

# Follows (ecosystem/follows/): digests go out at this hour (UTC), weekly ones
# on Mondays; instant alerts at most this many per address and hour; the
# confirmation mails one address may receive per day.
DIGEST_HOUR = env_int("DIGEST_HOUR", 7)
if not 0 <= DIGEST_HOUR <= 23:
    raise ImproperlyConfigured(f"DIGEST_HOUR={DIGEST_HOUR} is not an hour of the day (0 to 23).")
FOLLOWS_INSTANT_PER_HOUR = env_int("FOLLOWS_INSTANT_PER_HOUR", 4)
FOLLOWS_CONFIRMATIONS_PER_DAY = env_int("FOLLOWS_CONFIRMATIONS_PER_DAY", 3)
# Delivery attempts of one mail before it counts as failed, and failed mails in
# a row after which an address's follows are paused.
FOLLOWS_MAIL_ATTEMPTS = env_int("FOLLOWS_MAIL_ATTEMPTS", 5)
FOLLOWS_PAUSE_AFTER_FAILED_MAILS = env_int("FOLLOWS_PAUSE_AFTER_FAILED_MAILS", 3)

CELERY_BEAT_SCHEDULE.update(
    {
        # Instant alerts start after every store; this run sends what waited on
        # an address's hourly allowance, or on a broker that was down.
        "send-instant-alerts": {
            "task": "ecosystem.follows.tasks.send_instant_alerts",
            "schedule": 300.0,
            "options": {"expires": 290},
        },
        "send-daily-digests": {
            "task": "ecosystem.follows.tasks.send_digests",
            "schedule": crontab(minute=0, hour=DIGEST_HOUR),
            "args": ["daily"],
        },
        "send-weekly-digests": {
            "task": "ecosystem.follows.tasks.send_digests",
            "schedule": crontab(minute=0, hour=DIGEST_HOUR, day_of_week="mon"),
            "args": ["weekly"],
        },
        "deliver-due-mails": {
            "task": "ecosystem.follows.tasks.deliver_due_mails",
            "schedule": 60.0,
            "options": {"expires": 55},
        },
        "forget-unconfirmed-follows": {
            "task": "ecosystem.follows.tasks.forget_unconfirmed_follows",
            "schedule": crontab(minute=30, hour=3),
        },
    }
)
