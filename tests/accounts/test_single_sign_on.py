"""Single sign-on matches a colleague's account only by an address both sides have proven."""

import pytest
from allauth.account.models import EmailAddress
from allauth.core import context
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.contrib.sessions.backends.db import SessionStore

from tests import factories

pytestmark = pytest.mark.django_db

PROVIDERS = {
    "openid_connect": {
        "APPS": [
            {
                "provider_id": "municipal-sso",
                "name": "Single sign-on",
                "client_id": "intranet",
                "secret": "s",
                "settings": {"server_url": "http://127.0.0.1:9/realms/kunta"},
            }
        ]
    }
}


@pytest.fixture
def request_(rf, settings):
    settings.SOCIALACCOUNT_PROVIDERS = PROVIDERS
    request = rf.get("/accounts/oidc/municipal-sso/login/callback/")
    request.session = SessionStore()
    with context.request_context(request):
        yield request


def provider_login(request, email: str, *, verified: bool = True) -> SocialLogin:
    provider = get_adapter(request).get_provider(request, "municipal-sso")
    login = SocialLogin(
        account=SocialAccount(provider="municipal-sso", uid=f"uid-{email}"),
        email_addresses=[EmailAddress(email=email, verified=verified)],
        provider=provider,
    )
    login.lookup()
    return login


def test_a_colleague_is_matched_by_the_directory_address(request_):
    colleague = factories.person("Kaisa", "Kollega")
    login = provider_login(request_, colleague.email)
    assert login.user == colleague


def test_an_address_the_provider_did_not_verify_matches_nobody(request_):
    colleague = factories.person("Kaisa", "Kollega")
    assert provider_login(request_, colleague.email, verified=False).user is None


def test_an_unconfirmed_claim_on_an_account_matches_nobody(request_):
    colleague = factories.person("Kaisa", "Kollega")
    EmailAddress.objects.create(user=colleague, email="someone.else@kerava.example", verified=False)
    assert provider_login(request_, "someone.else@kerava.example").user is None


def test_a_guest_is_never_matched_by_email(request_):
    guest = factories.person("Gita", "Guest", guest=True)
    EmailAddress.objects.create(user=guest, email=guest.email, verified=True, primary=True)
    assert provider_login(request_, guest.email).user is None


def test_single_sign_on_never_signs_anyone_up(request_):
    login = provider_login(request_, "new.person@kerava.example")
    assert login.user is None
    assert get_adapter(request_).is_open_for_signup(request_, login) is False
