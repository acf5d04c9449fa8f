"""The demo municipality, created or refreshed: its people in every role, its deviations
and their handling, and the committee's last summary."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from demo.deviations import seed_deviations
from demo.organisation import DEMO_PASSWORD, seed_organisation
from reports.services import schedule_due_reports


class Command(BaseCommand):
    help = _("Create or refresh a demo municipality with people in every role.")

    def handle(self, *args, **options):
        logins = seed_organisation()
        filed = seed_deviations()
        # The committee's summary of its last whole period, made by the worker as the
        # nightly task would (once: a re-run finds it made).
        summaries = schedule_due_reports()
        self.stdout.write(self.style.SUCCESS(_("Demo data is ready.")))
        if filed:
            self.stdout.write(
                ngettext(
                    "%(count)d demo deviation filed.", "%(count)d demo deviations filed.", filed
                )
                % {"count": filed}
            )
        if summaries:
            self.stdout.write(
                ngettext(
                    "%(count)d AMU summary queued for the worker.",
                    "%(count)d AMU summaries queued for the worker.",
                    len(summaries),
                )
                % {"count": len(summaries)}
            )
        self.stdout.write("")
        self.stdout.write(_("Open %(url)s and log in as one of:") % {"url": settings.SITE_URL})
        width = max(len(login.role) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login.role.ljust(width)}  {login.username}  ({login.name})")
        self.stdout.write(_("Password for all of them: %(password)s") % {"password": DEMO_PASSWORD})
        self.stdout.write("")
        self.stdout.write(
            _(
                "Single sign-on is off. To log in through the municipality's identity "
                "provider, set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET (see "
                "README, “For the IT department”) and mark break-glass accounts “may log "
                "in with a password” in the admin."
            )
        )
        self.stdout.write(
            _(
                "Everyone else you meet in the demo (the leader a case goes to, a colleague "
                "given an action) logs in with their e-mail address and the same password."
            )
        )
