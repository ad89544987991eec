"""A guest reading old posts does not learn the names or profile keys of people they may no longer see:
the author of a post, comment or answer, and a mentioned person, who left the guest's group show as
"Former member" without a link, on the group page, the post page and the API."""

import pytest
from django.urls import reverse

from feed.models import Mention
from groups.models import Group, Membership
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_thread(net):
    """Kalle was a member of "hanke" (public, with the guest Paula): he asked, answered and was mentioned."""
    hanke = Group.objects.get(key="hanke")
    kalle, aino = net["same"], net["owner"]
    Membership.objects.create(group=hanke, user=kalle, role="member")
    question = factories.post(hanke, kalle, "Kuka osaa?", question=True, title="Kynnysarvot")
    post = factories.post(hanke, aino, "Kiitos @kalle.kollega avusta")
    Mention.objects.create(post=post, user=kalle)
    answer = factories.comment(factories.post(hanke, aino, "Kysymys", question=True, title="Toinen"), kalle, "Vastaus")
    Membership.objects.filter(group=hanke, user=kalle).delete()  # he left the group (no signal needed)
    return {**net, "hanke": hanke, "question": question, "post": post, "answer": answer}


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_guest_sees_a_former_member_without_name_or_key_on_every_page(client, old_thread):
    client.force_login(old_thread["guest"])
    key = old_thread["same"].profile.key
    pages = [
        get(client, reverse("groups:detail", args=["hanke"])),
        get(client, reverse("feed:detail", args=[old_thread["question"].pk])),
        get(client, reverse("feed:detail", args=[old_thread["post"].pk])),
        get(client, reverse("feed:detail", args=[old_thread["answer"].post_id])),
    ]
    for page in pages:
        assert "Kalle" not in page and "Kollega" not in page and "kalle.kollega" not in page
        assert f"/people/{key}/" not in page
    assert "@Former member" in pages[0]  # the post's summary on the group page
    assert "Former member" in pages[0] and "Former member" in pages[1] and "Former member" in pages[3]
    assert "@Former member" in pages[2] and "@kalle.kollega" not in pages[2]
    assert "Aino Asiantuntija" in pages[2]  # people still in the group keep their names and links
    assert f"/people/{old_thread['owner'].profile.key}/" in pages[2]
    api = client.get("/api/v1/groups/hanke/posts")
    assert api.status_code == 200
    assert "Kalle" not in api.content.decode() and key not in api.content.decode()
    assert {(row["author_name"], row["author_key"]) for row in api.json()} == {
        ("Former member", None),
        ("Aino Asiantuntija", old_thread["owner"].profile.key),
    }


def test_colleagues_still_see_the_author_and_the_guest_sees_them_again_when_they_return(client, old_thread):
    key = old_thread["same"].profile.key
    client.force_login(old_thread["coop"])  # staff find all staff
    page = get(client, reverse("feed:detail", args=[old_thread["question"].pk]))
    assert "Kalle Kollega" in page and f"/people/{key}/" in page
    Membership.objects.create(group=old_thread["hanke"], user=old_thread["same"], role="member")
    client.force_login(old_thread["guest"])
    assert "Kalle Kollega" in get(client, reverse("feed:detail", args=[old_thread["question"].pk]))
    page = get(client, reverse("feed:detail", args=[old_thread["post"].pk]))
    assert f'href="/people/{key}/"' in page  # the mention links again
