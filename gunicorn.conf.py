"""gunicorn's settings beyond the command line (it reads this file from the working
directory: the repository, or /app in the image).

Access log lines never carry the query string or the referrer, which can hold what someone
searched for (a name); in production (LOG_FORMAT=json, the default without DEBUG) they are
JSON objects like the app's own lines, with the same request id."""

import os

_debug = os.environ.get("DEBUG", "").lower() in {"1", "true", "yes", "on"}
_format = os.environ.get("LOG_FORMAT", "plain" if _debug else "json")

if _format == "json":
    access_log_format = (
        '{"time": "%(t)s", "level": "INFO", "logger": "gunicorn.access", '
        '"request_id": "%({x-request-id}o)s", "method": "%(m)s", "path": "%(U)s", '
        '"status": %(s)s, "bytes": %(B)s, "duration_ms": %(M)s}'
    )
else:
    access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms [%({x-request-id}o)s]'

# gunicorn reads this file from the working directory (/app in the image).
# The access log goes to stdout; requests that file an anonymous report or use a
# follow-up code are logged without who sent them (avvik/access_log.py).
accesslog = "-"
logger_class = "avvik.access_log.PrivacyLogger"
