from django.conf import settings


def request_limits(request):
    """The largest request the server takes, for the size check before a form is sent
    (static/js/length-limits.js)."""
    return {"max_request_bytes": settings.MAX_REQUEST_BYTES}
