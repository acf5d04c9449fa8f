"""Photos uploaded to a report form that was never sent do not stay on disk."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from avvik.attachments import check_upload
from avvik.models import Attachment
from avvik.services import store_attachment
from avvik.tasks import discard_abandoned_uploads
from tests.avvik.filing import jpeg
from tests.cases.workflow import open_case

pytestmark = pytest.mark.django_db


def _upload(org, *, hours_ago: float, deviation=None) -> Attachment:
    attachment = store_attachment(
        check_upload(jpeg()),
        by=org.reporter,
        deviation=deviation,
        token=None if deviation else uuid.uuid4(),
    )
    Attachment.objects.filter(pk=attachment.pk).update(
        uploaded_at=timezone.now() - timedelta(hours=hours_ago)
    )
    return attachment


def test_uploads_of_forms_never_sent_are_removed_after_a_day_with_their_files(org, settings):
    settings.ABANDONED_UPLOAD_HOURS = 24
    abandoned = _upload(org, hours_ago=25)
    in_progress = _upload(org, hours_ago=2)
    filed = _upload(org, hours_ago=48, deviation=open_case(org).deviation)
    storage = abandoned.file.storage
    assert storage.exists(abandoned.file.name)

    removed = discard_abandoned_uploads.delay().get()

    assert removed == 1
    assert not Attachment.objects.filter(pk=abandoned.pk).exists()
    assert not storage.exists(abandoned.file.name)
    for kept in (in_progress, filed):
        assert Attachment.objects.filter(pk=kept.pk).exists()
        assert storage.exists(kept.file.name)


def test_the_cleanup_is_scheduled(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["discard-abandoned-uploads"]
    assert schedule["task"] == "avvik.tasks.discard_abandoned_uploads"
