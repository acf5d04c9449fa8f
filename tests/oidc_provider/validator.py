from oauth2_provider.oauth2_validators import OAuth2Validator

from tests.oidc_provider.people import provider_people


class ClaimsValidator(OAuth2Validator):
    """Puts the municipality's claims in the ID token (and userinfo), as Entra ID does
    with an employee ID attribute and group claims."""

    # Every claim whatever the scope, as Entra does with configured optional claims.
    oidc_claim_scope = None

    def get_additional_claims(self, request):
        person = next((p for p in provider_people() if p["username"] == request.user.username), {})
        claims = {
            "email": person.get("email", ""),
            "given_name": person.get("given_name", ""),
            "family_name": person.get("family_name", ""),
        }
        if person.get("employee_id"):
            claims["employee_id"] = person["employee_id"]
        if person.get("groups"):
            claims["groups"] = person["groups"]
        return claims
