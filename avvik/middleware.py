import logging
import time

from django.conf import settings
from django.contrib.sessions.exceptions import SessionInterrupted
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.core.exceptions import SuspiciousOperation
from django.db import DatabaseError
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from avvik.access_log import PRIVATE_KEY

logger = logging.getLogger(__name__)


class DefaultLanguageMiddleware(LocaleMiddleware):
    """The municipality's own standard (bokmål or nynorsk, ``LANGUAGE_CODE``) unless the
    person chose another language: in their profile when logged in, otherwise in the
    footer's language switch (a cookie).

    Django's own middleware follows the browser's Accept-Language, which would show most
    municipal PCs (set up in English) an English interface nobody asked for. It runs
    after AuthenticationMiddleware, so that the person's own choice is known."""

    def process_request(self, request):
        user = getattr(request, "user", None)
        chosen = getattr(user, "language", "") if user is not None else ""
        if not chosen or not getattr(user, "is_authenticated", False):
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in dict(settings.LANGUAGES):
            chosen = settings.LANGUAGE_CODE
        translation.activate(chosen)
        request.LANGUAGE_CODE = translation.get_language()


class PrivacyHeadersMiddleware:
    """Pages about people's reports are never cached by browsers or proxies, and the
    pages ask for no device features beyond what a file input needs."""

    PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        return response


# The session key that holds when the session was last written (seconds since the epoch).
SESSION_WRITTEN_AT_KEY = "_written_at"


def session_write_due(session, now: float | None = None) -> bool:
    """Whether this response must write the session: when the view changed it, or when
    the last write is older than SESSION_REFRESH_SECONDS. The idle timeout
    (SESSION_COOKIE_AGE from the last write) then holds to within that minute, without a
    write on every page view. Marks the session for saving when a write is due."""
    # Read first: a cookie naming a session that has expired leaves an empty session.
    written_at = session.get(SESSION_WRITTEN_AT_KEY, 0)
    if session.is_empty():
        return False
    now = time.time() if now is None else now
    if session.modified or now - written_at >= settings.SESSION_REFRESH_SECONDS:
        session[SESSION_WRITTEN_AT_KEY] = int(now)  # sets session.modified
        return True
    return False


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's session middleware, with two differences.

    A request marked to stay out of the access log (filing an anonymous report, using a
    follow-up code) does not save the session: the logged-in person's session row would
    otherwise be written at the very moment the anonymous report was filed.

    A session that cannot be saved does not replace the answer with a bare "Bad Request
    (400)": when the database connection is cut between a committed change and that save
    (a report filed, then the connection lost), the view's own answer (the redirect to the
    receipt) is sent instead, so the reporter learns that the report was filed.

    And the session is written when it changed or its last write is older than a minute
    (``session_write_due``), rather than on every request."""

    def process_response(self, request, response):
        if request.META.get(PRIVATE_KEY):
            return response
        session = getattr(request, "session", None)
        if session is not None:
            session_write_due(session)
        try:
            return super().process_response(request, response)
        except (SessionInterrupted, DatabaseError) as error:
            logger.warning("The session could not be saved (%s); answering anyway", error)
            return response


class InvalidRequestData(SuspiciousOperation):
    """A query or form value no database column can hold (a NUL byte); answered with
    the 400 page instead of an error from PostgreSQL."""


class RequestLimitsMiddleware:
    """Requests the app refuses before any view sees them: a body larger than
    MAX_REQUEST_BYTES (the app's own 413 page, which tells the person how to keep what
    they typed) and any parameter with a NUL byte (the 400 page)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from avvik.error_pages import too_large

        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            return too_large(request)
        if _has_nul(request.GET) or (request.method == "POST" and _has_nul(request.POST)):
            raise InvalidRequestData("A parameter holds a NUL byte.")
        return self.get_response(request)


def _has_nul(data) -> bool:
    return any("\x00" in key or any("\x00" in v for v in data.getlist(key)) for key in data)
