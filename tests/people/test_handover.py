"""Handover in one step: contacts, group roles and open questions move to the successor together."""

import pytest
from django.urls import reverse

from core.models import AuditEntry
from feed.models import Post, SuggestedExpert
from groups.models import Group, Membership
from notifications.models import Notification
from tests import factories
from tests.pages import body, expect

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaving(net):
    """Aino owns one group and moderates another (where Kalle is already a member), asked one open question,
    was suggested for one she has not answered and one she has."""
    owner, same, coop = net["owner"], net["same"], net["coop"]
    owned = factories.group("kehitys", "Kehitysryhmä", members={owner: "owner"})
    moderated = factories.group(
        "hankinnat",
        "Hankintaverkosto",
        visibility=Group.Visibility.PRIVATE,
        members={owner: "moderator", same: "member", coop: "owner"},
    )
    factories.group("kahvi", "Kahvikerho", members={owner: "member"})
    asked = factories.post(owned, owner, "Kuka tietää?", question=True, title="Kysymys puitesopimuksista")
    suggested = factories.post(moderated, coop, "Apua?", question=True, title="Kysymys tietosuojasta")
    SuggestedExpert.objects.create(post=suggested, user=owner, rank=1, reasons=["Tietosuoja"])
    answered = factories.post(moderated, coop, "Entä tämä?", question=True, title="Jo vastattu kysymys")
    SuggestedExpert.objects.create(post=answered, user=owner, rank=0)
    factories.comment(answered, owner, "Näin se menee.")
    return {**net, "owned": owned, "moderated": moderated, "asked": asked, "suggested": suggested, "answered": answered}


def page_of(client, scene) -> str:
    return body(client.get(reverse("people:handover", args=[scene["owner"].profile.key])))


def test_the_handover_page_offers_roles_and_open_questions_ticked(client, leaving):
    client.force_login(leaving["owner"])
    page = page_of(client, leaving)
    for text in (
        "Kehitysryhmä (Owner)",
        "Hankintaverkosto (Moderator)",
        "Kysymys puitesopimuksista",
        "Kysymys tietosuojasta",
    ):
        assert text in page
    # A plain membership is no role to hand over; an answered question is no longer open for her.
    assert "Kahvikerho" not in page and "Jo vastattu kysymys" not in page
    roles = page.split('name="roles"')  # also "hanke", which she owns in the net scene
    assert len(roles) == 4 and all("checked" in part.split(">", 1)[0] for part in roles[1:])


def test_one_handover_moves_contacts_roles_and_questions_and_says_what_moved(
    client, leaving, django_capture_on_commit_callbacks
):
    owner, same = leaving["owner"], leaving["same"]
    client.force_login(owner)
    held = client.get(reverse("people:handover", args=[owner.profile.key])).context["form"].initial
    with django_capture_on_commit_callbacks(execute=True):  # the successor is told once the handover commits
        response = client.post(
            reverse("people:handover", args=[owner.profile.key]),
            {
                "action": "handover",
                "successor": same.profile.key,
                **{name: held[name] for name in ("contacts", "roles", "questions", "expert_questions")},
            },
            follow=True,
        )
    text = response.content.decode()
    assert (
        "Handed over to Kalle Kollega: 3 contacts, 3 group roles, 1 open question they asked, 1 question "
        "they were asked to answer."
    ) in text
    assert Membership.objects.get(group=leaving["owned"], user=same).role == "owner"
    assert Membership.objects.get(group=leaving["moderated"], user=same).role == "moderator"
    # The leaver keeps their roles until they actually leave.
    assert Membership.objects.get(group=leaving["owned"], user=owner).role == "owner"
    assert Post.objects.get(pk=leaving["asked"].pk).asker_successor == same
    assert Post.objects.get(pk=leaving["asked"].pk).author == owner  # who asked stays on record
    assert SuggestedExpert.objects.filter(post=leaving["suggested"], user=same, notified_at__isnull=False).exists()
    assert Notification.objects.filter(recipient=same, kind="expert", post=leaving["suggested"]).exists()
    assert not SuggestedExpert.objects.filter(post=leaving["answered"], user=same).exists()
    entry = AuditEntry.objects.get(action="profile.handover")
    assert sorted(entry.details["roles"], key=lambda r: r["group"]) == [
        {"group": "hanke", "role": "owner"},
        {"group": "hankinnat", "role": "moderator"},
        {"group": "kehitys", "role": "owner"},
    ]
    assert entry.details["questions"] == [leaving["asked"].pk]
    assert AuditEntry.objects.filter(action="group.role_handover").count() == 3
    assert Notification.objects.filter(recipient=same, kind="role_changed", group=leaving["owned"]).exists()


