"""Follow-up codes: what a reporter without an account (or an anonymous one) holds instead
of a login, to read the outcome of their report and answer the leader.

A code is 20 characters from Crockford's base-32 alphabet (no I, L, O or U, so nothing
is mistaken for 1 or 0), about 100 bits, shown in groups of four. It is derived from
the form's one-time submission token with the secret key, so a report sent twice (a
double tap, an offline queue sending again) shows the same code on both receipts; only
its SHA-256 is stored, and the submission token itself is stored only as a hash.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid

from django.conf import settings

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 20
# What a person may type for a character that is not in the alphabet.
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def code_for(submission_token: uuid.UUID) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), b"follow-up:" + submission_token.bytes, hashlib.sha256
    ).digest()
    number = int.from_bytes(digest, "big")
    chars = []
    for _i in range(LENGTH):
        number, index = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[index])
    return "".join(chars)


def formatted(code: str) -> str:
    """``ABCD-EFGH-…``: easier to copy down from a screen."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalized(typed: str) -> str:
    """The code as typed, without spaces or dashes, in capitals, with look-alikes read
    as the characters of the alphabet."""
    cleaned = "".join(ch for ch in typed.upper() if ch.isalnum())
    return cleaned.translate(_READ_AS)


def hashed(code: str) -> str:
    return hashlib.sha256(normalized(code).encode()).hexdigest()


def stored_submission_token(submission_token: uuid.UUID) -> uuid.UUID:
    """What a report without a reporter keeps of its submission token: enough to notice
    the same form sent twice, not enough to work out its follow-up code."""
    return uuid.UUID(bytes=hashlib.sha256(b"submission:" + submission_token.bytes).digest()[:16])
