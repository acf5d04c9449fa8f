"""Writing deviation reports: reference numbers, the report itself, its attachments and
the log of who looked at injury details."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from avvik import follow_up_codes
from avvik.attachments import CheckedFile
from avvik.models import (
    Attachment,
    AttachmentDownload,
    Deviation,
    HealthDataCaseOpening,
    InjuryDetails,
    InjuryDetailsAccess,
    ReferenceCounter,
)
from avvik.posters import Poster
from orgchart.access import access_for


def next_reference(year: int) -> str:
    """``AV-<year>-<6 digits>``, sequential per year. One statement creates the counter
    row if missing or increments it, which locks it until the transaction ends: reports
    filed at the same instant wait for each other instead of sharing a number."""
    table = connection.ops.quote_name(ReferenceCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (year, last_number) VALUES (%s, 1)"
            f" ON CONFLICT (year) DO UPDATE SET last_number = {table}.last_number + 1"
            " RETURNING last_number",
            [year],
        )
        (number,) = cursor.fetchone()
    return f"AV-{year}-{number:06d}"


def create_deviation(
    reporter,
    *,
    fields: dict,
    injury: dict | None = None,
    submission_token: uuid.UUID | None = None,
    anonymous: bool = False,
    without_account: dict | None = None,
) -> Deviation:
    """Store a new report with its injury details (if any) and claim the attachments
    uploaded under the form's token. Call inside the transaction that opens its case.

    ``reporter`` is None for a report from a poster without an account, whose name and
    contact come in ``without_account`` (with the poster). An anonymous report keeps no
    reporter, name or contact, and its attachments no uploader; it carries no injury
    details (an injured person is not anonymous). Reports without a reporter get a
    follow-up code; its hash is stored, and only a hash of the submission token."""
    now = timezone.localtime()
    without_account = without_account or {}
    keeps_reporter = reporter is not None and not anonymous
    extra = {}
    if not keeps_reporter and submission_token:
        extra["follow_up_code_hash"] = follow_up_codes.hashed(
            follow_up_codes.code_for(submission_token)
        )
    deviation = Deviation.objects.create(
        reference=next_reference(now.year),
        reporter=reporter if keeps_reporter else None,
        is_anonymous=anonymous,
        reporter_name="" if anonymous else without_account.get("name", ""),
        reporter_contact="" if anonymous else without_account.get("contact", ""),
        poster=without_account.get("poster"),
        submission_token=stored_token(submission_token, keeps_reporter=keeps_reporter),
        **fields,
        **extra,
    )
    if injury and not anonymous:
        InjuryDetails.objects.create(deviation=deviation, **injury)
    if submission_token:
        # Files staged while the form was anonymous or not, by this person or by nobody.
        Attachment.objects.filter(upload_token=submission_token, deviation__isnull=True).filter(
            Q(uploaded_by__isnull=True) | Q(uploaded_by=reporter if reporter else None)
        ).update(
            deviation=deviation,
            upload_token=None,
            uploaded_by=reporter if keeps_reporter else None,
        )
    return deviation


def stored_token(submission_token: uuid.UUID | None, *, keeps_reporter: bool):
    """A report with a reporter keeps its token as it is; one without keeps a hash."""
    if submission_token is None or keeps_reporter:
        return submission_token
    return follow_up_codes.stored_submission_token(submission_token)


def store_attachment(
    checked: CheckedFile, *, by, deviation: Deviation | None = None, token=None
) -> Attachment:
    """Save a checked file under a generated name in private storage."""
    attachment = Attachment(
        deviation=deviation,
        upload_token=token,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.content.size,
        uploaded_by=by,
    )
    attachment.file.save("upload", checked.content, save=False)
    attachment.save()
    return attachment


def pending_attachments(token, user):
    return Attachment.objects.filter(upload_token=token, uploaded_by=user, deviation__isnull=True)


def record_injury_view(deviation: Deviation, user) -> None:
    InjuryDetailsAccess.objects.create(deviation=deviation, user=user)


def record_attachment_download(attachment: Attachment, user) -> None:
    AttachmentDownload.objects.create(attachment=attachment, user=user)


def record_health_case_opening(deviation: Deviation, user) -> None:
    """A report in a category that involves health data was opened (page or PDF)."""
    HealthDataCaseOpening.objects.create(deviation=deviation, user=user)


def discard_abandoned_uploads(*, older_than: timedelta) -> int:
    """Files uploaded to report forms that were never sent (the phone was put away, the
    tab closed) hold personal photos: removed, rows and files, once they are this old.
    Returns how many."""
    abandoned = Attachment.objects.filter(
        deviation__isnull=True, uploaded_at__lt=timezone.now() - older_than
    )
    removed = 0
    for attachment in abandoned.iterator():
        # Only if still not filed: a report sent just now keeps its file.
        deleted, _rows = Attachment.objects.filter(
            pk=attachment.pk, deviation__isnull=True
        ).delete()
        if deleted:
            attachment.file.delete(save=False)
            removed += 1
    return removed


def discard_pending_attachments(token, user, ids) -> None:
    """The reporter removed files from a form not yet sent: drop the rows and the files."""
    for attachment in pending_attachments(token, user).filter(pk__in=ids):
        attachment.file.delete(save=False)
        attachment.delete()


def print_poster(unit, *, by, location: str, allows_reporting_without_account: bool):
    """A new QR poster for the unit and place. The poster it replaces (same unit and
    place) stops working: its page says it was replaced and whom to ask."""
    if not access_for(by).leads(unit) or unit.is_specialist_unit or not unit.is_active:
        raise PermissionDenied
    with transaction.atomic():
        current = Poster.objects.select_for_update().current().filter(unit=unit, location=location)
        current.update(replaced_at=timezone.now())
        return Poster.objects.create(
            unit=unit,
            location=location,
            allows_reporting_without_account=allows_reporting_without_account,
            created_by=by,
        )
