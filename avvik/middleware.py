from django.conf import settings
from django.core.exceptions import SuspiciousOperation
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
