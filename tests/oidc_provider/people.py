"""The provider's people: JSON in OIDC_PROVIDER_PEOPLE, a list of objects with username,
password, email, given_name, family_name, and optionally employee_id and groups."""

import json
import os


def provider_people() -> list[dict]:
    return json.loads(os.environ.get("OIDC_PROVIDER_PEOPLE", "[]"))
