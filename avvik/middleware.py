import time

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class DefaultLanguageMiddleware(LocaleMiddleware):
    """Norwegian bokmål unless the person chose another language in the footer.

    Django's own middleware follows the browser's Accept-Language, which would show most
    municipal PCs (set up in English) an English interface nobody asked for."""

    def process_request(self, request):
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


class IdleTimeoutSessionMiddleware(SessionMiddleware):
    """Django's session middleware, writing the session when it changed or its last write
    is older than a minute (``session_write_due``), rather than on every request."""

    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if session is not None:
            session_write_due(session)
        return super().process_response(request, response)
