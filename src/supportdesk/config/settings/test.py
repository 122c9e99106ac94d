"""Test settings: tasks run immediately, mail stays in memory, fast hashing."""

import tempfile
from pathlib import Path

from supportdesk.config.settings.base import *  # noqa: F403

TASKS = {
    "default": {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
        "QUEUES": TASK_QUEUES,  # noqa: F405
    }
}
# In-process tests keep the cache in memory (fast); the multi-process tests run the embedded
# settings and so share the database cache, as a real installation does.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="supportdesk-test-media-"))

# Browser tests serve static files straight from the apps (no collectstatic in tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Threads of the in-process ASGI server must not keep sessions open past their request, or
# PostgreSQL refuses to drop the test database at the end.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# SQLite's test database is a file, as the embedded install's is: the in-process ASGI server's
# threads then wait for each other's write transactions (busy timeout, WAL). Django's default,
# a shared-cache in-memory database, answers a concurrent BEGIN with "database table is locked"
# at once, which real installations never see.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": Path(tempfile.mkdtemp(prefix="supportdesk-test-db-")) / "test.sqlite3"
    }
