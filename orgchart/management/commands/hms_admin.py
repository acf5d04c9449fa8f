"""``manage.py hms_admin grant|revoke|list``: who is an HMS administrator."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from orgchart.access import HMS_ADMIN_GROUP
from orgchart.administrators import grant_hms_admin, revoke_hms_admin
from orgchart.models import User


def find_person(login: str) -> User:
    """A person by user name, e-mail address or employee ID, as on the login page."""
    login = login.strip()
    matches = list(
        User.objects.filter(
            Q(username__iexact=login) | Q(email__iexact=login) | Q(employee_id=login)
        )[:2]
    )
    if len(matches) != 1:
        raise CommandError(
            f"Fant ingen person med brukernavn, e-post eller ansattnummer «{login}»."
            if not matches
            else f"«{login}» passer på flere personer; bruk ansattnummeret."
        )
    return matches[0]


class Command(BaseCommand):
    help = (
        "Gjør en person til HMS-administrator (grant), tar rollen bort (revoke) eller "
        "viser hvem som har den (list). Endringen logges i personens historikk i admin."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["grant", "revoke", "list"])
        parser.add_argument(
            "person", nargs="?", help="brukernavn, e-postadresse eller ansattnummer"
        )
        parser.add_argument(
            "--by", help="den som gjør endringen (brukernavn, e-post eller ansattnummer)"
        )

    def handle(self, *args, action: str, person: str | None, by: str | None, **options):
        if action == "list":
            for admin in User.objects.filter(groups__name=HMS_ADMIN_GROUP).order_by("pk"):
                self.stdout.write(f"{admin.username}\t{admin.email}\t{admin}")
            return
        if not person:
            raise CommandError("Oppgi personen (brukernavn, e-post eller ansattnummer).")
        target = find_person(person)
        actor = find_person(by) if by else None
        via = f"manage.py hms_admin {action}"
        if action == "grant":
            changed = grant_hms_admin(target, by=actor, via=via)
            done, unchanged = "er nå HMS-administrator", "var allerede HMS-administrator"
        else:
            changed = revoke_hms_admin(target, by=actor, via=via)
            done, unchanged = "er ikke lenger HMS-administrator", "var ikke HMS-administrator"
        self.stdout.write(f"{target} ({target.username}) {done if changed else unchanged}.")