def test_the_successor_accepts_an_answer_to_the_leavers_question(client, leaving):
    owner, same = leaving["owner"], leaving["same"]
    question = leaving["asked"]
    answer = factories.comment(question, leaving["coop"], "Tässä vastaus")
    client.force_login(owner)
    client.post(
        reverse("people:handover", args=[owner.profile.key]),
        {"action": "handover", "successor": same.profile.key, "questions": [question.pk]},
    )
    client.force_login(same)
    client.post(reverse("feed:accept", args=[question.pk, answer.pk]))
    assert Post.objects.get(pk=question.pk).accepted_answer_id == answer.pk


def test_unticked_items_stay_with_the_leaver(client, leaving, django_capture_on_commit_callbacks):
    owner, same = leaving["owner"], leaving["same"]
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("people:handover", args=[owner.profile.key]),
            {"action": "handover", "successor": same.profile.key, "contacts": []},
        )
    assert response.status_code == 302
    assert not Membership.objects.filter(group=leaving["owned"], user=same).exists()
    assert Post.objects.get(pk=leaving["asked"].pk).asker_successor is None
    assert not Notification.objects.filter(recipient=same).exists()


def test_an_existing_higher_role_of_the_successor_is_not_lowered(client, leaving):
    owner, coop = leaving["owner"], leaving["coop"]
    client.force_login(owner)
    role = Membership.objects.get(group=leaving["moderated"], user=owner)
    client.post(
        reverse("people:handover", args=[owner.profile.key]),
        {"action": "handover", "successor": coop.profile.key, "roles": [role.pk]},
    )
    assert Membership.objects.get(group=leaving["moderated"], user=coop).role == "owner"


def test_a_failure_midway_changes_nothing(client, leaving, monkeypatch):
    from feed import succession_services

    def broken(*args, **kwargs):
        raise RuntimeError("notifications down")

    monkeypatch.setattr(succession_services, "suggest_successor", broken)
    owner, same = leaving["owner"], leaving["same"]
    client.raise_request_exception = False
    client.force_login(owner)
    response = client.post(
        reverse("people:handover", args=[owner.profile.key]),
        {
            "action": "handover",
            "successor": same.profile.key,
            "contacts": [leaving["private"].pk],
            "roles": [Membership.objects.get(group=leaving["owned"], user=owner).pk],
            "questions": [leaving["asked"].pk],
            "expert_questions": [leaving["suggested"].pk],
        },
    )
    assert response.status_code == 500
    assert not Membership.objects.filter(group=leaving["owned"], user=same).exists()
    assert list(leaving["private"].known_by.all()) == [owner.profile]
    assert Post.objects.get(pk=leaving["asked"].pk).asker_successor is None
    assert not AuditEntry.objects.filter(action="profile.handover").exists()


def test_a_manager_does_not_see_or_hand_over_roles_in_groups_hidden_from_them(client, leaving):
    owner, same = leaving["owner"], leaving["same"]
    secret = factories.group("salainen", "Salainen ryhmä", visibility=Group.Visibility.SECRET, members={owner: "owner"})
    owner.profile.manager = leaving["coop"].profile
    owner.profile.save()
    client.force_login(leaving["coop"])
    assert "Salainen ryhmä" not in page_of(client, leaving)
    client.post(
        reverse("people:handover", args=[owner.profile.key]),
        {
            "action": "handover",
            "successor": same.profile.key,
            "roles": [Membership.objects.get(group=secret, user=owner).pk],
        },
    )
    assert not Membership.objects.filter(group=secret, user=same).exists()


