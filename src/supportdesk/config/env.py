"""The one place that reads environment variables; everything else asks this module."""

from __future__ import annotations

import base64
import ipaddress
import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parents[3]


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ImproperlyConfigured(f"Environment variable {name} is required")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"Environment variable {name} must be a boolean, got {value!r}")


def _env_number[N: (int, float)](name: str, default: N, kind: type[N]) -> N:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return kind(value)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"Environment variable {name} must be a {kind.__name__}, got {value!r}"
        ) from exc


def env_int(name: str, default: int) -> int:
    return _env_number(name, default, int)


def env_float(name: str, default: float) -> float:
    return _env_number(name, default, float)


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_networks(name: str) -> list[str]:
    """A comma-separated list of IP addresses or CIDR networks, checked at start-up."""
    networks = env_list(name, [])
    for item in networks:
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"Environment variable {name} must list IP addresses or networks, got {item!r}"
            ) from exc
    return networks


def var_dir() -> Path:
    """Where the embedded install keeps its database, media and generated secret."""
    path = Path(env_str("SUPPORTDESK_VAR_DIR", str(PROJECT_DIR / "var")))
    path.mkdir(parents=True, exist_ok=True)
    return path


def embedded_secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept under var/."""
    if value := os.environ.get("SECRET_KEY"):
        return value
    key_file = var_dir() / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


DATABASE_CACHE_TABLE = "supportdesk_cache"


def cache_backend() -> dict[str, object]:
    """The shared cache: Redis at REDIS_URL, else Django's database cache."""
    if redis_url := env_str("REDIS_URL", ""):
        if not redis_url.startswith(("redis://", "rediss://", "unix://")):
            raise ImproperlyConfigured(
                f"Environment variable REDIS_URL must be a redis://, rediss:// or unix:// URL, "
                f"got {redis_url!r}"
            )
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            # Installations (or test desks) sharing one Redis database keep apart by prefix.
            "KEY_PREFIX": env_str("SUPPORTDESK_CACHE_PREFIX", ""),
        }
    return {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": DATABASE_CACHE_TABLE,
    }


def base_url() -> str:
    """The desk's public address for links in emails: SUPPORTDESK_BASE_URL, else the loopback
    port this installation is served on (PORT, which `serve` hands its processes)."""
    return env_str("SUPPORTDESK_BASE_URL", "") or f"http://127.0.0.1:{env_int('PORT', 8000)}"


def channel_layer() -> dict[str, object]:
    """Channels' layer: Redis at REDIS_URL (every process hears every push), else memory."""
    if redis_url := env_str("REDIS_URL", ""):
        return {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # A consumer waits on Redis for up to 5 s at a time: redis-py's own 5 s socket
                # timeout would close an idle widget's socket. Thousands of widgets leaving at
                # once need more than redis-py's 100 pooled connections.
                "hosts": [{"address": redis_url, "socket_timeout": 15, "max_connections": 10000}],
                "prefix": f"{env_str('SUPPORTDESK_CACHE_PREFIX', '')}asgi",
                # A widget that does not read for a minute is dropped, not buffered forever.
                "capacity": 200,
                "expiry": 60,
            },
        }
    return {"BACKEND": "channels.layers.InMemoryChannelLayer"}


def embedded_secrets_keys() -> list[str]:
    """Fernet keys for secrets at rest (SUPPORTDESK_SECRETS_KEYS, comma-separated, the first
    encrypts), else one generated once and kept under var/ for the embedded install."""
    if keys := env_list("SUPPORTDESK_SECRETS_KEYS", []):
        return keys
    key_file = var_dir() / "secrets_key"
    if not key_file.exists():
        key_file.write_text(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
        key_file.chmod(0o600)
    return [key_file.read_text().strip()]
