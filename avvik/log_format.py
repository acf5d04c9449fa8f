"""Log lines: one JSON object a line in production, for the municipality's log collector;
plain text in development. See LOGGING in settings."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from avvik.request_context import current


class JsonFormatter(logging.Formatter):
    """time, level, logger, message, and the request's id, the person's id and the path
    without query values when the line was written while serving a request."""

    def format(self, record: logging.LogRecord) -> str:
        context = current.get()
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if context.request_id:
            line["request_id"] = context.request_id
            line["user_id"] = context.user_id
            line["path"] = context.path
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class PlainFormatter(logging.Formatter):
    """``time level logger [request id] message`` for a person reading a terminal."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s%(request)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        request_id = current.get().request_id
        record.request = f" [{request_id[:8]}]" if request_id else ""
        return super().format(record)
