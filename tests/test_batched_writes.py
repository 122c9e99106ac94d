import pytest

from supportdesk.batched_writes import write_later, writes_batched


class Table:
    def __init__(self, log: list[tuple[str, list[int]]], name: str) -> None:
        self.log, self.name = log, name

    def insert(self, rows: list[int]) -> None:
        self.log.append((self.name, rows))


def test_outside_a_batch_each_row_is_written_at_once():
    log: list[tuple[str, list[int]]] = []
    events = Table(log, "events")
    write_later(events.insert, 1)
    write_later(events.insert, 2)
    assert log == [("events", [1]), ("events", [2])]


def test_a_batch_writes_each_kind_once_in_the_order_kinds_first_appeared():
    log: list[tuple[str, list[int]]] = []
    events, records = Table(log, "events"), Table(log, "records")
    with writes_batched():
        write_later(events.insert, 1)
        write_later(records.insert, 10)
        write_later(events.insert, 2)
        assert log == []
    assert log == [("events", [1, 2]), ("records", [10])]


def test_a_failing_batch_writes_nothing_and_the_next_one_starts_empty():
    log: list[tuple[str, list[int]]] = []
    events = Table(log, "events")
    with pytest.raises(RuntimeError), writes_batched():
        write_later(events.insert, 1)
        raise RuntimeError
    with writes_batched():
        write_later(events.insert, 2)
    assert log == [("events", [2])]


def test_a_nested_batch_leaves_the_writing_to_the_outer_one():
    log: list[tuple[str, list[int]]] = []
    events = Table(log, "events")
    with writes_batched():
        with writes_batched():
            write_later(events.insert, 1)
        assert log == []
        write_later(events.insert, 2)
    assert log == [("events", [1, 2])]


def test_rows_an_insert_writes_later_are_written_by_the_same_batch():
    log: list[tuple[str, list[int]]] = []
    followups = Table(log, "followups")

    def insert_events(rows: list[int]) -> None:
        log.append(("events", rows))
        for row in rows:
            write_later(followups.insert, row * 100)

    with writes_batched():
        write_later(insert_events, 1)
        write_later(insert_events, 2)
    assert log == [("events", [1, 2]), ("followups", [100, 200])]
