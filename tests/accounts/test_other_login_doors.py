"""No page besides allauth's login form checks a password: the lock-out cannot be stepped around."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_wagtails_front_end_login_form_takes_no_password(client):
    administrator = factories.person("Aino", "Admin")
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    for _attempt in range(6):
        client.post(reverse("account_login"), {"login": administrator.email, "password": "wrong-password"})
    # Locked on the login form; Wagtail's own front-end login (a plain Django LoginView) must not
    # accept the right password either.
    response = client.post("/_util/login/", {"username": administrator.email, "password": factories.PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert not logged_in(client)
