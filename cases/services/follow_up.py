"""What a reporter without an account, or an anonymous one, does with their follow-up
code: read the outcome and the leader's messages, answer, add information and photos."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from avvik import follow_up_codes
from avvik.attachments import MAX_PER_REPORT
from avvik.services import store_attachment
from cases import notifications
from cases.models import Case, CaseEvent


def case_for_code(code: str) -> Case | None:
    """The one case this code opens, or None."""
    if len(follow_up_codes.normalized(code)) != follow_up_codes.LENGTH:
        return None
    return (
        Case.objects.select_related("deviation", "deviation__category", "responsible_leader")
        .filter(deviation__follow_up_code_hash=follow_up_codes.hashed(code))
        .first()
    )


def add_information_by_code(case: Case, *, text: str, files=(), reply_token: str = "") -> CaseEvent:
    """The holder of the code adds information or attachments to the open case. Nothing
    about who they are is written: the event has no actor, the files no uploader. The
    same answer sent twice (a refresh) is written once."""
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("deviation").get(pk=case.pk)
        if reply_token:
            earlier = case.events.filter(
                kind=CaseEvent.Kind.INFORMATION_ADDED, data__reply=reply_token
            ).first()
            if earlier is not None:
                return earlier
        if not case.is_open:
            raise ValidationError(_("The case is closed; it can no longer be added to."))
        if case.deviation.attachments.count() + len(files) > MAX_PER_REPORT:
            raise ValidationError(_("At most %(max)d files per report.") % {"max": MAX_PER_REPORT})
        names = [
            store_attachment(f, by=None, deviation=case.deviation).original_name for f in files
        ]
        event = CaseEvent.objects.create(
            case=case,
            kind=CaseEvent.Kind.INFORMATION_ADDED,
            actor=None,
            visible_to_reporter=True,
            message=text.strip(),
            data={"reply": reply_token, "attached": names} if reply_token else {"attached": names},
        )
        notifications.information_added(case, event)
    return event
