"""Keeping anonymous reporters out of the web server's access log.

Production's access log is gunicorn's (``gunicorn.conf.py`` names this logger class).
A view that must not leave a trace of who sent a request (filing an anonymous report,
using a follow-up code) marks the request; gunicorn hands the logger the same WSGI
environ, and the logger writes the line without the address, user, referrer and browser.
"""

from __future__ import annotations

from gunicorn.glogging import Logger

PRIVATE_KEY = "avvik.keep_out_of_access_log"


def keep_out_of_access_log(request) -> None:
    """Mark the request: its access log line names nobody. (Django's WSGIRequest.META is
    the server's environ itself, so the mark reaches gunicorn.)"""
    request.META[PRIVATE_KEY] = True


class PrivacyLogger(Logger):
    """gunicorn's logger, except that marked requests are logged without the remote
    address, the user, the referrer and the user agent."""

    REDACTED = {"h": "-", "u": "-", "f": "-", "a": "-", "l": "-"}

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        if environ.get(PRIVATE_KEY):
            atoms.update(self.REDACTED)
            # Every request header and environ value that could name the sender.
            for key in list(atoms):
                if key.startswith("{") and key.lower() not in ("{host}i",):
                    atoms[key] = "-"
        return atoms
