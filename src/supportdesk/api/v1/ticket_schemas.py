"""What the API says about a ticket, and what it takes to act on one."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

from supportdesk.api.ids import NO_NUL, NOT_BLANK_NO_NUL, RowId

TicketStatus = Literal["new", "open", "waiting", "resolved", "closed"]
TicketSeverity = Literal["normal", "critical"]
Text = Annotated[str, Field(min_length=1, max_length=100_000, pattern=NOT_BLANK_NO_NUL)]
Reason = Annotated[str, Field(min_length=1, max_length=2000, pattern=NOT_BLANK_NO_NUL)]


class TicketOut(Schema):
    number: int
    subject: str
    status: str
    severity: str
    critical_claim: str
    channel: str
    requester_id: int
    organisation_id: int | None
    assignee_id: int | None
    problem_kind: str
    created_at: datetime
    last_activity_at: datetime
    first_response_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    sla_due_at: datetime | None


class TicketPage(Schema):
    items: list[TicketOut]
    next_cursor: str | None


class TicketIn(Schema):
    contact_id: RowId
    subject: Annotated[str, Field(max_length=300, pattern=NO_NUL)] = ""
    text: Text
    critical_claim: bool = False
    # The caller's id for this request: the same id twice opens one ticket, not two.
    external_id: Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[\x21-\x7e]+$")]


class BodyIn(Schema):
    body: Text


class StatusIn(Schema):
    status: TicketStatus


class SeverityIn(Schema):
    severity: TicketSeverity


class CriticalDecisionIn(Schema):
    decision: Literal["confirm", "reject"]
    reason: Reason


class AssigneeIn(Schema):
    assignee_id: RowId | None


class MergeIn(Schema):
    target: RowId


class MessageOut(Schema):
    id: int
    kind: str
    channel: str
    body_text: str
    author_agent_id: int | None
    author_contact_id: int | None
    created_at: datetime
