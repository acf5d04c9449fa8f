"""Error reports to Sentry or a self-hosted GlitchTip (``SENTRY_DSN``), with personal data
removed before anything leaves the process: no request bodies, cookies or headers that
identify, no names, e-mail addresses, titles or descriptions. Nothing is sent without a
DSN."""

from __future__ import annotations

import re
from typing import Any

FILTERED = "[filtered]"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# Values in database and Python messages: Key (email)=(kari@…), invalid literal …: 'Kari'.
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|=\([^)]*\)")
# Request headers worth keeping for a developer; all others are dropped.
KEPT_HEADERS = {
    "accept",
    "accept-language",
    "content-length",
    "content-type",
    "host",
    "user-agent",
    "x-request-id",
    "x-forwarded-proto",
}


def init_error_reports(dsn: str, *, environment: str, release: str) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        # Personal data stays out by the SDK's default (``send_default_pii`` is left unset: the
        # SDK deprecates it for ``data_collection``, whose defaults follow it); the scrubber
        # below is the guard that counts.
        # Frames' local variables hold deviations, people and form data.
        include_local_variables=False,
        # Read so that the scrubber knows what was typed, and then removed (below).
        max_request_body_size="medium",
        before_send=scrub_event,
        before_send_transaction=scrub_event,
        traces_sample_rate=0.0,
    )


def tag_request(context) -> None:
    """The request id and the person's id (not their name) on every report."""
    try:
        import sentry_sdk
    except ImportError:  # pragma: no cover - a dependency, but errors must not depend on it
        return
    scope = sentry_sdk.get_isolation_scope()
    scope.set_tag("request_id", context.request_id)
    scope.set_user({"id": str(context.user_id)} if context.user_id else None)


def scrub_event(event: dict[str, Any], hint: dict | None = None) -> dict[str, Any]:
    """Remove what identifies people; mask what was typed wherever it turns up."""
    from avvik.request_context import current

    typed = _typed_values(event.get("request", {}).get("data"))
    personal = sorted(
        {value for value in (*typed, *current.get().personal) if len(value) > 2},
        key=len,
        reverse=True,
    )
    request = event.get("request")
    if request:
        request.pop("data", None)
        request.pop("cookies", None)
        request.pop("env", None)
        request["headers"] = {
            name: value
            for name, value in (request.get("headers") or {}).items()
            if name.lower() in KEPT_HEADERS
        }
        if request.get("query_string"):
            request["query_string"] = re.sub(r"=[^&]*", "=", request["query_string"])
    user = event.get("user") or {}
    event["user"] = {"id": user["id"]} if user.get("id") else {}
    event.pop("extra", None)
    for crumb in (event.get("breadcrumbs") or {}).get("values", []):
        crumb.pop("data", None)
        if crumb.get("message"):
            crumb["message"] = _mask_values(crumb["message"])
    for exception in (event.get("exception") or {}).get("values", []):
        if exception.get("value"):
            exception["value"] = _mask_values(exception["value"])
    logentry = event.get("logentry") or {}
    logentry.pop("params", None)
    for key in ("message", "formatted"):
        if logentry.get(key):
            logentry[key] = _mask_values(logentry[key])
    if isinstance(event.get("message"), str):
        event["message"] = _mask_values(event["message"])
    return _mask(event, personal)


def _mask_values(text: str) -> str:
    """Messages keep their words and lose their values (quoted, or ``=(…)``)."""
    return QUOTED.sub(FILTERED, text)


def _typed_values(data) -> list[str]:
    if isinstance(data, dict):
        return [v for value in data.values() for v in _typed_values(value)]
    if isinstance(data, list | tuple):
        return [v for value in data for v in _typed_values(value)]
    if isinstance(data, str):
        return [data.strip()] if data.strip() else []
    return []


def _mask(value, personal: list[str]):
    if isinstance(value, dict):
        return {key: _mask(item, personal) for key, item in value.items()}
    if isinstance(value, list):
        return [_mask(item, personal) for item in value]
    if isinstance(value, str):
        for text in personal:
            value = value.replace(text, FILTERED)
        return EMAIL.sub(FILTERED, value)
    return value
