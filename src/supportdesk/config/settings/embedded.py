"""The embedded default: SQLite under ./var, generated secret, served on loopback."""

from supportdesk.config import env
from supportdesk.config.settings.base import *  # noqa: F403

# The embedded desk listens on loopback: a local Prometheus may scrape /metrics without a token.
SUPPORTDESK_METRICS_LOOPBACK_OPEN = True
# /chat/demo/ signs a demo cloud user in and shows the chat widget, for trying the chat.
SUPPORTDESK_CHAT_DEMO = env.env_bool("SUPPORTDESK_CHAT_DEMO", True)

# With no SMTP server configured, outgoing mail is written to files instead of failing:
# a fresh `make run` needs nothing listening on port 25.
if not env.env_str("EMAIL_HOST", "") and not env.env_str("EMAIL_BACKEND", ""):
    OUTGOING_MAIL_DIR = env.var_dir() / "outgoing-mail"
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(OUTGOING_MAIL_DIR)},
        }
    }
