"""An e-mail backend for fault tests, used by worker processes the tests start: it says
when it begins sending (a file ``sending-<n>`` in ``EMAIL_FILE_PATH``), takes
``SLOW_MAIL_SECONDS`` to send, then writes the message as the file backend does. The test
cuts the worker's database connection while it sends."""

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend as FileBackend


class EmailBackend(FileBackend):
    def send_messages(self, email_messages):
        folder = Path(self.file_path)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"sending-{uuid.uuid4().hex}").touch()
        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "2")))
        return super().send_messages(email_messages)
