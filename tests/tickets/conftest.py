from collections.abc import Callable, Iterator

import pytest

from supportdesk.tickets.outbound import channel_for, register_channel, unregister_channel


@pytest.fixture
def without_sender() -> Iterator[Callable[[str], None]]:
    """Unregisters a channel's sender for one test; the real one is back afterwards."""
    removed = []

    def remove(name: str) -> None:
        removed.append(channel_for(name))
        unregister_channel(name)

    yield remove
    for channel in removed:
        register_channel(channel)
