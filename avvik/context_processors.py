from django.conf import settings
from django.urls import get_script_prefix


def request_limits(request):
    """The largest request the server takes, for the size check before a form is sent
    (static/js/length-limits.js)."""
    return {"max_request_bytes": settings.MAX_REQUEST_BYTES}


def script_prefix(request):
    """The start of every address the app writes (FORCE_SCRIPT_NAME or the server's
    SCRIPT_NAME): the frame's fragments, drawn once per process, vary on it."""
    return {"script_prefix": get_script_prefix()}
