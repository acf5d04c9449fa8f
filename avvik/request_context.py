"""What logs and error reports may say about the request being served: an id to match a
log line with an error report and with the user's "reference" on the error page, the
person's id (never their name), and the path with its query values left out."""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from django.core.signals import request_finished, request_started

# A proxy's request id is kept when it looks like one; anything else is replaced, so a
# client cannot write into the logs through the header.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    user_id: int | None = None
    path: str = ""
    # The logged-in person's name and e-mail address: never logged or sent, but looked for
    # and removed in error reports.
    personal: tuple[str, ...] = field(default=(), repr=False)


_NO_REQUEST = RequestContext()
_current: ContextVar[RequestContext | None] = ContextVar("avvik_request_context", default=None)


class _Current:
    """``current.get()`` is the request being served, or an empty context."""

    @staticmethod
    def get() -> RequestContext:
        return _current.get() or _NO_REQUEST

    @staticmethod
    def set(context: RequestContext) -> None:
        _current.set(context)


current = _Current()


def path_without_query_values(path: str, query_string: str) -> str:
    """``/avvik/saker/?unit=&q=``: which parameters were given, not what they were."""
    keys = list(dict.fromkeys(key for key, _value in parse_qsl(query_string, True)))
    return path + ("?" + "&".join(f"{key}=" for key in keys) if keys else "")


def _request_id(environ) -> str:
    given = environ.get("HTTP_X_REQUEST_ID", "")
    return given if _REQUEST_ID.match(given) else uuid.uuid4().hex


def _on_request_started(sender, environ=None, **kwargs) -> None:
    """From the moment the request arrives: Django logs 404s and other answers after the
    middleware is done with them, and those lines need the context too."""
    if environ is None:
        return
    environ.setdefault("avvik.request_id", _request_id(environ))
    current.set(
        RequestContext(
            request_id=environ["avvik.request_id"],
            path=path_without_query_values(
                environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", "")
            ),
        )
    )


def _on_request_finished(sender, **kwargs) -> None:
    current.set(RequestContext())


request_started.connect(_on_request_started, dispatch_uid="avvik-request-context")
request_finished.connect(_on_request_finished, dispatch_uid="avvik-request-context")


class RequestContextMiddleware:
    """Adds the person to the request's context once they are known, and answers with
    the ``X-Request-ID`` header. Listed after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.META.get("avvik.request_id") or _request_id(request.META)
        request.META["avvik.request_id"] = request_id
        user = getattr(request, "user", None)
        authenticated = bool(user and user.is_authenticated)
        personal = (
            (
                user.get_full_name(),
                user.first_name,
                user.last_name,
                user.email,
                user.username,
            )
            if authenticated
            else ()
        )
        context = RequestContext(
            request_id=request_id,
            user_id=user.pk if authenticated else None,
            path=path_without_query_values(request.path, request.META.get("QUERY_STRING", "")),
            personal=tuple(value for value in personal if value and len(value) > 2),
        )
        request.request_id = request_id
        current.set(context)
        from avvik.error_reports import tag_request

        tag_request(context)
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response
