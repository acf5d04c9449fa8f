"""``manage.py backup [--into FOLDER]``: the database and the private files, together."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from avvik.backup import BackupError, make_backup


class Command(BaseCommand):
    @property
    def help(self) -> str:
        return gettext("Back up the database and the private files (attachments, PDFs).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--into",
            type=Path,
            default=None,
            help=gettext(
                "the folder the backup is written into (default: BACKUP_DIR or var/backups)"
            ),
        )

    def handle(self, *args, into: Path | None, **options):
        try:
            folder = make_backup(into or settings.BACKUP_DIR)
        except BackupError as failed:
            raise CommandError(str(failed)) from failed
        self.stdout.write(str(folder))
