"""Starts the test OpenID Connect provider (settings.py beside this file) as a process of
its own on 127.0.0.1, on a port the system picks, for the single sign-on tests."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlparse

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "provider-pass-1"
PEOPLE = [
    # Known to the HR import by employee ID; in the provider's HMS administrator group.
    {
        "username": "kari",
        "password": PASSWORD,
        "email": "kari.nordmann@fjordvik.example",
        "given_name": "Kari",
        "family_name": "Nordmann",
        "employee_id": "5001",
        "groups": ["hms-admins"],
    },
    # No employee ID at the provider: matched by e-mail.
    {
        "username": "per",
        "password": PASSWORD,
        "email": "Per.Hansen@fjordvik.example",
        "given_name": "Per",
        "family_name": "Hansen",
    },
    # A temporary worker the HR file does not have.
    {
        "username": "vikar",
        "password": PASSWORD,
        "email": "vikar.olsen@fjordvik.example",
        "given_name": "Vilde",
        "family_name": "Olsen",
        "employee_id": "7001",
    },
]
CLIENT_ID, CLIENT_SECRET = "avvik", "avvik-secret-for-tests"
OTHER_CLIENT_ID, OTHER_CLIENT_SECRET = "another-app", "another-secret"


@dataclass
class Provider:
    url: str

    @property
    def issuer(self) -> str:
        return f"{self.url}/o"

    def log_in(self, session: requests.Session, response: requests.Response, username: str):
        """Fill in the provider's own login form on the page ``response`` shows."""
        csrf = session.cookies.get("provider_csrftoken", domain="127.0.0.1")
        next_url = parse_qs(urlparse(response.url).query)["next"][0]
        return session.post(
            response.url,
            data={
                "username": username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": csrf,
                "next": next_url,
            },
            headers={"Referer": response.url},
            allow_redirects=False,
        )

    def id_token_for(self, client_id: str, client_secret: str, username: str) -> str:
        """An ID token the provider really issued to ``client_id`` for ``username``,
        through the authorization code flow with PKCE."""
        import base64
        import hashlib
        import secrets

        verifier = secrets.token_urlsafe(48)
        challenge = (
            base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
            .rstrip(b"=")
            .decode()
        )
        redirect_uri = "http://127.0.0.1/cb"
        session = requests.Session()
        page = session.get(
            f"{self.issuer}/authorize/",
            params={
                "client_id": client_id,
                "response_type": "code",
                "scope": "openid email profile",
                "redirect_uri": redirect_uri,
                "state": "s",
                "nonce": "n",
                "code_challenge": challenge,
                "code_challenge_method": "S256",
            },
        )
        answer = self.log_in(session, page, username)
        answer = session.get(urljoin(self.url, answer.headers["Location"]), allow_redirects=False)
        code = parse_qs(urlparse(answer.headers["Location"]).query)["code"][0]
        token = session.post(
            f"{self.issuer}/token/",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect_uri,
                "client_id": client_id,
                "client_secret": client_secret,
                "code_verifier": verifier,
            },
        )
        token.raise_for_status()
        return token.json()["id_token"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    folder = tmp_path_factory.mktemp("oidc-provider")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "OIDC_PROVIDER_DB": str(folder / "provider.sqlite3"),
        "OIDC_PROVIDER_KEY": pem,
        "OIDC_PROVIDER_PEOPLE": json.dumps(PEOPLE),
    }
    django = [sys.executable, "-m", "django"]
    subprocess.run([*django, "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [
            *django,
            "provider_setup",
            "--client",
            f"{CLIENT_ID}:{CLIENT_SECRET}",
            "--client",
            f"{OTHER_CLIENT_ID}:{OTHER_CLIENT_SECRET}",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    port = _free_port()
    log = open(folder / "provider.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(
        [*django, "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    provider = Provider(url=f"http://127.0.0.1:{port}")
    try:
        for _attempt in range(100):
            if process.poll() is not None:
                raise RuntimeError((folder / "provider.log").read_text())
            try:
                requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        else:
            raise RuntimeError("the test OpenID Connect provider did not start")
        yield provider
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
