from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class EmailOrUsernameBackend(ModelBackend):
    """Employees sign in with their e-mail address or their employee ID."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        User = get_user_model()
        login = username.strip()
        candidates = list(
            User.objects.filter(username__iexact=login)[:2]
            or User.objects.filter(email__iexact=login)[:2]
            or User.objects.filter(employee_id=login)[:2]
        )
        if len(candidates) != 1:
            # Unknown or ambiguous: spend the same time as a real check.
            User().set_password(password)
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
