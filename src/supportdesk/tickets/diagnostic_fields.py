"""A ticket's diagnostics fields (the fault report the customer or an agent fills in) as one
typed value: what a channel hands to `receive()` and what attachments reveal."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields

from supportdesk.tickets.models import Ticket


@dataclass(frozen=True)
class DiagnosticFields:
    """Empty means "not given"; the names are the ticket's field names."""

    problem_kind: str = ""
    browser_version: str = ""
    image_version: str = ""
    diagram_link: str = ""
    affected_user_email: str = ""
    reproduction_steps: str = ""

    @classmethod
    def from_mapping(cls, values: Mapping[str, str]) -> DiagnosticFields:
        """Names that are not diagnostics fields are dropped."""
        return cls(**{name: value for name, value in values.items() if name in DIAGNOSTIC_FIELDS})

    @classmethod
    def of_ticket(cls, ticket: Ticket) -> DiagnosticFields:
        return cls(**{name: str(getattr(ticket, name)) for name in DIAGNOSTIC_FIELDS})

    def as_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in DIAGNOSTIC_FIELDS}

    def filled(self) -> dict[str, str]:
        """Only the fields that have a value."""
        return {name: value for name, value in self.as_dict().items() if value}

    def transformed(self, transform: Callable[[str], str]) -> DiagnosticFields:
        return DiagnosticFields(**{name: transform(v) for name, v in self.as_dict().items()})


DIAGNOSTIC_FIELDS = tuple(field.name for field in fields(DiagnosticFields))
