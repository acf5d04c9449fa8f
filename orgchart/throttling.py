"""Limits on logging in and on password-reset e-mails.

Failed logins are counted by django-axes per account, whatever spelling or identifier
named it: ``JONAS@…``, ``jonas@…`` and the employee number of the same person count as
one (``lockout_identity``). Besides that, one address may fail only so often across all
accounts, which stops guessing one password on many accounts. The password-reset form
sends at most a few e-mails to one person and accepts at most a few requests from one
address. Counters live in the shared cache (Redis in production), so every web process
sees the same counts.
"""

from __future__ import annotations

import hashlib
import unicodedata

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.core.cache import caches
from django.dispatch import receiver


def normalised_login(login: str) -> str:
    """What was typed, as the account lookup compares it: no surrounding or doubled
    whitespace, Unicode composed, case folded."""
    text = unicodedata.normalize("NFKC", login or "")
    return " ".join(text.split()).casefold()


def find_accounts(login: str, *, limit: int = 2) -> list:
    """The accounts an identifier names: user name, e-mail address or employee ID, in
    that order, case and surrounding whitespace ignored. More than one means it is
    ambiguous."""
    User = get_user_model()
    term = " ".join(unicodedata.normalize("NFKC", login or "").split())
    if not term:
        return []
    return list(
        User.objects.filter(username__iexact=term)[:limit]
        or User.objects.filter(email__iexact=term)[:limit]
        or User.objects.filter(employee_id__iexact=term)[:limit]
    )


def lockout_identity(request, credentials: dict | None = None) -> str:
    """The name django-axes counts failed logins under (AXES_USERNAME_CALLABLE): the
    account itself when the identifier names one, else the normalised text."""
    if credentials is not None:
        login = credentials.get("username", "")
    else:
        login = request.POST.get("username", "") if request is not None else ""
    accounts = find_accounts(login)
    if len(accounts) == 1:
        return f"account:{accounts[0].pk}"
    return normalised_login(login)[:255]


def client_address(request) -> str:
    return get_client_ip_address(request) or "unknown"


def _cache():
    return caches["throttle"]


def _key(scope: str, value: str) -> str:
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    return f"throttle:{scope}:{digest}"


def count(scope: str, value: str, *, window: int) -> int:
    """Count one more event for ``value`` in the current window; the new count."""
    key = _key(scope, value)
    cache = _cache()
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return 1


def current(scope: str, value: str) -> int:
    return _cache().get(_key(scope, value), 0)


# -- logging in -----------------------------------------------------------------------


def address_is_blocked_from_login(request) -> bool:
    return current("login-address", client_address(request)) >= settings.LOGIN_ADDRESS_LIMIT


@receiver(user_login_failed)
def count_failed_login_by_address(sender, credentials, request=None, **kwargs):
    if request is not None:
        count("login-address", client_address(request), window=settings.LOGIN_LIMIT_WINDOW)


# -- password reset ----------------------------------------------------------------------


def password_reset_allowed_from(request) -> bool:
    """Count a reset request from this address; False once it is over the limit."""
    sent = count("reset-address", client_address(request), window=settings.RESET_LIMIT_WINDOW)
    return sent <= settings.PASSWORD_RESET_ADDRESS_LIMIT


def password_reset_allowed_to(email: str) -> bool:
    """Count a reset e-mail to this address; False once it is over the limit."""
    sent = count("reset-target", normalised_login(email), window=settings.RESET_LIMIT_WINDOW)
    return sent <= settings.PASSWORD_RESET_TARGET_LIMIT
