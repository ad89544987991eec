"""One login form, one rate limit: no other form accepts a password, and the admin sends nothing out."""

import re

import pytest
from django.core import mail
from django.urls import NoReverseMatch, reverse

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator():
    user = factories.person("Aino", "Admin")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_django_admin_login_is_gone(client, administrator):
    response = client.post("/django-admin/login/", {"username": administrator.email, "password": factories.PASSWORD})
    # Signed out, every unknown page asks for the one login form.
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert not logged_in(client)
    client.force_login(administrator)
    assert client.get("/django-admin/").status_code == 404
    with pytest.raises(NoReverseMatch):
        reverse("admin:index")


def test_the_wagtail_admin_login_form_takes_no_password(client, administrator):
    page = client.get("/admin/login/?next=/admin/")
    assert page.status_code == 302 and page["Location"].startswith(reverse("account_login"))
    response = client.post("/admin/login/", {"username": administrator.email, "password": factories.PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert not logged_in(client)


def test_the_wagtail_admin_has_no_password_or_address_forms_of_its_own(client, administrator):
    mail.outbox.clear()
    client.post("/admin/password_reset/", {"email": administrator.email})
    assert mail.outbox == []
    client.force_login(administrator)
    assert client.get("/admin/password_reset/").status_code == 404
    page = client.get("/admin/account/")
    assert page.status_code == 200
    assert 'name="name_email-email"' not in page.content.decode()
    assert 'name="password-new_password1"' not in page.content.decode()
    client.post(
        "/admin/account/",
        {
            "name_email-first_name": "Aino",
            "name_email-last_name": "Admin",
            "name_email-email": "x@elsewhere.example",
            "password-old_password": factories.PASSWORD,
            "password-new_password1": "another-long-password",
            "password-new_password2": "another-long-password",
        },
    )
    administrator.refresh_from_db()
    assert administrator.email == "aino.admin@example.test"
    assert administrator.check_password(factories.PASSWORD)


def test_guessing_locks_the_account_on_the_one_login_form(client, administrator):
    for _attempt in range(6):
        client.post(reverse("account_login"), {"login": administrator.email, "password": "wrong-password"})
    response = client.post(reverse("account_login"), {"login": administrator.email, "password": factories.PASSWORD})
    assert not logged_in(client)
    assert response.status_code in (200, 429)
    assert "Too many failed login attempts" in response.content.decode()
    # The admin's own doors do not bypass the lock.
    for path in ("/admin/login/", "/django-admin/login/"):
        client.post(path, {"username": administrator.email, "password": factories.PASSWORD})
        assert not logged_in(client), path


# Any attribute or script value naming another host: src, href, srcset, data-*-url, menu JSON.
EXTERNAL = re.compile(r"""["'](?:https?:)?//(?!testserver[/"'])[a-z0-9.-]+""", re.I)
NOSCRIPT = re.compile(r"<noscript.*?</noscript>", re.S | re.I)


def test_admin_pages_name_no_third_party_host(client, administrator):
    client.force_login(administrator)
    for path in ("/admin/", "/admin/account/", "/admin/users/", "/admin/pages/"):
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        # Wagtail's <noscript> note links to a help page: text shown only without scripts, which no
        # browser requests by itself; everything else must stay on this site.
        html = NOSCRIPT.sub("", response.content.decode())
        assert "gravatar" not in html.lower(), path
        assert not EXTERNAL.findall(html), (path, EXTERNAL.findall(html)[:5])
