"""The webhook Telegram calls in production: checked by its secret token, stored, answered 200."""

from __future__ import annotations

import hmac
import logging

import orjson
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from supportdesk.telegram.actions.updates import do_record_update
from supportdesk.telegram.bot_config import bot_config
from supportdesk.telegram.updates import update_id_of

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name


@csrf_exempt
@require_POST
def webhook(request: HttpRequest) -> HttpResponse:
    # Read per request: the admin may change the secret while the web process runs. No secret
    # configured (no bot, or a bot with none) refuses everything.
    expected = bot_config().webhook_secret
    given = request.headers.get(SECRET_HEADER)
    if not expected or given is None or not hmac.compare_digest(given.encode(), expected.encode()):
        logger.warning(
            "telegram webhook refused: %s secret token from %s",
            "missing" if given is None else "wrong",
            request.META.get("REMOTE_ADDR", "?"),
        )
        return HttpResponseForbidden()
    try:
        # orjson refuses nesting past 1024 levels instead of exhausting the stack.
        payload = orjson.loads(request.body)
    except orjson.JSONDecodeError as exc:
        logger.warning("telegram webhook refused: not JSON (%s)", exc)
        return HttpResponseBadRequest()
    if not isinstance(payload, dict) or update_id_of(payload) is None:
        logger.warning("telegram webhook refused: no valid update_id in %.200r", request.body)
        return HttpResponseBadRequest()
    # Only stored here; the dialogue runs in a task, and its answers go through the outbox.
    do_record_update(payload)
    return HttpResponse(status=200)
