from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from orgchart.access import user_with_access
from orgchart.throttling import find_accounts


class EmailOrUsernameBackend(ModelBackend):
    """Employees sign in with their e-mail address or their employee ID (case and
    surrounding whitespace ignored, as the lockout counts them)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        candidates = find_accounts(username)
        if len(candidates) != 1:
            # Unknown or ambiguous: spend the same time as a real check.
            get_user_model()().set_password(password)
            return None
        user = candidates[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def user_can_authenticate(self, user) -> bool:
        """With single sign-on on, a password works only for accounts marked for it."""
        from orgchart.sso import sso_enabled

        if sso_enabled() and not user.password_login_allowed:
            return False
        return super().user_can_authenticate(user)

    def get_user(self, user_id):
        """The session's user, with their roles read in the same query."""
        user = user_with_access(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
