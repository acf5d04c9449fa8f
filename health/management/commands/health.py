"""The readiness checks from a shell, for a container's health check: exits non-zero when
any of the named checks (all of them by default) fails."""

from django.core.management.base import BaseCommand, CommandError

from health.checks import PROBES, readiness


class Command(BaseCommand):
    help = "Run the readiness checks; exit 1 if any of the named ones fails."

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", help="e.g. escalation_sweep workers")

    def handle(self, *args, **options):
        names = options["names"]
        unknown = set(names) - set(PROBES)
        if unknown:
            raise CommandError(f"No such check: {', '.join(sorted(unknown))}")
        checks = readiness(only=set(names))
        for check in checks:
            self.stdout.write(f"{check.name}: {'ok' if check.ok else 'FAIL'} {check.detail}")
        if not all(check.ok for check in checks):
            raise CommandError("not ready")
