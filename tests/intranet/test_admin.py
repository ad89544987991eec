import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_community_manager_opens_the_wagtail_admin(client):
    manager = factories.person("Kaisa", "Yhteisö")
    manager.is_superuser = manager.is_staff = True
    manager.save()
    client.force_login(manager)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "wagtail" in response.content.decode().lower()


def test_ordinary_staff_and_guests_are_kept_out_of_the_admin(client):
    for user in (factories.person("Kalle", "Tavallinen"), factories.person("Gita", "Guest", guest=True)):
        client.force_login(user)
        response = client.get("/admin/")
        assert response.status_code in (302, 403)
        assert "wagtail-admin" not in response.content.decode()


def test_anonymous_admin_visit_goes_to_the_login_page(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
