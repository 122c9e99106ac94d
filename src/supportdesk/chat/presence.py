"""Whether a customer has the chat open right now, in the shared cache every process reads.

Each open widget marks its contact online when it connects and every HEARTBEAT_SECONDS after;
the mark lasts ONLINE_SECONDS, so a process that died without saying goodbye lets it lapse. A
widget that closes removes it: another open tab puts it back with its next heartbeat, and in the
meantime a reply is sent by email too, which is the harmless side to err on.
"""

from __future__ import annotations

from django.core.cache import cache

HEARTBEAT_SECONDS = 30
ONLINE_SECONDS = 3 * HEARTBEAT_SECONDS


def _key(contact_id: int) -> str:
    return f"chat:online:{contact_id}"


def mark_online(contact_id: int) -> None:
    cache.set(_key(contact_id), 1, ONLINE_SECONDS)


def mark_offline(contact_id: int) -> None:
    cache.delete(_key(contact_id))


def is_online(contact_id: int) -> bool:
    return cache.get(_key(contact_id)) is not None
