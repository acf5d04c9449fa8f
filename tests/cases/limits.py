"""A cache of its own for each test of the hourly limits, so counts never leak between
tests, and no test flushes a Redis database that other tests (or a worker) share."""

from __future__ import annotations

import uuid


def cache_of_its_own(settings, *, redis: bool = False) -> None:
    if redis:
        settings.CACHES = {
            **settings.CACHES,
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": settings.REDIS_URL,
                "KEY_PREFIX": f"test-limits-{uuid.uuid4().hex}",
            },
        }
    else:
        settings.CACHES = {
            **settings.CACHES,
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": f"limits-{uuid.uuid4().hex}",
            },
        }
