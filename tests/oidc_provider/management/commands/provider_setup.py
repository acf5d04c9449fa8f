"""Create the provider's people and the registered clients (the app under test, and
another client whose tokens the app must refuse)."""

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand
from oauth2_provider.models import Application

from tests.oidc_provider.people import provider_people

REDIRECTS = "http://127.0.0.1/sso/tilbake/ http://localhost/sso/tilbake/ http://127.0.0.1/cb"
AFTER_LOGOUT = "http://127.0.0.1/logg-inn/ http://localhost/logg-inn/"


class Command(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("--client", action="append", default=[], help="id:secret")

    def handle(self, *args, client, **options):
        for person in provider_people():
            user = User.objects.create(
                username=person["username"],
                email=person.get("email", ""),
                first_name=person.get("given_name", ""),
                last_name=person.get("family_name", ""),
            )
            user.set_password(person["password"])
            user.save()
        for pair in client:
            client_id, secret = pair.split(":", 1)
            Application.objects.create(
                name=client_id,
                client_id=client_id,
                client_secret=secret,
                client_type=Application.CLIENT_CONFIDENTIAL,
                authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
                redirect_uris=REDIRECTS,
                post_logout_redirect_uris=AFTER_LOGOUT,
                algorithm=Application.RS256_ALGORITHM,
                skip_authorization=True,
            )
