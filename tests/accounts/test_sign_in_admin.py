"""An administrator adds a municipality's sign-in service in the Wagtail admin, without a redeploy."""

import pytest
from allauth.socialaccount.models import SocialApp

from core.models import AuditEntry
from people.models import IdentityProvider
from tests import factories
from tests.pages import body

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = factories.person("Anna", "Admin")
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    return client


def form(org, **changes):
    data = {
        "name": "Keravan kaupunki",
        "provider_id": "kerava",
        "server_url": "https://login.example.fi/realms/kerava",
        "client_id": "intranet",
        "secret": "s3cret",
        "organisation": org.pk,
        "email_domains": "Kerava.fi, edu.kerava.fi",
        "claim_email_verified": "email_verified",
        "claim_first_name": "given_name",
        "claim_last_name": "family_name",
        "claim_title": "jobTitle",
        "claim_unit": "department",
    }
    return {**data, **changes}


def test_an_administrator_adds_a_provider_for_a_home_organisation(admin_client):
    org = factories.organisation("kerava", "Keravan kaupunki")
    body(admin_client.get("/admin/sign_in_services/new/"))

    response = admin_client.post("/admin/sign_in_services/new/", form(org))

    assert response.status_code == 302, body(response, response.status_code)
    provider = IdentityProvider.objects.get()
    assert provider.organisation == org and not provider.create_accounts
    app = SocialApp.objects.get(provider="openid_connect", provider_id="kerava")
    assert app.settings["server_url"] == "https://login.example.fi/realms/kerava" and app.secret == "s3cret"
    assert app.sites.exists()
    org.refresh_from_db()
    assert org.email_domains == ["edu.kerava.fi", "kerava.fi"]
    assert AuditEntry.objects.filter(action="sign_in.provider.saved").count() == 1
    admin_client.logout()
    assert "Log in with Keravan kaupunki" in body(admin_client.get("/accounts/login/"))


def test_a_partner_organisation_gets_no_provider(admin_client):
    partner = factories.organisation("partner", "Partner Oy", home=False)
    response = admin_client.post("/admin/sign_in_services/new/", form(partner))
    body(response, 200)  # the form again, with the error
    assert not IdentityProvider.objects.exists() and not SocialApp.objects.exists()
