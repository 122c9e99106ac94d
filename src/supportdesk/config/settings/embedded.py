"""The embedded default: SQLite under ./var, generated secret, served on loopback."""

from supportdesk.config.settings.base import *  # noqa: F403
