"""Small tables that HMS administrators change rarely and many requests read (the
severities' names, the deadlines): each process reads the rows once and keeps them. A
change in the admin tells every process through the shared cache (a new version), and
each process looks at the version at most every few seconds, without asking the
database. While the cache is away (Redis down or restarting) the rows a process keeps
serve until it is back: no page or filing may fail for them."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

RECHECK_SECONDS = 5.0

logger = logging.getLogger(__name__)


class KeptRows:
    """The rows ``read()`` returns, kept in this process under ``name``, read again
    everywhere when a row of ``model`` ("app_label.Model") is saved or deleted (in the
    admin's list too, which deletes without calling ``Model.delete``)."""

    every: list[KeptRows] = []

    def __init__(self, name: str, read: Callable[[], object], *, model: str):
        self.name = name
        self.version_key = f"avvik:{name}:version"
        self._read = read
        self._rows = None
        self._version = None
        self._checked = 0.0
        # Counts the reads, so that a test can tell whether it read the rows again (and
        # forget what it read inside its rolled-back transaction).
        self.reads = 0
        KeptRows.every.append(self)
        for signal in (post_save, post_delete):
            signal.connect(self._row_changed, sender=model, weak=False)

    def _row_changed(self, **kwargs) -> None:
        self.changed()

    def _shared_version(self):
        try:
            return cache.get(self.version_key)
        except Exception as error:  # redis-py and socket errors alike
            logger.warning("The cache is unavailable (%s): %s as last read", error, self.name)
            return self._version

    def load(self) -> None:
        """Read the rows now (the first use in a process does it otherwise)."""
        self._version = self._shared_version()
        self._rows = self._read()
        self._checked = time.monotonic()
        self.reads += 1

    def is_loaded(self) -> bool:
        return self._rows is not None

    def forget(self) -> None:
        """Read the rows again at the next use (this process only)."""
        self._rows = None

    def changed(self) -> None:
        """A row was saved or deleted: every process reads the rows again, once the
        change is committed (told before, another process could read the old rows and
        keep them under the new version)."""
        self._rows = None
        transaction.on_commit(self._publish)

    def _publish(self) -> None:
        self._rows = None
        try:
            cache.set(self.version_key, uuid.uuid4().hex, None)
        except Exception as error:  # redis-py and socket errors alike
            logger.warning("The cache is unavailable (%s): other processes keep old %s",
                           error, self.name)  # fmt: skip

    def get(self):
        now = time.monotonic()
        if self._rows is not None and now - self._checked > RECHECK_SECONDS:
            self._checked = now
            if self._shared_version() != self._version:
                self._rows = None
        if self._rows is None:
            self.load()
        return self._rows