@pytest.mark.parametrize(
    "who, status",
    [
        ("anonymous", 302),
        ("guest", 404),
        ("colleague", 404),
        ("other_organisation", 404),
        ("deactivated", 302),
        ("manager", 200),
        ("administrator", 200),
        ("self", 200),
    ],
)
def test_who_may_open_and_post_the_handover(client, leaving, who, status):
    owner = leaving["owner"]
    users = {
        "guest": leaving["guest"],
        "colleague": leaving["same"],
        "other_organisation": leaving["coop"],
        "deactivated": factories.person("Dora", "Deactivated", org=leaving["kerava"]),
        "manager": factories.person("Mari", "Manager", org=leaving["kerava"]),
        "administrator": factories.person("Ada", "Admin", org=leaving["sipoo"]),
        "self": owner,
    }
    owner.profile.manager = users["manager"].profile
    owner.profile.save()
    users["administrator"].is_superuser = True
    users["administrator"].save()
    if who in users:
        client.force_login(users[who])
    if who == "deactivated":
        owner.profile.manager = users[who].profile
        owner.profile.save()
        users[who].is_active = False
        users[who].save()
    url = reverse("people:handover", args=[owner.profile.key])
    assert client.get(url).status_code == status
    role = Membership.objects.get(group=leaving["owned"], user=owner)
    client.post(url, {"action": "handover", "successor": leaving["same"].profile.key, "roles": [role.pk]})
    assert Membership.objects.filter(group=leaving["owned"], user=leaving["same"]).exists() == (status == 200)


def test_a_question_taken_over_can_be_handed_on_when_the_successor_leaves(client, leaving):
    """A chain of handovers: the first successor's own handover lists the question they took over, and the
    next successor may then accept its answer."""
    owner, same = leaving["owner"], leaving["same"]
    question = leaving["asked"]
    answer = factories.comment(question, leaving["coop"], "Tässä vastaus")
    third = factories.person("Liisa", "Seuraaja", org=owner.profile.organisation)
    client.force_login(owner)
    client.post(
        reverse("people:handover", args=[owner.profile.key]),
        {"action": "handover", "successor": same.profile.key, "questions": [question.pk]},
    )
    client.force_login(same)
    page = client.get(reverse("people:handover", args=[same.profile.key])).content.decode()
    assert "Kysymys puitesopimuksista" in page
    client.post(
        reverse("people:handover", args=[same.profile.key]),
        {"action": "handover", "successor": third.profile.key, "questions": [question.pk]},
    )
    assert Post.objects.get(pk=question.pk).asker_successor == third
    client.force_login(third)
    client.post(reverse("feed:accept", args=[question.pk, answer.pk]))
    assert Post.objects.get(pk=question.pk).accepted_answer_id == answer.pk


def test_a_second_submit_of_the_same_handover_moves_nothing_more(client, leaving, django_capture_on_commit_callbacks):
    owner, same = leaving["owner"], leaving["same"]
    client.force_login(owner)
    form = {
        "action": "handover",
        "successor": same.profile.key,
        "roles": [m.pk for m in Membership.objects.filter(user=owner, role__in=["owner", "moderator"])],
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("people:handover", args=[owner.profile.key]), form)
    roles = list(Membership.objects.filter(user=same).order_by("pk").values_list("group_id", "role"))
    told = Notification.objects.filter(recipient=same).count()
    assert told, "the successor was told of the roles they took over"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("people:handover", args=[owner.profile.key]), form)
    assert list(Membership.objects.filter(user=same).order_by("pk").values_list("group_id", "role")) == roles
    assert Notification.objects.filter(recipient=same).count() == told


