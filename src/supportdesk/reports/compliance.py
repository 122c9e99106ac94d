"""SLA compliance of a period's clocks, overall and broken down by one dimension."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from supportdesk.reports.figures import share_met
from supportdesk.reports.selectors.clocks import ClockFact, Outcome
from supportdesk.reports.tables import Column, ColumnKind, ReportTable, Row
from supportdesk.sla.models import Target
from supportdesk.sla.presentation import policy_title
from supportdesk.tickets.models import Channel

TARGETS = (Target.RESPONSE, Target.CRITICAL_FIX)


@dataclass
class Tally:
    """Outcomes per target of one group of clocks."""

    counts: dict[str, Counter[Outcome]] = field(
        default_factory=lambda: {target: Counter() for target in TARGETS}
    )

    def add(self, fact: ClockFact) -> None:
        self.counts[fact.target][fact.outcome] += 1

    def breached(self) -> int:
        return sum(c[Outcome.BREACHED] for c in self.counts.values())

    def cells(self) -> list[int | float | None]:
        cells: list[int | float | None] = []
        for target in TARGETS:
            c = self.counts[target]
            met, breached = c[Outcome.MET], c[Outcome.BREACHED]
            cells += [met, breached, c[Outcome.RUNNING], share_met(met, breached)]
        return cells


def tally(facts: Iterable[ClockFact]) -> Tally:
    result = Tally()
    for fact in facts:
        result.add(fact)
    return result


def _plan(fact: ClockFact) -> str:
    return policy_title(fact.policy)


def _organisation(fact: ClockFact) -> str:
    return fact.organisation


def _agent(fact: ClockFact) -> str:
    return fact.agent or gettext("Unassigned")


def _channel(fact: ClockFact) -> str:
    return str(Channel(fact.channel).label) if fact.channel in Channel.values else fact.channel


@dataclass(frozen=True)
class Dimension:
    key: str
    title: str | Promise
    header: str | Promise
    label: Callable[[ClockFact], str]


DIMENSIONS = (
    Dimension("plan", _("Compliance by plan"), _("Plan or agreement"), _plan),
    Dimension("organisation", _("Compliance by organisation"), _("Organisation"), _organisation),
    Dimension("agent", _("Compliance by agent"), _("Agent"), _agent),
    Dimension("channel", _("Compliance by channel"), _("Channel"), _channel),
)


def _outcome_columns() -> list[Column]:
    return [
        Column(_("First response: met"), ColumnKind.COUNT),
        Column(_("First response: breached"), ColumnKind.COUNT),
        Column(_("First response: running"), ColumnKind.COUNT),
        Column(_("First response: % met"), ColumnKind.PERCENT),
        Column(_("Critical fix: met"), ColumnKind.COUNT),
        Column(_("Critical fix: breached"), ColumnKind.COUNT),
        Column(_("Critical fix: running"), ColumnKind.COUNT),
        Column(_("Critical fix: % met"), ColumnKind.PERCENT),
    ]


def compliance_summary(facts: list[ClockFact]) -> ReportTable:
    """One row: every clock of the period."""
    return ReportTable(
        "compliance",
        _("SLA compliance"),
        [Column(_("Tickets")), *_outcome_columns()],
        [Row([gettext("All"), *tally(facts).cells()])],
    )


def compliance_by(dimension: Dimension, facts: list[ClockFact]) -> ReportTable:
    """One row per group, the most breaches first, then by name."""
    groups: dict[str, Tally] = defaultdict(Tally)
    for fact in facts:
        groups[dimension.label(fact)].add(fact)
    ordered = sorted(groups.items(), key=lambda item: (-item[1].breached(), item[0]))
    return ReportTable(
        f"compliance_{dimension.key}",
        dimension.title,
        [Column(dimension.header), *_outcome_columns()],
        [Row([label, *group.cells()]) for label, group in ordered],
    )
