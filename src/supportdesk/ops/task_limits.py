"""Why the desk, not the task itself, ended a task run; recorded as the run's failure."""

from __future__ import annotations


class TaskAbandoned(Exception):
    """The worker running the task died on every run; running it again is pointless."""


class TaskTimeLimitExceeded(Exception):
    """The task's process was killed for running past its queue's wall-clock limit."""


class TaskProcessDied(Exception):
    """The task's process ended without recording a result (killed, out of memory)."""
