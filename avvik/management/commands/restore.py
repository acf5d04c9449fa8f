"""``manage.py restore FOLDER [--force]``: a backup back into the configured database and
MEDIA_ROOT, checked against its manifest."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from avvik.backup import BackupError, file_checksums, restore_backup, table_row_counts


class Command(BaseCommand):
    help = (
        "Legger tilbake en sikkerhetskopi i databasen og filmappen, som må være tomme "
        "(--force erstatter det som er der), og kontrollerer den mot innholdslisten."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="mappen make backup skrev")
        parser.add_argument("--force", action="store_true", help="erstatt database og filer")

    def handle(self, *args, backup: Path, force: bool, **options):
        try:
            manifest = restore_backup(backup, force=force)
        except BackupError as failed:
            raise CommandError(str(failed)) from failed
        tables, files = table_row_counts(), file_checksums(Path(settings.MEDIA_ROOT))
        if tables != manifest["tables"] or files != manifest["files"]:
            raise CommandError(
                "gjenopprettingen stemmer ikke med innholdslisten i sikkerhetskopien"
            )
        self.stdout.write(
            f"Gjenopprettet {len(tables)} tabeller ({sum(tables.values())} rader) og "
            f"{len(files)} filer fra {backup}."
        )
