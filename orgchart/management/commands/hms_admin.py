"""``manage.py hms_admin grant|revoke|list``: who is an HMS administrator."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils.translation import gettext as _

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
            (
                _("No person has the user name, e-mail address or employee ID “%(login)s”.")
                if not matches
                else _("“%(login)s” fits several people; use the employee ID.")
            )
            % {"login": login}
        )
    return matches[0]


class Command(BaseCommand):
    @property
    def help(self) -> str:
        return _(
            "Make a person an HMS administrator (grant), take the role away (revoke) or show "
            "who has it (list). The change is logged in the person's history in the admin."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["grant", "revoke", "list"])
        parser.add_argument("person", nargs="?", help=_("user name, e-mail address or employee ID"))
        parser.add_argument(
            "--by",
            help=_("who makes the change (user name, e-mail address or employee ID)"),
        )

    def handle(self, *args, action: str, person: str | None, by: str | None, **options):
        if action == "list":
            for admin in User.objects.filter(groups__name=HMS_ADMIN_GROUP).order_by("pk"):
                self.stdout.write(f"{admin.username}\t{admin.email}\t{admin}")
            return
        if not person:
            raise CommandError(_("Name the person (user name, e-mail address or employee ID)."))
        target = find_person(person)
        actor = find_person(by) if by else None
        via = f"manage.py hms_admin {action}"
        if action == "grant":
            changed = grant_hms_admin(target, by=actor, via=via)
            done = _("%(person)s (%(username)s) is now an HMS administrator.")
            unchanged = _("%(person)s (%(username)s) was already an HMS administrator.")
        else:
            changed = revoke_hms_admin(target, by=actor, via=via)
            done = _("%(person)s (%(username)s) is no longer an HMS administrator.")
            unchanged = _("%(person)s (%(username)s) was not an HMS administrator.")
        self.stdout.write(
            (done if changed else unchanged) % {"person": target, "username": target.username}
        )
