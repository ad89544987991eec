"""The login page: a button per sign-in service, and a work address that picks its organisation's."""

from urllib.parse import parse_qs, urlsplit

import pytest

from tests import factories
from tests.accounts import keycloak
from tests.pages import page

pytestmark = pytest.mark.django_db


@pytest.fixture
def providers(keycloak_url):
    return keycloak.connect(keycloak_url, "kerava"), keycloak.connect(keycloak_url, "jarvenpaa")


def test_the_login_page_has_a_button_per_provider_and_the_password_form(client, providers):
    html = page(client, "/accounts/login/")
    assert "Log in with Keravan kaupunki" in html and "Log in with Järvenpään kaupunki" in html
    assert 'id="id_discover_email"' in html and 'name="password"' in html


def test_an_address_of_a_municipality_goes_to_its_provider(client, providers, keycloak_url):
    response = client.post("/accounts/sign-in/discover/", {"email": "Kaisa.Kollega@KERAVA.example"})
    assert response.status_code == 302
    assert response["Location"].startswith(f"{keycloak_url}/realms/kerava/protocol/openid-connect/auth?")

    response = client.post("/accounts/sign-in/discover/", {"email": "aino.laine@jarvenpaa.example"})
    assert response["Location"].startswith(f"{keycloak_url}/realms/jarvenpaa/")


def test_any_other_address_goes_to_the_password_form_filled_in(client, providers):
    factories.organisation("partner", "Partner Oy", home=False)
    response = client.post("/accounts/sign-in/discover/", {"email": "pia.partner@partner.example", "next": "/groups/"})
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == "/accounts/login/"
    assert parse_qs(target.query) == {"login": ["pia.partner@partner.example"], "next": ["/groups/"]}
    assert 'value="pia.partner@partner.example"' in page(client, f"/accounts/login/?{target.query}")


def test_a_foreign_next_address_is_dropped(client, providers):
    response = client.post(
        "/accounts/sign-in/discover/", {"email": "x@partner.example", "next": "https://evil.example/"}
    )
    assert "evil" not in response["Location"]
