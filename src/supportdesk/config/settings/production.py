"""Production: everything secret or host-specific comes from the environment."""

from supportdesk.config import env
from supportdesk.config.settings.base import *  # noqa: F403

SECRET_KEY = env.env_str("SECRET_KEY")
SUPPORTDESK_SECRETS_KEYS = env.env_str("SUPPORTDESK_SECRETS_KEYS").split(",")
ALLOWED_HOSTS = env.env_list("ALLOWED_HOSTS", [])
DEBUG = False
SECURE_SSL_REDIRECT = env.env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
