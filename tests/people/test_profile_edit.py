"""Editing one's profile: details, availability, skills with levels and confirmation, endorsements,
proposals merged by an administrator, the photo, completeness and the nudge for stale skills."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from core.models import AuditEntry
from people.models import ProfileSkill, SkillProposal
from tests import factories
from tests.pages import body

pytestmark = pytest.mark.django_db


def image_bytes(kind="PNG", size=(1200, 800)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(out, kind)
    return out.getvalue()


def test_editing_details_saves_them_and_audits_the_field_names(client, net):
    client.force_login(net["owner"])
    unit = factories.unit(net["kerava"], "Hankintapalvelut")
    response = client.post(
        reverse("people:edit"),
        {
            "title": "Hankintapäällikkö",
            "unit": unit.pk,
            "manager": net["same"].profile.pk,
            "languages": ["fi", "sv"],
            "help_with": "Hankintalaki",
            "responsibilities": "Ohjeet",
            "bio": "",
            "phone": "+358 50 1",
            "visibility_phone": "cooperating",
            "visibility_availability": "organisation",
            "visibility_email": "cooperating",
            "visibility_help_with": "cooperating",
            "visibility_responsibilities": "organisation",
        },
    )
    assert response.status_code == 302
    profile = net["owner"].profile
    profile.refresh_from_db()
    assert (profile.title, profile.unit, profile.manager, profile.languages) == (
        "Hankintapäällikkö",
        unit,
        net["same"].profile,
        ["fi", "sv"],
    )
    assert profile.field_visibility == {"phone": "cooperating", "responsibilities": "organisation"}
    entry = AuditEntry.objects.get(action="profile.update")
    assert "title" in entry.details["fields"] and "Hankintapäällikkö" not in str(entry.details)
    client.force_login(net["coop"])
    assert "+358 50 1" in client.get(reverse("people:profile", args=[profile.key])).content.decode()


def test_bad_phone_is_refused_and_nothing_changes(client, net):
    client.force_login(net["owner"])
    response = client.post(
        reverse("people:edit"),
        {
            "title": "X",
            "phone": "call me <script>",
            "visibility_phone": "organisation",
            "visibility_availability": "organisation",
            "visibility_email": "cooperating",
            "visibility_help_with": "cooperating",
            "visibility_responsibilities": "cooperating",
        },
    )
    assert response.status_code == 200 and "Use digits, spaces" in response.content.decode()
    net["owner"].profile.refresh_from_db()
    assert net["owner"].profile.title == "Hankinta-asiantuntija"
    assert not AuditEntry.objects.filter(action="profile.update").exists()


def test_availability_with_stand_in_by_self_and_manager_but_not_a_colleague(client, net):
    profile = net["owner"].profile
    back = timezone.localdate() + timedelta(days=3)
    client.force_login(net["coop"])
    assert (
        client.post(
            reverse("people:availability", args=[profile.key]),
            {"out_of_office_until": back, "stand_in": net["coop"].profile.pk},
        ).status_code
        == 404
    )
    profile.manager = net["coop"].profile
    profile.save()
    assert (
        client.post(
            reverse("people:availability", args=[profile.key]),
            {"out_of_office_until": back, "stand_in": net["coop"].profile.pk},
        ).status_code
        == 302
    )
    profile.refresh_from_db()
    assert profile.out_of_office_until == back and profile.stand_in == net["coop"].profile
    client.force_login(net["same"])
    page = client.get(reverse("people:profile", args=[profile.key])).content.decode()
    assert "Ask instead" in page and "Sanna Sipoolainen" in page


def test_stand_in_without_return_date_is_refused(client, net):
    client.force_login(net["owner"])
    response = client.post(
        reverse("people:availability", args=[net["owner"].profile.key]),
        {"out_of_office_until": "", "stand_in": net["same"].profile.pk},
    )
    assert response.status_code == 200 and "Give the return date" in response.content.decode()


def test_adding_and_confirming_skills_sets_the_confirmation_date(client, net):
    client.force_login(net["owner"])
    skill = factories.skill("budget", "Budjetointi", "Budgetering", "Budgeting")
    client.post(reverse("people:add_skill"), {"skill": skill.pk, "level": 3, "shown_to_guests": "on"})
    held = ProfileSkill.objects.get(profile=net["owner"].profile, skill=skill)
    assert (held.level, held.shown_to_guests, held.confirmed_at) == (3, True, timezone.localdate())
    assert client.post(reverse("people:add_skill"), {"skill": skill.pk, "level": 9}).status_code == 400
    old = ProfileSkill.objects.get(profile=net["owner"].profile, skill=net["gdpr"])
    assert old.confirmed_at is None
    page = client.get(reverse("people:profile", args=[net["owner"].profile.key])).content.decode()
    assert "One skill has not been confirmed for a year." in page  # gdpr: never confirmed
    client.post(reverse("people:confirm_skills"), {"held": old.pk})
    old.refresh_from_db()
    assert old.confirmed_at == timezone.localdate()


def test_the_nudge_names_skills_older_than_a_year_only(client, net):
    profile = net["owner"].profile
    profile.profile_skills.update(confirmed_at=timezone.localdate() - timedelta(days=30))
    ProfileSkill.objects.filter(profile=profile, skill=net["gdpr"]).update(confirmed_at=date(2020, 1, 1))
    client.force_login(net["owner"])
    page = client.get(reverse("people:profile", args=[profile.key])).content.decode()
    assert "One skill has not been confirmed for a year." in page
    client.force_login(net["same"])
    assert "confirmed for a year" not in body(client.get(reverse("people:profile", args=[profile.key])))


def test_colleagues_endorse_by_name_but_not_themselves_or_as_guests(client, net):
    key = net["owner"].profile.key
    client.force_login(net["same"])
    client.post(reverse("people:endorse", args=[key, "procurement"]))
    client.post(reverse("people:endorse", args=[key, "procurement"]))  # twice counts once
    page = client.get(reverse("people:profile", args=[key])).content.decode()
    assert "Endorsed by" in page and "Kalle Kollega" in page
    client.force_login(net["owner"])
    client.post(reverse("people:endorse", args=[key, "procurement"]))
    client.force_login(net["guest"])
    assert client.post(reverse("people:endorse", args=[key, "procurement"])).status_code == 404
    held = ProfileSkill.objects.get(profile=net["owner"].profile, skill=net["procurement"])
    assert [e.endorser.key for e in held.endorsements.all()] == [net["same"].profile.key]


def test_free_text_skills_are_merged_by_an_administrator_keeping_their_holders(client, net):
    client.force_login(net["owner"])
    client.post(reverse("people:propose_skill"), {"label": "Kiertotalous", "level": 4})
    client.force_login(net["same"])
    client.post(reverse("people:propose_skill"), {"label": "kiertotalous", "level": 2})
    assert SkillProposal.objects.filter(merged_into=None).count() == 2
    assert client.get(reverse("people:skill_proposals")).status_code == 404  # not an administrator
    admin = factories.person("Admin", "Istrator", org=net["kerava"])
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    page = client.get(reverse("people:skill_proposals")).content.decode()
    assert "Kiertotalous" in page and "Aino Asiantuntija" in page and "Kalle Kollega" in page
    circular = factories.skill("circular", "Kiertotalous", "Cirkulär ekonomi", "Circular economy")
    client.post(reverse("people:skill_proposals"), {"label": "Kiertotalous", "skill": circular.pk})
    levels = dict(ProfileSkill.objects.filter(skill=circular).values_list("profile__key", "level"))
    assert levels == {net["owner"].profile.key: 4, net["same"].profile.key: 2}
    assert SkillProposal.objects.filter(merged_into=circular).count() == 2


def test_photo_is_checked_by_content_resized_and_size_limited(client, net, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    client.force_login(net["owner"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("me.jpg", b"<?php echo 'not an image'; ?>", content_type="image/jpeg")
    response = client.post(reverse("people:photo"), {"photo": fake})
    assert response.status_code == 400 and "not an image we can read" in response.content.decode()
    gif = SimpleUploadedFile("me.png", image_bytes("GIF"), content_type="image/png")
    assert "JPEG, PNG or WebP" in client.post(reverse("people:photo"), {"photo": gif}).content.decode()
    big = SimpleUploadedFile("big.png", b"\0" * (5 * 1024 * 1024 + 1), content_type="image/png")
    assert "too large" in client.post(reverse("people:photo"), {"photo": big}).content.decode()
    profile = net["owner"].profile
    profile.refresh_from_db()
    assert not profile.photo
    good = SimpleUploadedFile("me.png", image_bytes(), content_type="image/png")
    assert client.post(reverse("people:photo"), {"photo": good}).status_code == 302
    profile.refresh_from_db()
    with Image.open(profile.photo.path) as stored:
        assert stored.format == "JPEG" and max(stored.size) == 400
    client.force_login(net["guest"])
    assert "profile-photos" not in body(client.get(reverse("people:profile", args=[profile.key])))


def test_completeness_counts_the_filled_parts(client, net):
    client.force_login(net["same"])
    page = client.get(reverse("people:edit")).content.decode()
    assert "Your profile is 12% complete." in page  # only languages of eight parts


def test_accepted_answers_count_as_evidence_for_readers_of_the_question(client, net):
    group = factories.group("hankinnat", members={net["owner"]: "member", net["same"]: "member"})
    question = factories.post(group, net["same"], "?", question=True, title="Kynnysarvo?")
    question.accepted_answer = factories.comment(question, net["owner"], "60 000 euroa")
    question.save()
    client.force_login(net["same"])
    page = client.get(reverse("people:profile", args=[net["owner"].profile.key])).content.decode()
    assert "1 accepted answer to colleagues" in page
    secret = factories.group("salainen", visibility="secret", members={net["owner"]: "member"})
    hidden = factories.post(secret, net["owner"], "?", question=True, title="Salainen?")
    hidden.accepted_answer = factories.comment(hidden, net["owner"], "x")
    hidden.save()
    assert (
        "1 accepted answer to colleagues"
        in client.get(reverse("people:profile", args=[net["owner"].profile.key])).content.decode()
    )
