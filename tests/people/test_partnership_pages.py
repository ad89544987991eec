"""Creating and editing partnerships and projects: staff only, dates checked, audited, linked."""

from datetime import date

import pytest
from django.urls import reverse

from core.models import AuditEntry
from people.models import Partnership
from tests import factories

pytestmark = pytest.mark.django_db


def data(net, **extra):
    return {
        "name": "Interreg Baltic Circular",
        "kind": "eu_project",
        "starts_on": "2025-01-01",
        "ends_on": "2027-12-31",
        "description": "Kiertotalous satamissa",
        "organisations": [net["kuntaliitto"].pk],
        "people": [net["same"].profile.pk],
        **extra,
    }


def test_a_colleague_creates_a_project_from_the_organisation_page(client, net):
    client.force_login(net["coop"])
    page = client.get(reverse("people:organisation", args=["kuntaliitto"])).content.decode()
    assert f"{reverse('people:partnership_new')}?organisation=kuntaliitto" in page
    form = client.get(reverse("people:partnership_new"), {"organisation": "kuntaliitto"})
    assert form.context["form"].initial["organisations"] == [net["kuntaliitto"]]
    response = client.post(reverse("people:partnership_new"), data(net))
    assert response.status_code == 302
    project = Partnership.objects.get(name="Interreg Baltic Circular")
    assert (project.kind, project.starts_on, project.ends_on) == ("eu_project", date(2025, 1, 1), date(2027, 12, 31))
    assert list(project.organisations.all()) == [net["kuntaliitto"]]
    assert list(project.people.all()) == [net["same"].profile]
    entry = AuditEntry.objects.get(action="partnership.create", target_id=project.key)
    assert entry.actor == net["coop"] and entry.details["organisations"] == ["kuntaliitto"]
    organisation_page = client.get(reverse("people:organisation", args=["kuntaliitto"])).content.decode()
    assert "Interreg Baltic Circular" in organisation_page
    assert reverse("people:partnership_edit", args=[project.key]) in organisation_page


def test_editing_is_audited_with_the_changed_fields_and_linked_from_the_list(client, net):
    project = Partnership.objects.create(
        key="p.old", name="Ystävyyskunta Tartto", kind="twin_city", starts_on=date(1990, 5, 1)
    )
    client.force_login(net["same"])
    listing = client.get(reverse("people:partnerships")).content.decode()
    assert reverse("people:partnership_edit", args=["p.old"]) in listing
    assert reverse("people:partnership_new") in listing
    client.post(
        reverse("people:partnership_edit", args=["p.old"]),
        data(
            net,
            name="Ystävyyskunta Tartto",
            kind="twin_city",
            starts_on="1990-05-01",
            ends_on="2024-12-31",
            description="",
            people=[],
        ),
    )
    project.refresh_from_db()
    assert project.ends_on == date(2024, 12, 31) and project.has_ended
    assert AuditEntry.objects.get(action="partnership.update").details["fields"] == ["ends_on", "organisations"]


def test_an_end_before_the_start_is_refused_and_nothing_is_written(client, net):
    client.force_login(net["same"])
    response = client.post(reverse("people:partnership_new"), data(net, ends_on="2024-12-31"))
    assert response.status_code == 400
    assert "The end date cannot be before the start date." in response.content.decode()
    response = client.post(reverse("people:partnership_new"), data(net, kind="party", name=""))
    assert response.status_code == 400
    assert not Partnership.objects.exists() and not AuditEntry.objects.filter(action__startswith="partnership").exists()


@pytest.mark.parametrize(
    "who, status",
    [
        ("anonymous", 302),
        ("guest", 404),
        ("deactivated", 302),
        ("colleague", 200),
        ("other_organisation", 200),
        ("administrator", 200),
    ],
)
def test_who_may_open_the_partnership_pages(client, net, who, status):
    Partnership.objects.create(key="p.old", name="Ystävyyskunta Tartto", kind="twin_city")
    users = {
        "guest": net["guest"],
        "deactivated": net["same"],
        "colleague": net["same"],
        "other_organisation": net["coop"],
        "administrator": factories.person("Ada", "Admin", org=net["kerava"]),
    }
    if who == "administrator":
        users[who].is_superuser = True
        users[who].save()
    if who in users:
        client.force_login(users[who])
    if who == "deactivated":
        net["same"].is_active = False
        net["same"].save()
    for url in (reverse("people:partnership_new"), reverse("people:partnership_edit", args=["p.old"])):
        assert client.get(url).status_code == status, url
    client.post(reverse("people:partnership_new"), data(net))
    assert Partnership.objects.filter(name="Interreg Baltic Circular").exists() == (status == 200)
    assert client.get(reverse("people:partnership_edit", args=["p.nope"])).status_code in (302, 404)
