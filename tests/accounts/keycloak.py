"""The real identity provider of the single sign-on tests: the throwaway Keycloak of
scripts/services.py with the realms of scripts/keycloak/ (Kerava and Järvenpää).

A municipality is connected as docs/identity.md tells an administrator to: its sign-in service saved
with the issuer URL, client id and secret, and the organisation's email domains."""

import re
from html import unescape
from urllib.parse import urlsplit

import requests

from people import sign_in_services
from people.models import IdentityProvider, Organisation
from tests import factories

CLIENT_SECRET = "intranet-test-secret"
PASSWORD = factories.PASSWORD
MUNICIPALITIES = {
    "kerava": ("Keravan kaupunki", "kerava.example"),
    "jarvenpaa": ("Järvenpään kaupunki", "jarvenpaa.example"),
}


def issuer(keycloak_url: str, realm: str) -> str:
    return f"{keycloak_url}/realms/{realm}"


def municipality(key: str) -> Organisation:
    name, domain = MUNICIPALITIES[key]
    org = factories.organisation(key, name)
    if org.email_domains != [domain]:
        org.email_domains = [domain]
        org.save(update_fields=["email_domains"])
    return org


def connect(
    keycloak_url: str, key: str, *, create_accounts: bool = False, client_id: str = "intranet"
) -> IdentityProvider:
    """The municipality's Keycloak realm as its sign-in service, saved through the admin's service."""
    org = municipality(key)
    existing = IdentityProvider.objects.filter(app__provider_id=key).first()
    return sign_in_services.save_provider(
        None,
        existing,
        sign_in_services.ProviderSettings(
            name=org.name,
            provider_id=key,
            server_url=issuer(keycloak_url, key),
            client_id=client_id,
            secret=CLIENT_SECRET,
            organisation=org,
            email_domains=org.email_domains,
            create_accounts=create_accounts,
            claims={
                "claim_email_verified": "email_verified",
                "claim_first_name": "given_name",
                "claim_last_name": "family_name",
                "claim_title": "jobTitle",
                "claim_unit": "department",
            },
        ),
    )


def tokens(keycloak_url: str, realm: str, username: str, client_id: str = "intranet") -> dict:
    """Tokens for a realm's user straight from its token endpoint (the password grant)."""
    response = requests.post(
        f"{issuer(keycloak_url, realm)}/protocol/openid-connect/token",
        data={
            "grant_type": "password",
            "client_id": client_id,
            "client_secret": CLIENT_SECRET,
            "username": username,
            "password": PASSWORD,
            "scope": "openid email profile",
        },
        timeout=30,
    )
    response.raise_for_status()
    return response.json()


def sign_in(client, provider_id: str, username: str):
    """The whole authorization code flow: the intranet's login button, Keycloak's own login form, and
    the intranet's callback, which exchanges the code at Keycloak's token endpoint. Returns the
    intranet's answer to the callback."""
    start = client.post(f"/accounts/oidc/{provider_id}/login/")
    assert start.status_code == 302, start.content[:500]
    at_keycloak = requests.Session()
    login_page = at_keycloak.get(start["Location"], timeout=30)
    login_page.raise_for_status()
    # Keycloak marks its cookies Secure; a browser sends them to a loopback address over plain HTTP
    # (a secure context), requests does not.
    for cookie in at_keycloak.cookies:
        cookie.secure = False
    action = re.search(r'<form[^>]*id="kc-form-login"[^>]*action="([^"]+)"', login_page.text)
    assert action, login_page.text[:2000]
    answer = at_keycloak.post(
        unescape(action.group(1)),
        data={"username": username, "password": PASSWORD, "credentialId": ""},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302, answer.text[:2000]
    callback = urlsplit(answer.headers["Location"])
    return client.get(f"{callback.path}?{callback.query}")
