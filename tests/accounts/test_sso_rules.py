"""Single sign-on through a real Keycloak (two realms, two municipalities): who is linked, by what,
who is refused, and that a refusal creates nothing and is audited."""

import pytest
from allauth.socialaccount.models import SocialAccount

from core.models import AuditEntry
from people.models import Profile, User
from tests import factories
from tests.accounts import keycloak
from tests.pages import body

pytestmark = pytest.mark.django_db


@pytest.fixture
def kerava(keycloak_url):
    return keycloak.connect(keycloak_url, "kerava")


@pytest.fixture
def kaisa(kerava):
    """Imported by the directory, as Kerava's staff, with the address Keycloak verified."""
    return factories.person("Kaisa", "Kollega", org=kerava.organisation, email="kaisa.kollega@kerava.example")


def signed_in_as(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def refusals(reason: str):
    return AuditEntry.objects.filter(action="sign_in.refused", details__reason=reason)


def test_first_sign_in_links_by_the_verified_address_then_by_subject(client, kerava, kaisa):
    response = keycloak.sign_in(client, "kerava", "kaisa.kollega")
    assert response.status_code == 302, body(response, response.status_code)
    assert signed_in_as(client) == kaisa
    account = SocialAccount.objects.get(user=kaisa, provider="kerava")
    assert AuditEntry.objects.filter(action="sign_in.single_sign_on", details__method="email").count() == 1
    # The provider's claims filled what the directory left empty.
    kaisa.profile.refresh_from_db()
    assert kaisa.profile.title == "Suunnittelija"

    # The directory changes her address: the subject still finds her.
    client.logout()
    User.objects.filter(pk=kaisa.pk).update(email="kaisa.k@kerava.example")
    keycloak.sign_in(client, "kerava", "kaisa.kollega")
    assert signed_in_as(client) == kaisa
    assert SocialAccount.objects.filter(user=kaisa).get() == account
    assert AuditEntry.objects.filter(action="sign_in.single_sign_on", details__method="subject").count() == 1


def test_an_unverified_address_is_refused_and_creates_nothing(client, kerava):
    ville = factories.person(
        "Ville", "Vahvistamaton", org=kerava.organisation, email="ville.vahvistamaton@kerava.example"
    )
    users = User.objects.count()

    response = keycloak.sign_in(client, "kerava", "ville.vahvistamaton")

    assert "has not verified your email address" in body(response, 403)
    assert signed_in_as(client) is None
    assert not SocialAccount.objects.exists()
    assert User.objects.count() == users
    entry = refusals("unverified_email").get()
    assert entry.target_id == "kerava" and entry.details["email"] == ville.email


def test_another_municipalitys_address_is_refused_by_this_provider(client, kerava):
    # Jussi is Järvenpää's, and Kerava's provider vouches for his Järvenpää address: not Kerava's to say.
    factories.person(
        "Jussi",
        "Järvenpääläinen",
        org=keycloak.municipality("jarvenpaa"),
        email="jussi.jarvenpaalainen@jarvenpaa.example",
    )

    response = keycloak.sign_in(client, "kerava", "jussi.jarvenpaalainen")

    assert "does not belong to the organisation" in body(response, 403)
    assert signed_in_as(client) is None and not SocialAccount.objects.exists()
    assert refusals("foreign_domain").count() == 1


def test_an_account_of_another_organisation_is_not_linked(client, kerava):
    # The address is of Kerava's domain, but the directory has the person in Järvenpää.
    factories.person("Kaisa", "Kollega", org=keycloak.municipality("jarvenpaa"), email="kaisa.kollega@kerava.example")

    body(keycloak.sign_in(client, "kerava", "kaisa.kollega"), 403)

    assert signed_in_as(client) is None and not SocialAccount.objects.exists()
    assert refusals("not_allowed").count() == 1


def test_nobody_is_created_unless_the_provider_allows_it(client, kerava):
    users = User.objects.count()

    assert "no account for your email address" in body(keycloak.sign_in(client, "kerava", "uusi.tyontekija"), 403)

    assert User.objects.count() == users and refusals("no_account").count() == 1


def test_a_provider_that_creates_accounts_makes_a_colleague_of_its_organisation(client, keycloak_url):
    provider = keycloak.connect(keycloak_url, "kerava", create_accounts=True)
    kanslia = factories.unit(provider.organisation, "Kaupunginkanslia")

    keycloak.sign_in(client, "kerava", "uusi.tyontekija")

    user = signed_in_as(client)
    assert user is not None and user.email == "uusi.tyontekija@kerava.example" and not user.is_guest
    assert (user.first_name, user.last_name) == ("Uusi", "Työntekijä")
    profile = Profile.objects.get(user=user)
    assert (profile.organisation, profile.unit, profile.title) == (provider.organisation, kanslia, "Kirjaaja")
    assert SocialAccount.objects.filter(user=user, provider="kerava").exists()
    assert AuditEntry.objects.filter(action="sign_in.account_created", target_id=str(user.pk)).count() == 1
    assert AuditEntry.objects.filter(action="sign_in.single_sign_on", details__method="created").count() == 1


def test_a_guest_never_signs_in_through_a_staff_provider(client, keycloak_url):
    provider = keycloak.connect(keycloak_url, "kerava", create_accounts=True)
    # A partner invited with an address of Kerava's domain (a former employee, say).
    guest = factories.person("Uusi", "Vieras", guest=True, email="uusi.tyontekija@kerava.example")
    users = User.objects.count()

    body(keycloak.sign_in(client, "kerava", "uusi.tyontekija"), 403)

    assert signed_in_as(client) is None and User.objects.count() == users
    assert not SocialAccount.objects.filter(user=guest).exists()
    assert refusals("not_allowed").count() == 1
    assert provider.create_accounts


def test_a_linked_account_that_became_a_guest_is_refused(client, kerava, kaisa):
    keycloak.sign_in(client, "kerava", "kaisa.kollega")
    client.logout()
    User.objects.filter(pk=kaisa.pk).update(is_guest=True)

    body(keycloak.sign_in(client, "kerava", "kaisa.kollega"), 403)

    assert signed_in_as(client) is None and refusals("not_allowed").count() == 1


def test_a_bad_answer_at_the_callback_is_refused_and_audited(client, kerava):
    start = client.post("/accounts/oidc/kerava/login/")
    assert start.status_code == 302
    # A code Keycloak never issued: its token endpoint refuses it.
    response = client.get("/accounts/oidc/kerava/login/callback/?code=made-up&state=made-up")

    assert "could not be accepted" in body(response, 400)
    assert signed_in_as(client) is None and not SocialAccount.objects.exists()
    assert AuditEntry.objects.filter(action="sign_in.failed", target_id="kerava").count() == 1


def test_a_sign_in_service_whose_organisation_settings_were_deleted_signs_nobody_in(client, kerava, kaisa):
    # Deleting the organisation's settings in the admin leaves allauth's application and its button. It
    # must not fall back to the environment provider's rules, which no organisation's domains limit:
    # neither Kaisa, linked before, nor a Järvenpää colleague whose address Kerava's realm vouches for.
    keycloak.sign_in(client, "kerava", "kaisa.kollega")
    assert signed_in_as(client) == kaisa
    client.logout()
    factories.person(
        "Jussi",
        "Järvenpääläinen",
        org=keycloak.municipality("jarvenpaa"),
        email="jussi.jarvenpaalainen@jarvenpaa.example",
    )
    kerava.delete()  # the settings only: the SocialApp stays
    links = SocialAccount.objects.count()

    for username in ("kaisa.kollega", "jussi.jarvenpaalainen"):
        assert "cannot sign in through this sign-in service" in body(keycloak.sign_in(client, "kerava", username), 403)
        assert signed_in_as(client) is None

    assert SocialAccount.objects.count() == links
    assert refusals("not_allowed").count() == 2