def test_a_guest_finds_the_successor_who_took_over_their_group(
    client, leaving, settings, django_capture_on_commit_callbacks
):
    """The successor joins the leaver's group in the handover: the search index learns it, so the group's
    partner finds their new contact person."""
    from search.queries import search_people
    from search.sync import reindex_all

    settings.SEARCH_BACKEND = "database"
    owner, same, guest = leaving["owner"], leaving["same"], leaving["guest"]
    hanke = Membership.objects.get(user=owner, group__key="hanke")
    reindex_all()
    assert same.profile.key not in [hit.key for hit in search_people(guest, "Kalle").hits]
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("people:handover", args=[owner.profile.key]),
            {"action": "handover", "successor": same.profile.key, "roles": [hanke.pk]},
        )
    assert Membership.objects.get(user=same, group__key="hanke").role == "owner"
    assert same.profile.key in [hit.key for hit in search_people(guest, "Kalle").hits]


def test_closing_the_account_warns_about_groups_left_without_an_owner(client, leaving):
    """Aino owns two groups; her manager hands over only one owner role and closes her account: the page
    names the group nobody owns now (the handed one is fine)."""
    owner, same = leaving["owner"], leaving["same"]
    manager = factories.person("Mari", "Manager", org=leaving["kerava"])
    owner.profile.manager = manager.profile
    owner.profile.save()
    client.force_login(manager)
    handed = Membership.objects.get(group=leaving["owned"], user=owner)
    response = client.post(
        reverse("people:handover", args=[owner.profile.key]),
        {"action": "handover", "successor": same.profile.key, "roles": [handed.pk], "finish": "on"},
        follow=True,
    )
    expect(response)
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1 and "Nobody owns these groups any more" in warnings[0]
    assert Group.objects.get(key="hanke").name in warnings[0]
    assert leaving["owned"].name not in warnings[0]


def test_the_successor_is_picked_with_the_people_type_ahead_not_a_list_of_everyone(client, leaving):
    """A text field wired to the type-ahead (which fills in the profile key), not a dropdown of all staff."""
    client.force_login(leaving["owner"])
    page = page_of(client, leaving)
    field = page.split('id="id_successor"', 1)[0].rsplit("<input", 1)[1] + page.split('id="id_successor"', 1)[1]
    field = field.split(">", 1)[0]
    assert 'type="text"' in field and 'role="combobox"' in field and 'data-suggest-fill="key"' in field
    assert f'data-suggest-url="{reverse("api:search_suggest")}"' in field
    assert "search/typeahead.js" in page and '<select name="successor"' not in page
    assert "Sanna Sipoolainen" not in page  # other colleagues are not listed


def test_the_successor_can_be_typed_as_an_exact_email_address(client, leaving):
    owner, same = leaving["owner"], leaving["same"]
    client.force_login(owner)
    role = Membership.objects.get(group=leaving["owned"], user=owner)
    response = client.post(
        reverse("people:handover", args=[owner.profile.key]),
        {"action": "handover", "successor": f"  {same.email.upper()} ", "roles": [role.pk]},
    )
    assert response.status_code == 302
    assert Membership.objects.get(group=leaving["owned"], user=same).role == "owner"
    owner.profile.refresh_from_db()
    assert owner.profile.successor == same.profile


