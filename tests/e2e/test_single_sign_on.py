"""Single sign-on in the browser, through the real Keycloak: a Kerava colleague from the directory
types her work address, signs in at Kerava's realm and lands as herself; an address Keycloak has not
verified is refused with the reason. The login page passes axe and reflows at 320 px."""

import re

from playwright.sync_api import expect

from tests import factories
from tests.accounts import keycloak
from tests.e2e.helpers import E2E_DB, assert_accessible

pytestmark = E2E_DB


def sign_in_at_keycloak(page, username: str) -> None:
    expect(page.locator("#kc-form-login")).to_be_visible()
    page.locator("#username").fill(username)
    page.locator("#password").fill(keycloak.PASSWORD)
    with page.expect_navigation():
        page.locator("#kc-login").click()


def start_with_the_work_address(page, email: str) -> None:
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Work email address").fill(email)
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()


def test_a_colleague_signs_in_through_her_municipalitys_provider(new_page, keycloak_url):
    provider = keycloak.connect(keycloak_url, "kerava")
    keycloak.connect(keycloak_url, "jarvenpaa")
    kaisa = factories.person("Kaisa", "Kollega", org=provider.organisation, email="kaisa.kollega@kerava.example")
    page = new_page()

    start_with_the_work_address(page, kaisa.email)
    assert page.url.startswith(f"{keycloak_url}/realms/kerava/")
    sign_in_at_keycloak(page, "kaisa.kollega")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    expect(page.locator("body")).to_contain_text("Kaisa")
    assert kaisa.socialaccount_set.filter(provider="kerava").exists()
    assert_accessible(page)


def test_an_unverified_address_is_refused_with_the_reason(new_page, keycloak_url):
    provider = keycloak.connect(keycloak_url, "kerava")
    factories.person("Ville", "Vahvistamaton", org=provider.organisation, email="ville.vahvistamaton@kerava.example")
    page = new_page()

    page.goto("/accounts/login/")
    with page.expect_navigation():
        page.get_by_role("button", name="Log in with Keravan kaupunki").click()
    sign_in_at_keycloak(page, "ville.vahvistamaton")

    expect(page.get_by_role("heading", level=1)).to_have_text("Not signed in")
    expect(page.get_by_role("alert")).to_contain_text("has not verified your email address")
    assert_accessible(page)
    assert not re.search(r"Welcome", page.locator("main").inner_text())


def test_the_login_page_reflows_at_320_pixels(new_page, keycloak_url):
    keycloak.connect(keycloak_url, "kerava")
    keycloak.connect(keycloak_url, "jarvenpaa")
    page = new_page()
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/accounts/login/")
    assert_accessible(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the login page scrolls sideways by {overflow} px at 320 px"
    for name in ("Continue", "Log in with Keravan kaupunki", "Log in with Järvenpään kaupunki", "Log in"):
        expect(page.get_by_role("button", name=name, exact=True)).to_be_visible()
