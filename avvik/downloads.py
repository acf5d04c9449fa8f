"""The file name a browser gets for a download (RFC 6266): the real name with æ, ø and å
in ``filename*``, and an ASCII stand-in in ``filename`` for clients that know no better."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

# Norwegian letters spelt as Norwegians spell them without them, not dropped.
_NORWEGIAN = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "AE", "Ø": "OE", "Å": "AA"})


def ascii_file_name(name: str) -> str:
    """``name`` in printable ASCII: Norwegian letters spelt out, other accents dropped,
    quotes, backslashes and control characters replaced."""
    spelt = unicodedata.normalize("NFKD", name.translate(_NORWEGIAN))
    plain = spelt.encode("ascii", "ignore").decode("ascii")
    return re.sub(r'[\x00-\x1f\x7f"\\;]', "_", plain) or "download"


def content_disposition(name: str, *, as_attachment: bool = True) -> str:
    """The Content-Disposition header for a file called ``name``."""
    kind = "attachment" if as_attachment else "inline"
    fallback = ascii_file_name(name)
    header = f'{kind}; filename="{fallback}"'
    if fallback != name:
        header += f"; filename*=UTF-8''{quote(name, safe='')}"
    return header
