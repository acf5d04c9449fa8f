"""``manage.py backup [--into FOLDER]``: the database and the private files, together."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from avvik.backup import BackupError, make_backup


class Command(BaseCommand):
    help = "Tar sikkerhetskopi av databasen og de private filene (vedlegg, PDF-er)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--into",
            type=Path,
            default=None,
            help="mappe sikkerhetskopien legges i (standard: BACKUP_DIR eller var/backups)",
        )

    def handle(self, *args, into: Path | None, **options):
        try:
            folder = make_backup(into or settings.BACKUP_DIR)
        except BackupError as failed:
            raise CommandError(str(failed)) from failed
        self.stdout.write(str(folder))
