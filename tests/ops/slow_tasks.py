"""Tasks for the worker tests: each leaves files behind saying which process ran it, when."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.tasks import task


@task()
def sleep_and_record(directory: str, seconds: float) -> None:
    """`started.<pid>` at the start, a line in `finished` at the end."""
    Path(directory, f"started.{os.getpid()}").touch()
    time.sleep(seconds)
    with Path(directory, "finished").open("a") as finished:
        finished.write(f"{os.getpid()}\n")


@task(queue_name="analysis")
def analysis_sleep_and_record(directory: str, seconds: float) -> None:
    Path(directory, f"started.{os.getpid()}").touch()
    time.sleep(seconds)
    with Path(directory, "finished").open("a") as finished:
        finished.write(f"{os.getpid()}\n")


@task(queue_name="analysis")
def analysis_allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * 1024 * 1024))
