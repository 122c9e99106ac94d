"""Chart axes count tickets: whole, round values that cover the largest bar."""

import pytest

from supportdesk.reports.charts import Series, bar_chart, nice_ticks


@pytest.mark.parametrize(
    ("maximum", "expected"),
    [
        (0, [0, 1]),
        (1, [0, 1]),
        (3, [0, 1, 2, 3]),
        (7, [0, 2, 4, 6, 8]),
        (1000, [0, 500, 1000]),
        (1234, [0, 500, 1000, 1500]),
    ],
)
def test_ticks_are_whole_and_reach_the_maximum(maximum, expected):
    assert nice_ticks(maximum) == expected


def test_a_single_ticket_is_not_drawn_against_quarters():
    chart = bar_chart(
        key="k", title="t", axis_label="a", series=[Series("s", "met")], rows=[("one", [1.0])]
    )
    assert [tick.label for tick in chart.ticks] == ["0", "1"]
