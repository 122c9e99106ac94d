"""A wall-clock ceiling for code that must not hang on hostile input.

Not a speed goal (those live in bench/): the ceiling is orders of magnitude above the
expected time, so crossing it means super-linear work, not a slow machine.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class DeadlineExceeded(AssertionError):
    pass


@contextmanager
def finishes_within(seconds: float) -> Iterator[None]:
    assert threading.current_thread() is threading.main_thread(), "SIGALRM needs the main thread"

    def expire(signum: int, frame: object) -> None:
        raise DeadlineExceeded(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
