"""Settings shared by every deployment; deployment-specific modules override from env."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from supportdesk.config import env
from supportdesk.config.file_storage import file_storages
from supportdesk.content_security import content_security_policy

PACKAGE_DIR = Path(__file__).resolve().parents[2]

SECRET_KEY = env.embedded_secret_key()
DEBUG = env.env_bool("DEBUG", False)
ALLOWED_HOSTS = env.env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "ninja",  # its templates and static files: the API docs load Swagger UI from us, not a CDN
    "supportdesk.ops.apps.TasksConfig",  # django_tasks_db, its name translated
    "crontask",
    "supportdesk.accounts",
    "supportdesk.customers",
    "supportdesk.tickets",
    "supportdesk.sla",
    "supportdesk.search",
    "supportdesk.workspace",
    "supportdesk.api",
    "supportdesk.portal",
    "supportdesk.fault_reports",
    "supportdesk.ops",
    "supportdesk.mail",
    "supportdesk.telegram",
    "supportdesk.chat",
    "supportdesk.webhooks",
    "supportdesk.reports",
]

MIDDLEWARE = [
    "supportdesk.log_lines.request_id_middleware",
    "supportdesk.ops.request_latency.RequestLatencyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]
SECURE_CSP = content_security_policy()

ROOT_URLCONF = "supportdesk.config.urls"
ASGI_APPLICATION = "supportdesk.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
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


def sqlite_database(path: Path) -> dict[str, object]:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        # WAL lets the web server, worker and scheduler share the file; IMMEDIATE avoids
        # "database is locked" on lock upgrades inside write transactions.
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        },
    }


def server_database(url: str) -> dict[str, object]:
    database: dict[str, object] = dict(
        dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    )
    postgresql = database["ENGINE"] == "django.db.backends.postgresql"
    if postgresql and env.env_bool("DATABASE_PREPARED_STATEMENTS", True):
        # Parameters travel apart from the SQL and a statement run five times is prepared:
        # the server parses and plans the intake's inserts once per connection, not per
        # email. Off behind a pooler in transaction mode (PgBouncer), which cannot keep them.
        from_url = database.get("OPTIONS")  # sslmode and the like
        options = dict(from_url) if isinstance(from_url, dict) else {}
        database["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 5} | options
    return database


_database_url = env.env_str("DATABASE_URL", "")
DATABASES = {
    "default": (
        server_database(_database_url)
        if _database_url
        else sqlite_database(env.var_dir() / "supportdesk.sqlite3")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Moscow"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.env_str("STATIC_ROOT", str(env.var_dir() / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.env_str("MEDIA_ROOT", str(env.var_dir() / "media")))
# Attachments: MEDIA_ROOT (a directory every node shares) or S3-compatible object storage.
STORAGES = file_storages()

# "analysis" is served by its own worker, so a slow attachment never delays a delivery.
TASK_QUEUES = ["default", "analysis"]
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": TASK_QUEUES,
    }
}

# State every process of one installation must agree on (queue counts, rate limits, lock-outs):
# Redis when REDIS_URL is set, else a table in the desk's database (created by `migrate`, see
# supportdesk.ops.cache_table). Never per-process memory.
CACHES = {"default": env.cache_backend()}
# How a change reaches the sockets of other processes: Redis when REDIS_URL is set; otherwise each
# process's memory, and the chat's relay polls the database for what other processes did.
CHANNEL_LAYERS = {"default": env.channel_layer()}

# The desk-wide mailer (notifications, portal mail); mailboxes may bring their own SMTP.
MAILERS = {
    "default": {
        "BACKEND": env.env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {
            "host": env.env_str("EMAIL_HOST", "localhost"),
            "port": env.env_int("EMAIL_PORT", 25),
            "username": env.env_str("EMAIL_HOST_USER", ""),
            "password": env.env_str("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env.env_bool("EMAIL_USE_TLS", False),
            # Seconds per network operation, well inside SUPPORTDESK_CLAIM_TIMEOUT.
            "timeout": env.env_int("EMAIL_TIMEOUT", 10),
        },
    }
}
DEFAULT_FROM_EMAIL = env.env_str("DEFAULT_FROM_EMAIL", "SupportDesk <help@localhost>")

# The desk's own knobs.
# Keys that encrypt stored secrets (mailbox passwords); the first encrypts, all decrypt.
SUPPORTDESK_SECRETS_KEYS = env.embedded_secrets_keys()
SUPPORTDESK_MAX_ATTACHMENT_BYTES = env.env_int("SUPPORTDESK_MAX_ATTACHMENT_BYTES", 25 * 1024 * 1024)
# Requests one API token may make per minute (counted in the shared cache; 429 beyond).
SUPPORTDESK_API_REQUESTS_PER_MINUTE = env.env_int("SUPPORTDESK_API_REQUESTS_PER_MINUTE", 600)
# The chat widget: messages one customer may send a minute; the demo host page (/chat/demo/).
SUPPORTDESK_CHAT_MESSAGES_PER_MINUTE = env.env_int("SUPPORTDESK_CHAT_MESSAGES_PER_MINUTE", 20)
SUPPORTDESK_CHAT_DEMO = env.env_bool("SUPPORTDESK_CHAT_DEMO", False)
# All files of one portal request/reply or one email together (one file: the line above).
SUPPORTDESK_MAX_UPLOAD_TOTAL_BYTES = env.env_int(
    "SUPPORTDESK_MAX_UPLOAD_TOTAL_BYTES", 50 * 1024 * 1024
)
SUPPORTDESK_WORKER_HEARTBEAT_MAX_AGE = env.env_int("SUPPORTDESK_WORKER_HEARTBEAT_MAX_AGE", 180)
SUPPORTDESK_OUTBOX_MAX_ATTEMPTS = env.env_int("SUPPORTDESK_OUTBOX_MAX_ATTEMPTS", 8)
# Recovery of work a killed process left behind. A worker beats every BEAT seconds; one silent
# for DEAD_AFTER seconds is dead and its running tasks are run again (at most TASK_MAX_RUNS
# times in all). A delivery claimed CLAIM_TIMEOUT seconds ago is released: the senders'
# network timeouts are well under it, so only a dead sender leaves one that old.
SUPPORTDESK_WORKER_BEAT_SECONDS = env.env_float("SUPPORTDESK_WORKER_BEAT_SECONDS", 5)
SUPPORTDESK_WORKER_DEAD_AFTER = env.env_float("SUPPORTDESK_WORKER_DEAD_AFTER", 30)
SUPPORTDESK_RECOVERY_SWEEP_SECONDS = env.env_float("SUPPORTDESK_RECOVERY_SWEEP_SECONDS", 10)
SUPPORTDESK_CLAIM_TIMEOUT = env.env_float("SUPPORTDESK_CLAIM_TIMEOUT", 45)
SUPPORTDESK_TASK_MAX_RUNS = env.env_int("SUPPORTDESK_TASK_MAX_RUNS", 3)
# One attachment-analysis task runs in a child process killed after this many seconds of
# wall-clock time or when it asks for more memory than this.
SUPPORTDESK_ANALYSIS_TIME_LIMIT = env.env_int("SUPPORTDESK_ANALYSIS_TIME_LIMIT", 300)
SUPPORTDESK_ANALYSIS_MEMORY_LIMIT_MB = env.env_int("SUPPORTDESK_ANALYSIS_MEMORY_LIMIT_MB", 1024)
# Links to the vendor's diagrams in free text (empty: the diagnostics core's default).
SUPPORTDESK_DIAGRAM_URL_PATTERN = env.env_str("SUPPORTDESK_DIAGRAM_URL_PATTERN", "")
# Share of an SLA target after which the assignee is warned.
SUPPORTDESK_SLA_WARNING_RATIO = env.env_float("SUPPORTDESK_SLA_WARNING_RATIO", 0.8)
# Outgoing webhooks: hosts (names, addresses or networks) that may take plain HTTP or live at a
# private or local address (none: public HTTPS only); seconds per request; tries before failing.
SUPPORTDESK_WEBHOOK_ALLOW = env.env_list("SUPPORTDESK_WEBHOOK_ALLOW", [])
SUPPORTDESK_WEBHOOK_TIMEOUT = env.env_float("SUPPORTDESK_WEBHOOK_TIMEOUT", 10)
SUPPORTDESK_WEBHOOK_MAX_ATTEMPTS = env.env_int("SUPPORTDESK_WEBHOOK_MAX_ATTEMPTS", 8)

# The Telegram bot; no token, no bot. "polling" needs no public URL (embedded default);
# "webhook" is for production: Telegram calls TELEGRAM_WEBHOOK_URL with the secret.
TELEGRAM_BOT_TOKEN = env.env_str("TELEGRAM_BOT_TOKEN", "")
TELEGRAM_MODE = env.env_str("TELEGRAM_MODE", "polling")
TELEGRAM_WEBHOOK_URL = env.env_str("TELEGRAM_WEBHOOK_URL", "")
TELEGRAM_WEBHOOK_SECRET = env.env_str("TELEGRAM_WEBHOOK_SECRET", "")
TELEGRAM_API_URL = env.env_str("TELEGRAM_API_URL", "https://api.telegram.org")

# Public address of the desk, for links in emails.
SUPPORTDESK_BASE_URL = env.base_url()
SESSION_COOKIE_AGE = env.env_int("SESSION_COOKIE_AGE", 12 * 3600)
SUPPORTDESK_LOGIN_RATE = env.env_str("SUPPORTDESK_LOGIN_RATE", "20/10m")
SUPPORTDESK_LOGIN_LOCKOUT_RATE = env.env_str("SUPPORTDESK_LOGIN_LOCKOUT_RATE", "5/15m")
SUPPORTDESK_REGISTRATION_RATE = env.env_str("SUPPORTDESK_REGISTRATION_RATE", "5/h")
SUPPORTDESK_PASSWORD_RESET_RATE = env.env_str("SUPPORTDESK_PASSWORD_RESET_RATE", "5/h")
SUPPORTDESK_TRUSTED_PROXIES = env.env_networks("SUPPORTDESK_TRUSTED_PROXIES")
# Who may read /metrics: the bearer token, or client addresses in these networks. Neither set:
# nobody, except from 127.0.0.1 where LOOPBACK_OPEN (the embedded default) says so.
SUPPORTDESK_METRICS_TOKEN = env.env_str("SUPPORTDESK_METRICS_TOKEN", "")
SUPPORTDESK_METRICS_ALLOW = env.env_networks("SUPPORTDESK_METRICS_ALLOW")
SUPPORTDESK_METRICS_LOOPBACK_OPEN = False

LOGIN_URL = "workspace:login"
LOGIN_REDIRECT_URL = "workspace:queue"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "supportdesk.log_lines.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "supportdesk.log_lines.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if env.env_str("LOG_FORMAT", "plain") == "json" else "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.env_str("LOG_LEVEL", "INFO")},
    # Per-job chatter of the scheduler and worker; their warnings and errors still show.
    "loggers": {
        name: {"level": env.env_str("LOG_LEVEL_BACKGROUND", "WARNING")}
        for name in ("apscheduler", "django.tasks", "django_tasks_db", "httpx")
    },
}
