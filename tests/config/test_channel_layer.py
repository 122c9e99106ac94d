"""The Redis channel layer as the settings build it, against a real redis-server: a socket
whose widget says nothing for a while is not closed under it."""

from __future__ import annotations

import asyncio
import uuid

from channels_redis.core import RedisChannelLayer

from supportdesk.config import env
from tests.ops.processes import running_redis


def test_an_idle_wait_on_the_layer_outlasts_redis_pys_own_timeout(monkeypatch):
    with running_redis() as url:
        monkeypatch.setenv("REDIS_URL", url)
        monkeypatch.setenv("SUPPORTDESK_CACHE_PREFIX", f"layer-test-{uuid.uuid4().hex[:6]}")
        config = env.channel_layer()
        assert config["BACKEND"] == "channels_redis.core.RedisChannelLayer"

        async def idle_then_hear() -> dict:
            layer = RedisChannelLayer(**config["CONFIG"])
            channel = await layer.new_channel()
            waiting = asyncio.ensure_future(layer.receive(channel))
            await asyncio.sleep(7)  # longer than redis-py's default 5 s socket timeout
            assert not waiting.done(), waiting.exception()
            await layer.send(channel, {"type": "chat.push", "n": 1})
            message = await asyncio.wait_for(waiting, timeout=5)
            await layer.flush()
            return message

        assert asyncio.run(idle_then_hear())["n"] == 1


def test_without_redis_the_layer_is_each_process_s_memory(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert env.channel_layer() == {"BACKEND": "channels.layers.InMemoryChannelLayer"}
