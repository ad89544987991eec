"""ID tokens that must not sign anyone in, made by the real Keycloak: another realm's (unknown issuer,
another key), another client's (wrong audience), expired, replayed and tampered ones. They are checked
as allauth checks an ID token it did not fetch itself (signature included), with the sign-in service
configured as an administrator configures it."""

import base64
import json
import time

import jwt
import pytest
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.contrib.sessions.backends.db import SessionStore

from tests.accounts import keycloak

pytestmark = pytest.mark.django_db


@pytest.fixture
def check(rf, keycloak_url):
    """Decode an ID token as Kerava's sign-in service; raises allauth's OAuth2Error when refused."""
    keycloak.connect(keycloak_url, "kerava")
    request = rf.get("/accounts/oidc/kerava/login/callback/")
    request.session = SessionStore()
    adapter = OpenIDConnectOAuth2Adapter(request, "kerava")
    adapter.did_fetch_access_token = False  # verify the signature too
    app = adapter.get_provider().app
    return lambda id_token: adapter._decode_id_token(app, id_token)


def id_token(keycloak_url, realm="kerava", client_id="intranet", username="kaisa.kollega") -> str:
    return keycloak.tokens(keycloak_url, realm, username, client_id)["id_token"]


def refused_because(check, token) -> BaseException:
    with pytest.raises(OAuth2Error) as refusal:
        check(token)
    return refusal.value.__cause__


def test_a_good_token_is_accepted(check, keycloak_url):
    assert check(id_token(keycloak_url))["email"] == "kaisa.kollega@kerava.example"


def test_another_municipalitys_token_is_refused(check, keycloak_url):
    # Signed by Järvenpää's realm key, issued by Järvenpää: neither is Kerava's.
    # allauth refuses it at the key lookup: Kerava's key set has no key of that id.
    refused_because(check, id_token(keycloak_url, realm="jarvenpaa", username="aino.laine"))


def test_a_token_for_another_application_is_refused(check, keycloak_url):
    cause = refused_because(check, id_token(keycloak_url, client_id="another-app"))
    assert isinstance(cause, jwt.InvalidAudienceError)


def test_an_expired_token_is_refused(check, keycloak_url):
    token = id_token(keycloak_url, client_id="intranet-short-lived")  # lives one second
    time.sleep(2.1)
    cause = refused_because(check, token)
    assert isinstance(cause, jwt.ExpiredSignatureError | jwt.InvalidAudienceError)
    assert (
        jwt.decode(token, options={"verify_signature": False, "verify_aud": False, "verify_exp": False})["exp"]
        < time.time()
    )


def test_a_replayed_token_is_refused(check, keycloak_url):
    token = id_token(keycloak_url)
    check(token)
    refused_because(check, token)  # allauth remembers the token's jti until it expires


def test_a_token_whose_claims_were_changed_is_refused(check, keycloak_url):
    header, payload, signature = id_token(keycloak_url).split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["email"] = "someone.else@kerava.example"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    assert isinstance(refused_because(check, f"{header}.{forged}.{signature}"), jwt.InvalidSignatureError)
