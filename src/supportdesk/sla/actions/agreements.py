"""Separate agreements: refused for anyone the service terms do not allow, and created only
by someone the admin would let add one (the same model permission, whichever door they use)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from supportdesk.accounts.models import User
from supportdesk.customers.models import Organisation
from supportdesk.sla.models import Agreement


@transaction.atomic
def check_create_agreement(
    *,
    actor: User,
    organisation: Organisation,
    contract_reference: str,
    response_business_hours: Decimal,
    critical_fix_business_hours: Decimal | None,
    valid_from: date,
    valid_until: date | None = None,
) -> Agreement:
    """Validates (raising ValidationError with the reason) and creates the agreement;
    PermissionDenied unless `actor` holds the admin's "add agreement" permission."""
    if not actor.has_perm("sla.add_agreement"):
        raise PermissionDenied(_("You may not add SLA agreements."))
    agreement = Agreement(
        organisation=organisation,
        contract_reference=contract_reference,
        response_business_hours=response_business_hours,
        critical_fix_business_hours=critical_fix_business_hours,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    agreement.full_clean()
    agreement.save()
    return agreement
