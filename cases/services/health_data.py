"""Health data kept from those who need not see it: a leader may share one attachment
of a health-data case with the safety representative and the specialist units asked."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from avvik.models import Attachment
from cases import rules
from cases.models import Case, CaseEvent
from cases.services.handling import lock, record, require_permission, required_text


def share_attachment(case: Case, attachment: Attachment, *, by, reason: str) -> Attachment:
    """Show one attachment of a health-data case to everyone who can read the case, for
    a reason that is logged in the timeline."""
    with transaction.atomic():
        case = lock(case)
        require_permission(rules.may_handle(by, case))
        attachment = Attachment.objects.select_for_update().get(
            pk=attachment.pk, deviation_id=case.deviation_id
        )
        if not case.deviation.category.involves_health_data:
            raise ValidationError(
                _("Attachments of this category are already shown to everyone on the case."),
                code="not_health_data",
            )
        reason = required_text(reason, _("Say why the attachment is shared."), "reason_required")
        if attachment.shared_at is not None:
            raise ValidationError(_("This attachment is already shared."), code="already_shared")
        attachment.shared_at = timezone.now()
        attachment.shared_by = by
        attachment.share_reason = reason
        attachment.save(update_fields=["shared_at", "shared_by", "share_reason"])
        record(
            case,
            CaseEvent.Kind.ATTACHMENT_SHARED,
            by=by,
            attachment=attachment.pk,
            file_name=attachment.original_name,
            reason=reason,
        )
    return attachment
