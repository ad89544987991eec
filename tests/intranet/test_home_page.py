from datetime import date

import pytest

from intranet.models import HomePage, NewsPage
from tests import factories
from tests.pages import body

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    kerava = factories.organisation("kerava", "Kerava")
    staff = factories.person("Aino", "Virtanen", org=kerava)
    guest = factories.person("Paula", "Partner", guest=True, org=factories.organisation("acme", home=False))
    project = factories.group("hanke", "Yhteishanke", members={staff: "owner", guest: "guest"})
    factories.group("muu", "Muu ryhmä", members={staff: "member"})
    factories.post(project, staff, "Miten tämä toimii?", question=True, title="Miten hanke etenee?")
    home = HomePage.objects.get()
    news = home.add_child(instance=NewsPage(title="Uusi intranet avattu", slug="uusi-intranet", date=date(2026, 11, 1)))
    return locals()


def test_home_shows_groups_questions_and_news(client, scene):
    client.force_login(scene["staff"])
    page = client.get("/").content.decode()
    assert "Yhteishanke" in page and "Muu ryhmä" in page
    assert "Miten hanke etenee?" in page
    assert "Uusi intranet avattu" in page


def test_guest_home_shows_only_their_group_and_no_news(client, scene):
    client.force_login(scene["guest"])
    page = body(client.get("/"))
    assert "Yhteishanke" in page
    assert "Muu ryhmä" not in page
    assert "Uusi intranet avattu" not in page
    assert client.get(scene["news"].url).status_code == 404


def test_interface_speaks_finnish_and_swedish(client, scene):
    client.force_login(scene["staff"])
    assert "Omat ryhmät" in client.get("/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Mina grupper" in client.get("/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()


def test_health_check_answers_without_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    # Up or down only: the components are for operators (tests/ops/test_health.py).
    assert response.json() == {"status": "up"}
