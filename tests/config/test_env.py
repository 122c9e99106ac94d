import pytest
from django.core.exceptions import ImproperlyConfigured

from supportdesk.config import env


def test_the_cache_is_redis_when_redis_url_is_set(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/1")
    monkeypatch.setenv("SUPPORTDESK_CACHE_PREFIX", "desk2")
    assert env.cache_backend() == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
        "KEY_PREFIX": "desk2",
    }


def test_the_cache_is_the_database_every_process_shares_without_redis(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert env.cache_backend() == {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "supportdesk_cache",
    }


def test_a_redis_url_that_is_not_one_stops_start_up(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "127.0.0.1:6379")
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        env.cache_backend()


def test_links_follow_the_port_served_unless_the_base_url_is_set(monkeypatch):
    monkeypatch.delenv("SUPPORTDESK_BASE_URL", raising=False)
    monkeypatch.setenv("PORT", "8101")
    assert env.base_url() == "http://127.0.0.1:8101"
    monkeypatch.setenv("SUPPORTDESK_BASE_URL", "https://desk.example.com")
    assert env.base_url() == "https://desk.example.com"
