"""Linking a Telegram user to a contact by proving an email address with a one-time code.

The code is generated and mailed by a task (`send_link_code`); only an HMAC of it is stored,
with an expiry and a limit on wrong attempts. A claimed email alone never links anything.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from supportdesk.customers.actions.contacts import SenderIdentity, do_resolve_contact
from supportdesk.customers.models import Contact, Identity, IdentityKind
from supportdesk.telegram import texts
from supportdesk.telegram.models import Dialogue, LinkCode

CODE_TTL = timedelta(minutes=15)
MAX_WRONG_ATTEMPTS = 5
MAX_CODES_PER_HOUR = 5
CODE_DIGITS = 6


class CodeCheck(enum.Enum):
    LINKED = "linked"
    WRONG = "wrong"
    EXHAUSTED = "exhausted"
    EXPIRED = "expired"


@dataclass(frozen=True)
class CodeCheckResult:
    outcome: CodeCheck
    attempts_left: int = 0
    contact: Contact | None = None


def _code_hash(code: LinkCode, plain: str) -> str:
    message = f"telegram-link:{code.pk}:{code.email}:{plain}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def do_request_link_code(*, dialogue: Dialogue, email: str) -> LinkCode | None:
    """A new code for `email` (earlier ones stop working); None when too many were asked for."""
    from supportdesk.telegram.tasks import send_link_code

    now = timezone.now()
    recent = LinkCode.objects.filter(dialogue=dialogue, created_at__gte=now - timedelta(hours=1))
    if recent.count() >= MAX_CODES_PER_HOUR:
        return None
    _open_codes(dialogue).update(revoked_at=now)
    code = LinkCode.objects.create(dialogue=dialogue, email=email.strip().lower(), created_at=now)
    transaction.on_commit(lambda: send_link_code.enqueue(code.pk))
    return code


def _open_codes(dialogue: Dialogue) -> QuerySet[LinkCode]:
    return LinkCode.objects.filter(dialogue=dialogue, used_at__isnull=True, revoked_at__isnull=True)


@transaction.atomic
def do_send_link_code(code_id: int) -> bool:
    """Generate, store (hashed) and mail the code once; False when there is nothing to send.

    The mail goes out inside the transaction: if sending fails, the code is not marked sent
    and the task can run again.
    """
    code = (
        LinkCode.objects.select_for_update()
        .select_related("dialogue")
        .filter(pk=code_id, sent_at__isnull=True, used_at__isnull=True, revoked_at__isnull=True)
        .first()
    )
    if code is None:
        return False
    plain = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    now = timezone.now()
    code.code_hash = _code_hash(code, plain)
    code.sent_at = now
    code.expires_at = now + CODE_TTL
    code.save(update_fields=["code_hash", "sent_at", "expires_at"])
    language = code.dialogue.language
    minutes = int(CODE_TTL.total_seconds() // 60)
    send_mail(
        subject=texts.render(texts.EMAIL_SUBJECT, language, code=plain),
        message=texts.render(
            texts.EMAIL_BODY, language, code=plain, email=code.email, minutes=minutes
        ),
        from_email=None,
        recipient_list=[code.email],
    )
    return True


@transaction.atomic
def do_check_link_code(*, dialogue: Dialogue, submitted: str, name: str) -> CodeCheckResult:
    """Compare `submitted` with the dialogue's open code; link the Telegram user when it matches."""
    now = timezone.now()
    code = _open_codes(dialogue).select_for_update().order_by("-created_at", "-id").first()
    if code is None or code.expires_at is None or code.expires_at <= now:
        return CodeCheckResult(CodeCheck.EXPIRED)
    digits = "".join(ch for ch in submitted if ch.isdigit())
    if hmac.compare_digest(_code_hash(code, digits), code.code_hash):
        code.used_at = now
        code.save(update_fields=["used_at"])
        contact = do_link_telegram_user(dialogue=dialogue, email=code.email, name=name)
        return CodeCheckResult(CodeCheck.LINKED, contact=contact)
    code.attempts += 1
    update_fields = ["attempts"]
    left = MAX_WRONG_ATTEMPTS - code.attempts
    if left <= 0:
        code.revoked_at = now
        update_fields.append("revoked_at")
    code.save(update_fields=update_fields)
    return CodeCheckResult(CodeCheck.WRONG if left > 0 else CodeCheck.EXHAUSTED, left)


def do_link_telegram_user(*, dialogue: Dialogue, email: str, name: str) -> Contact:
    """Attach the Telegram user to the contact with the (now proven) `email`, creating it if new.

    A Telegram identity held by another contact moves: the person proved the new address.
    """
    external_id = str(dialogue.telegram_user_id)
    Identity.objects.filter(kind=IdentityKind.TELEGRAM, external_id=external_id).exclude(
        contact__email__iexact=email
    ).delete()
    contact = do_resolve_contact(
        SenderIdentity(
            kind=IdentityKind.TELEGRAM,
            external_id=external_id,
            email=email,
            name=name,
            language=dialogue.language,
            email_verified=True,
        )
    )
    dialogue.contact = contact
    dialogue.active_ticket = None
    dialogue.save(update_fields=["contact", "active_ticket", "updated_at"])
    return contact
