from supportdesk.tickets.models.event import EventKind, TicketEvent
from supportdesk.tickets.models.message import (
    Attachment,
    AttachmentKind,
    Message,
    MessageKind,
    RejectedInbound,
)
from supportdesk.tickets.models.outbox import ClaimedDelivery, DeliveryStatus, OutboxDelivery
from supportdesk.tickets.models.ticket import (
    Channel,
    CriticalClaim,
    ProblemKind,
    Severity,
    Status,
    Ticket,
    TicketNumberCounter,
)

__all__ = [
    "Attachment",
    "AttachmentKind",
    "Channel",
    "ClaimedDelivery",
    "CriticalClaim",
    "DeliveryStatus",
    "EventKind",
    "Message",
    "MessageKind",
    "OutboxDelivery",
    "ProblemKind",
    "RejectedInbound",
    "Severity",
    "Status",
    "Ticket",
    "TicketEvent",
    "TicketNumberCounter",
]
