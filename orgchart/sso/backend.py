"""Who a person from the identity provider is here: matched to the HR import by the
configured claim (the employee ID), else by e-mail. Roles come from the organisation
chart; the only thing the provider decides is the HMS administrator group, when one is
configured."""

from __future__ import annotations

import logging

import jwt
import requests
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from orgchart.access import user_with_access
from orgchart.administrators import grant_hms_admin, revoke_hms_admin
from orgchart.models import Membership, OrgUnit, User
from orgchart.sso import provider_metadata, sso_enabled, sso_setting

logger = logging.getLogger(__name__)

# Why the last single sign-on in this session did not log anyone in; the refusal page
# reads it.
REFUSAL_SESSION_KEY = "sso_refusal"
UNKNOWN_PERSON = "unknown"
TOKEN_REFUSED = "token"
PROVIDER_UNAVAILABLE = "unavailable"


class MunicipalityOIDCBackend(OIDCAuthenticationBackend):
    def __init__(self, *args, **kwargs):
        # Django makes a backend for every login, password logins included: read the
        # provider's discovery document only when a login really comes back from it, so
        # that a provider that is down never blocks the break-glass password accounts.
        self.UserModel = User
        self.configured = False

    def get_user(self, user_id):
        """The session's user, with their roles read in the same query."""
        return user_with_access(user_id)

    def configure(self) -> None:
        if not self.configured:
            super().__init__()
            self.configured = True

    @staticmethod
    def get_settings(attr, *args):
        return sso_setting(attr, *args)

    def authenticate(self, request, **kwargs):
        if not sso_enabled() or request is None or "code" not in request.GET:
            return None
        try:
            self.configure()
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, requests.RequestException) as refused:
            logger.warning("single sign-on refused: %s", refused)
            request.session[REFUSAL_SESSION_KEY] = TOKEN_REFUSED
            return None

    def _verify_jws(self, payload, key):
        """The signature, and what the library leaves out: the token is for this client
        (audience), from this provider (issuer), and not expired."""
        alg = jwt.get_unverified_header(payload).get("alg")
        if alg != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(f"unexpected token algorithm {alg!r}")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[alg],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=provider_metadata()["issuer"],
                options={"require": ["exp", "iat", "aud", "iss", "sub"]},
                leeway=60,
            )
        except jwt.InvalidTokenError as invalid:
            raise SuspiciousOperation(f"ID token refused: {invalid}") from invalid

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims (Entra puts groups and extension attributes there) with
        the userinfo endpoint's, when the provider has one."""
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            claims.update(super().get_userinfo(access_token, id_token, payload))
        return claims

    def verify_claims(self, claims) -> bool:
        return bool(self._employee_id(claims) or claims.get("email"))

    @staticmethod
    def _employee_id(claims) -> str:
        value = claims.get(settings.OIDC_EMPLOYEE_ID_CLAIM)
        return str(value).strip() if value not in (None, "") else ""

    def filter_users_by_claims(self, claims):
        employee_id = self._employee_id(claims)
        people = User.objects.filter(is_active=True)
        if employee_id:
            # No falling back to the e-mail address when the provider names an employee
            # ID: an address can be reused or, at some providers, set by the user.
            return people.filter(employee_id=employee_id)
        email = (claims.get("email") or "").strip()
        if not email:
            return User.objects.none()
        return people.filter(email__iexact=email)

    def get_or_create_user(self, access_token, id_token, payload):
        user = super().get_or_create_user(access_token, id_token, payload)
        if user is None:
            self.request.session[REFUSAL_SESSION_KEY] = UNKNOWN_PERSON
        return user

    def update_user(self, user, claims):
        self._apply_admin_group(user, claims)
        return user

    @transaction.atomic
    def create_user(self, claims):
        """Temporary staff the HR file does not have yet: a plain employee of the
        configured unit, taken over by the next HR import that has their employee ID."""
        unit = OrgUnit.objects.active().get(code=settings.OIDC_UNKNOWN_PERSON_UNIT)
        employee_id = self._employee_id(claims) or None
        email = (claims.get("email") or "").strip()
        user = User.objects.create(
            username=employee_id or email or f"sso-{claims['sub']}",
            employee_id=employee_id,
            email=email,
            first_name=(claims.get("given_name") or "")[:150],
            last_name=(claims.get("family_name") or "")[:150],
            password=make_password(None),
            provisioned_by_sso=True,
        )
        Membership.objects.create(user=user, unit=unit, is_primary=True)
        logger.info("single sign-on created user %s in unit %s", user.pk, unit.code)
        self._apply_admin_group(user, claims)
        return user

    def _apply_admin_group(self, user, claims) -> None:
        group = settings.OIDC_ADMIN_GROUP
        if not group:
            return
        groups = claims.get(settings.OIDC_GROUPS_CLAIM) or []
        if isinstance(groups, str):
            groups = [groups]
        via = f"identity provider group {group}"
        if group in groups:
            grant_hms_admin(user, via=via)
        else:
            revoke_hms_admin(user, via=via)
