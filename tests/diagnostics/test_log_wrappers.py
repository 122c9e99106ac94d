from datetime import UTC, datetime

from supportdesk.diagnostics._log_wrappers import LineUnwrapper

COMPOSE = [
    "\x1b[2Kweb-1  | 2024-04-25T05:32:35.584725130Z  * Serving Flask app 'app.py'",
    "\x1b[2Kredis-1  | 2024-04-25T05:32:35.019558005Z 1:C 25 Apr 2024 05:32:35.018 * Redis is starting",
]


def test_compose_prefix_runtime_timestamp_and_ansi_codes_are_peeled_off() -> None:
    unwrapper = LineUnwrapper(COMPOSE)
    assert unwrapper.wrappers == ("compose", "runtime_timestamps")
    line = unwrapper.unwrap(2, COMPOSE[1])
    assert line is not None
    assert line.service == "redis-1"
    assert line.runtime_time == datetime(2024, 4, 25, 5, 32, 35, 19558, tzinfo=UTC)
    assert line.format == "redis"
    assert line.text.startswith("1:C 25 Apr")


def test_a_pipe_in_ordinary_messages_is_not_taken_for_a_compose_prefix() -> None:
    lines = ["INFO | started", "plain text line", "another | thing", "more text", "end"]
    unwrapper = LineUnwrapper(lines)
    assert unwrapper.wrappers == ()
    line = unwrapper.unwrap(1, lines[0])
    assert line is not None and line.service is None


def test_kubectl_timestamps_without_compose_are_recognised() -> None:
    lines = ["2024-06-01T12:00:00.000000001Z hello", "2024-06-01T12:00:01.5Z world"]
    unwrapper = LineUnwrapper(lines)
    assert unwrapper.wrappers == ("runtime_timestamps",)
    line = unwrapper.unwrap(1, lines[1])
    assert line is not None and line.text == "world"
