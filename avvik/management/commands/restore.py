"""``manage.py restore FOLDER [--force]``: a backup back into the configured database and
MEDIA_ROOT, checked against its manifest."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from avvik.backup import BackupError, file_checksums, restore_backup, table_row_counts


class Command(BaseCommand):
    @property
    def help(self) -> str:
        return gettext(
            "Put a backup back into the database and the files folder, which must be empty "
            "(--force replaces what is there), and check it against its manifest."
        )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help=gettext("the folder make backup wrote"))
        parser.add_argument(
            "--force", action="store_true", help=gettext("replace the database and the files")
        )

    def handle(self, *args, backup: Path, force: bool, **options):
        try:
            manifest = restore_backup(backup, force=force)
        except BackupError as failed:
            raise CommandError(str(failed)) from failed
        tables, files = table_row_counts(), file_checksums(Path(settings.MEDIA_ROOT))
        if tables != manifest["tables"] or files != manifest["files"]:
            raise CommandError(gettext("the restored data does not match the backup's manifest"))
        self.stdout.write(
            gettext(
                "Restored %(tables)d tables (%(rows)d rows) and %(files)d files from %(backup)s."
            )
            % {
                "tables": len(tables),
                "rows": sum(tables.values()),
                "files": len(files),
                "backup": backup,
            }
        )
