from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from avvik.access_log import PRIVATE_KEY


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


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, except that a request marked to stay out of the access log (filing an
    anonymous report, using a follow-up code) does not save the session either: with
    SESSION_SAVE_EVERY_REQUEST the logged-in person's session row would otherwise be
    written at the very moment the anonymous report was filed."""

    def process_response(self, request, response):
        if request.META.get(PRIVATE_KEY):
            return response
        return super().process_response(request, response)
