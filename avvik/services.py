"""Writing deviation reports: reference numbers, the report itself, its attachments and
the log of who looked at injury details."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from avvik.attachments import CheckedFile
from avvik.models import (
    Attachment,
    Deviation,
    InjuryDetails,
    InjuryDetailsAccess,
    ReferenceCounter,
)


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
) -> Deviation:
    """Store a new report with its injury details (if any) and claim the attachments
    uploaded under the form's token. Call inside the transaction that opens its case."""
    now = timezone.localtime()
    deviation = Deviation.objects.create(
        reference=next_reference(now.year),
        reporter=reporter,
        submission_token=submission_token,
        **fields,
    )
    if injury:
        InjuryDetails.objects.create(deviation=deviation, **injury)
    if submission_token:
        Attachment.objects.filter(
            upload_token=submission_token, uploaded_by=reporter, deviation__isnull=True
        ).update(deviation=deviation, upload_token=None)
    return deviation


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
