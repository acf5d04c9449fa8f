"""Hourly limits on what can be done without an account: reports from one poster, from
one network address, and wrong follow-up codes. Counted in the shared cache (Redis in
production), so every web process sees the same counts. Addresses are kept only as a
hash inside the cache key, for at most the hour."""

from __future__ import annotations

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 3600

logger = logging.getLogger(__name__)


def client_address(request) -> str:
    """The address of the phone, as far as this server can tell: the last proxy's
    X-Forwarded-For entry when the app runs behind one, else the socket's peer."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def counter_key(kind: str, subject: str) -> str:
    hour = int(time.time() // WINDOW_SECONDS)
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{subject}".encode()).hexdigest()[:32]
    return f"avvik:limit:{kind}:{digest}:{hour}"


def is_over(kind: str, subject: str, limit: int) -> bool:
    """Whether ``subject`` has used up its ``limit`` this hour (without counting). While
    the cache is away (Redis down) nothing is over: a report must get through, and the
    limits are a brake on abuse, not a safeguard of data."""
    try:
        return (cache.get(counter_key(kind, subject)) or 0) >= limit
    except Exception as error:  # redis-py and socket errors alike
        logger.warning("The cache is unavailable (%s): %s not limited", error, kind)
        return False


def count(kind: str, subject: str) -> None:
    key = counter_key(kind, subject)
    try:
        if not cache.add(key, 1, WINDOW_SECONDS + 60):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, WINDOW_SECONDS + 60)
    except Exception as error:  # redis-py and socket errors alike (ValueError is handled)
        logger.warning("The cache is unavailable (%s): %s not counted", error, kind)