@pytest.mark.parametrize(
    "who, message",
    [
        ("nobody", "Nobody matches “nobody@example.invalid”"),
        ("guest", "Paula Partner is a guest"),  # she shares a group with Aino: Aino finds her in search
        ("guest-email", "Paula Partner is a guest"),
        ("leaver", "cannot be their own successor"),
        ("former", "Choose a current colleague as the successor."),
        # Nobody Aino could not find in search is named, or even told apart from nobody at all:
        ("other-guest", "Nobody matches “guest-"),
        ("other-guest-email", "Nobody matches “gustav"),
        ("closed", "Nobody matches “eija.estetty"),
        ("hidden-email", "Nobody matches “sanna.sipoolainen"),
    ],
)
def test_a_successor_who_matches_nobody_or_may_not_take_over_is_refused_with_a_message(client, leaving, who, message):
    from datetime import date

    owner = leaving["owner"]
    former = factories.person("Eero", "Entinen", org=leaving["kerava"], active=False)
    former.profile.left_on = date(2026, 1, 31)
    former.profile.save()
    closed = factories.person("Eija", "Estetty", org=leaving["kerava"], active=False)  # deactivated, never left
    other_guest = factories.person("Gustav", "Gast", key="guest-17", guest=True, email="gustav@partner.example")
    factories.group("muu", members={other_guest: "guest", leaving["same"]: "owner"})
    sanna = leaving["coop"].profile
    sanna.field_visibility = {"email": "organisation"}  # Aino, of another municipality, may not see it
    sanna.save()
    typed = {
        "nobody": "nobody@example.invalid",
        "guest": leaving["guest"].profile.key,
        "guest-email": leaving["guest"].email,
        "leaver": owner.profile.key,
        "former": former.profile.key,
        "other-guest": "guest-17",
        "other-guest-email": other_guest.email,
        "closed": closed.email,
        "hidden-email": leaving["coop"].email,
    }[who]
    client.force_login(owner)
    role = Membership.objects.get(group=leaving["owned"], user=owner)
    response = client.post(
        reverse("people:handover", args=[owner.profile.key]),
        {"action": "handover", "successor": typed, "roles": [role.pk]},
    )
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert f'value="{typed}"' in page  # what they typed stays, to correct it
    for hidden in ("Gustav", "Eija", "Sanna"):
        assert hidden not in page
    owner.profile.refresh_from_db()
    assert owner.profile.successor is None and not AuditEntry.objects.filter(action="profile.handover").exists()
    assert list(Membership.objects.filter(group=leaving["owned"]).values_list("user_id", flat=True)) == [owner.pk]


def test_a_resubmitted_page_skips_what_already_moved_and_says_so(client, leaving):
    """The page was submitted with one contact ticked, then again (from the same, now stale, page) with all:
    the rest moves, the one already handed over is skipped, and the message says both."""
    owner, same = leaving["owner"], leaving["same"]
    client.force_login(owner)
    url = reverse("people:handover", args=[owner.profile.key])
    contacts = client.get(url).context["form"].initial["contacts"]
    assert len(contacts) == 3
    first = client.post(
        url, {"action": "handover", "successor": same.profile.key, "contacts": contacts[:1]}, follow=True
    )
    assert "Handed over to Kalle Kollega: 1 contact, 0 group roles," in first.content.decode()
    again = client.post(url, {"action": "handover", "successor": same.profile.key, "contacts": contacts}, follow=True)
    text = body(again)
    assert "Select a valid choice" not in text
    assert (
        "Handed over to Kalle Kollega: 2 contacts, 0 group roles, 0 open questions they asked, 0 questions "
        "they were asked to answer. 1 item had already been handed over, so it was skipped."
    ) in text
    assert AuditEntry.objects.filter(action="profile.handover").count() == 2


def test_a_double_submit_of_everything_moves_nothing_more_and_says_it_had_already_moved(
    client, leaving, django_capture_on_commit_callbacks
):
    owner, same = leaving["owner"], leaving["same"]
    client.force_login(owner)
    url = reverse("people:handover", args=[owner.profile.key])
    held = client.get(url).context["form"].initial
    form = {
        "action": "handover",
        "successor": same.profile.key,
        **{name: held[name] for name in ("contacts", "roles", "questions", "expert_questions")},
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, form)
    told = Notification.objects.filter(recipient=same).count()
    assert told, "the successor was told of the roles and the question they took over"
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, form, follow=True)
    text = body(again)
    assert again.redirect_chain and "Select a valid choice" not in text
    assert (
        "0 contacts, 0 group roles, 0 open questions they asked, 0 questions they were asked to answer. "
        "8 items had already been handed over, so they were skipped."
    ) in text
    assert Notification.objects.filter(recipient=same).count() == told
