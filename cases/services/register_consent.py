"""Whether the injured person is named in the injury register to those outside the
leader line (safety representatives, the occupational health service, the AMU): the
reporter states it on the form and may change it later on their own report page."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from avvik.models import InjuryDetails
from cases.models import Case


def set_name_in_register(case: Case, *, by, agreed: bool) -> InjuryDetails:
    with transaction.atomic():
        injury = (
            InjuryDetails.objects.select_for_update()
            .select_related("deviation")
            .filter(deviation_id=case.deviation_id)
            .first()
        )
        if injury is None:
            raise ValidationError(_("This report has no injury details."))
        if injury.deviation.reporter_id != by.pk:
            raise PermissionDenied
        if case.anonymised_at is not None:
            raise ValidationError(_("This report has been anonymised."))
        injury.name_in_register = bool(agreed)
        injury.save(update_fields=["name_in_register"])
    return injury
