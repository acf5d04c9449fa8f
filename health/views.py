"""/helse/ and /helse/klar/ for the load balancer and the monitoring: no login, nothing
about any person, JSON with one line per check."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from health.checks import readiness


def _json_response(status: str, lines: list[dict], *, ok: bool) -> HttpResponse:
    checks = ",\n".join(json.dumps(line, ensure_ascii=False) for line in lines)
    body = f'{{"status": {json.dumps(status)}, "checks": [\n{checks}\n]}}\n'
    return HttpResponse(body, status=200 if ok else 503, content_type="application/json")


@login_not_required
@never_cache
@require_GET
def liveness(request):
    """The process answers requests. Asks nothing else: a database that is down must
    not get every web process restarted."""
    return _json_response("ok", [{"name": "process", "ok": True}], ok=True)


@login_not_required
@never_cache
@require_GET
def readiness_view(request):
    """Red (503) when any check fails: the database, the cache, the broker, the workers,
    the escalation sweep or the disk under the uploads. The outbox lines (notices and
    summaries waiting, the age of the oldest) are figures for the monitoring."""
    checks = readiness()
    ok = all(check.ok for check in checks)
    return _json_response("ok" if ok else "fail", [c.as_dict() for c in checks], ok=ok)
