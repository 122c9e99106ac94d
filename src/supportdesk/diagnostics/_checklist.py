"""The fault-report checklist: which diagnostics apply to a report and which are present.

Which items apply:

=====================  =======================================  ==========================
item                   applies when                             why
=====================  =======================================  ==========================
browser_version        problem kind is ``user_facing_error``    the fault shows in a browser
image_version          edition is ``enterprise``                the customer runs our images
har                    problem kind is ``user_facing_error``    what the browser sent/got
container_log          ``enterprise`` and an error kind         only they hold the server log
                       (``user_facing_error``/``server_error``)
reproduction_steps     always
affected_user_email    problem kind is ``user_facing_error``    to find the user's data
diagram_link           the report mentions a diagram (words     the fault concerns one
                       "diagram"/"диаграмм"/"схем" or a link)   diagram
=====================  =======================================  ==========================

Cloud reports never ask for an image tag or a container log: the vendor runs those itself.

Where an item is found (first match wins): a form field named after the item; an attachment,
classified by content (HAR → har and browser_version; collector bundle → image_version and
container_log; container log → container_log, and image_version when its startup banner names
a version); the free text (browser names with versions or a pasted User-Agent, image references
``registry/app:1.2.3`` or "version 1.2.3", e-mail addresses other than ``ignore_emails``,
numbered steps, diagram links matching the configured URL pattern).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ._checklist_labels import ITEM_HINTS, ITEM_LABELS
from ._checklist_text import (
    DEFAULT_DIAGRAM_URL_PATTERN,
    find_browser,
    find_diagram_link,
    find_emails,
    find_image_version,
    has_reproduction_steps,
    mentions_diagram,
)
from ._errors import DiagnosticsError
from ._logs import analyze_log
from ._sniff import ContentKind, sniff_content


class Edition(StrEnum):
    CLOUD = "cloud"
    ENTERPRISE = "enterprise"


class ProblemKind(StrEnum):
    USER_FACING_ERROR = "user_facing_error"  # an error a user sees in the web app
    SERVER_ERROR = "server_error"  # a failure of the service itself (jobs, integrations, 5xx)
    OTHER = "other"  # anything else reported as a fault


class ChecklistItem(StrEnum):
    BROWSER_VERSION = "browser_version"
    IMAGE_VERSION = "image_version"
    HAR = "har"
    CONTAINER_LOG = "container_log"
    REPRODUCTION_STEPS = "reproduction_steps"
    AFFECTED_USER_EMAIL = "affected_user_email"
    DIAGRAM_LINK = "diagram_link"


@dataclass(frozen=True)
class Attachment:
    """An attached file: its name and its first bytes (at least ``SNIFF_BYTES`` if it is larger)."""

    filename: str
    head: bytes


@dataclass(frozen=True)
class FaultReport:
    edition: Edition
    problem_kind: ProblemKind
    text: str = ""
    fields: Mapping[str, str] = field(default_factory=dict)
    attachments: Sequence[Attachment] = ()
    ignore_emails: Sequence[str] = ()  # the reporter's own address, the desk's addresses


@dataclass(frozen=True)
class ChecklistEntry:
    item: ChecklistItem
    applies: bool
    present: bool
    source: str | None  # "field", "attachment" or "text"
    evidence: str | None  # the field value, the file name, or what was found in the text

    @property
    def missing(self) -> bool:
        return self.applies and not self.present

    @property
    def labels(self) -> Mapping[str, str]:
        return ITEM_LABELS[self.item.value]

    def to_dict(self) -> dict[str, Any]:
        return {
            "item": self.item.value,
            "applies": self.applies,
            "present": self.present,
            "missing": self.missing,
            "source": self.source,
            "evidence": self.evidence,
            "labels": dict(ITEM_LABELS[self.item.value]),
            "hints": dict(ITEM_HINTS[self.item.value]),
        }


@dataclass(frozen=True)
class Checklist:
    entries: tuple[ChecklistEntry, ...]

    @property
    def missing(self) -> tuple[ChecklistItem, ...]:
        return tuple(entry.item for entry in self.entries if entry.missing)

    def entry(self, item: ChecklistItem | str) -> ChecklistEntry:
        return next(entry for entry in self.entries if entry.item == item)

    def to_dict(self) -> dict[str, Any]:
        return {
            "entries": [entry.to_dict() for entry in self.entries],
            "missing": [item.value for item in self.missing],
        }


def applicable_items(
    edition: Edition, problem_kind: ProblemKind, *, diagram_mentioned: bool
) -> frozenset[ChecklistItem]:
    items = {ChecklistItem.REPRODUCTION_STEPS}
    if problem_kind == ProblemKind.USER_FACING_ERROR:
        items |= {
            ChecklistItem.BROWSER_VERSION,
            ChecklistItem.HAR,
            ChecklistItem.AFFECTED_USER_EMAIL,
        }
    if edition == Edition.ENTERPRISE:
        items.add(ChecklistItem.IMAGE_VERSION)
        if problem_kind in {ProblemKind.USER_FACING_ERROR, ProblemKind.SERVER_ERROR}:
            items.add(ChecklistItem.CONTAINER_LOG)
    if diagram_mentioned:
        items.add(ChecklistItem.DIAGRAM_LINK)
    return frozenset(items)


def evaluate_checklist(
    report: FaultReport, *, diagram_url_pattern: str | re.Pattern[str] | None = None
) -> Checklist:
    """For each checklist item: does it apply, is it present, and where was it found."""
    if isinstance(diagram_url_pattern, re.Pattern):
        pattern = diagram_url_pattern
    else:
        pattern = re.compile(diagram_url_pattern or DEFAULT_DIAGRAM_URL_PATTERN, re.IGNORECASE)
    text = report.text or ""
    found: dict[ChecklistItem, tuple[str, str]] = {}
    for name, value in report.fields.items():
        if name in ChecklistItem.__members__.values() and str(value or "").strip():
            found.setdefault(ChecklistItem(name), ("field", str(value).strip()[:200]))
    for attachment in report.attachments:
        for item, evidence in _attachment_items(attachment):
            found.setdefault(item, ("attachment", evidence))
    for item, evidence in _text_items(text, pattern, report.ignore_emails):
        found.setdefault(item, ("text", evidence))
    diagram_mentioned = mentions_diagram(text) or ChecklistItem.DIAGRAM_LINK in found
    applies = applicable_items(
        report.edition, report.problem_kind, diagram_mentioned=diagram_mentioned
    )
    return Checklist(
        tuple(
            ChecklistEntry(
                item=item,
                applies=item in applies,
                present=item in found,
                source=found[item][0] if item in found else None,
                evidence=found[item][1] if item in found else None,
            )
            for item in ChecklistItem
        )
    )


def _attachment_items(attachment: Attachment) -> list[tuple[ChecklistItem, str]]:
    kind = sniff_content(attachment.head, attachment.filename)
    name = attachment.filename
    if kind == ContentKind.HAR:
        return [(ChecklistItem.HAR, name), (ChecklistItem.BROWSER_VERSION, f"{name} (HAR)")]
    if kind == ContentKind.COLLECTOR_BUNDLE:
        return [
            (ChecklistItem.IMAGE_VERSION, f"{name} (bundle)"),
            (ChecklistItem.CONTAINER_LOG, name),
        ]
    if kind == ContentKind.CONTAINER_LOG:
        items = [(ChecklistItem.CONTAINER_LOG, name)]
        banner = _banner_version(attachment.head)
        if banner:
            items.append((ChecklistItem.IMAGE_VERSION, f"{banner} ({name})"))
        return items
    return []


def _banner_version(head: bytes) -> str | None:
    """The version a log's startup banner announces (its head is small: analysing is cheap)."""
    try:
        return analyze_log(head).app_version
    except DiagnosticsError:
        return None


def _text_items(
    text: str, pattern: re.Pattern[str], ignore_emails: Sequence[str]
) -> list[tuple[ChecklistItem, str]]:
    items: list[tuple[ChecklistItem, str]] = []
    browser = find_browser(text)
    if browser:
        items.append((ChecklistItem.BROWSER_VERSION, browser))
    version = find_image_version(text)
    if version:
        items.append((ChecklistItem.IMAGE_VERSION, version))
    emails = find_emails(text, ignore=frozenset(email.lower() for email in ignore_emails))
    if emails:
        items.append((ChecklistItem.AFFECTED_USER_EMAIL, ", ".join(emails[:3])))
    if has_reproduction_steps(text):
        items.append((ChecklistItem.REPRODUCTION_STEPS, "steps in the text"))
    link = find_diagram_link(text, pattern)
    if link:
        items.append((ChecklistItem.DIAGRAM_LINK, link))
    return items
