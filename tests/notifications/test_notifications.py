"""In-app notifications, the unread count in the header, email now or as a digest."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from notifications import services
from notifications.models import EmailPreference, Notification
from tests.groups import scene as scenes
from tests.notifications.smtp import smtp_inbox  # noqa: F401  (fixture)
from tests.pages import body

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    return scenes.build()


def test_nobody_is_told_about_a_group_they_may_not_see(scene):
    assert services.notify(scene["other_guest"], "invitation", actor=scene["owner"], group=scene["group"]) is None
    assert services.notify(scene["deactivated"], "invitation", actor=scene["owner"], group=scene["group"]) is None
    assert services.notify(scene["owner"], "invitation", actor=scene["owner"], group=scene["group"]) is None
    assert services.notify(scene["guest"], "join_request", actor=scene["owner"], group=scene["group"])
    assert list(Notification.objects.values_list("recipient__first_name", flat=True)) == ["Paula"]


def test_the_header_shows_the_unread_count_and_the_list_marks_them_read(client, scene):
    services.notify(scene["owner"], "join_request", actor=scene["other_staff"], group=scene["group"])
    services.notify(scene["owner"], "join_request", actor=scene["member"], group=scene["group"])
    client.force_login(scene["owner"])
    page = client.get(reverse("groups:list")).content.decode()
    assert "data-unread-count>2</span>" in page
    listing = client.get(reverse("notifications:list")).content.decode()
    assert "Sven Utanför asks to join Yhteishanke" in listing
    client.post(reverse("notifications:read"))
    page = client.get(reverse("groups:list")).content.decode()
    assert "data-unread-count hidden>0</span>" in page
    # Someone else's notifications are not theirs to read.
    client.force_login(scene["member"])
    assert "asks to join" not in body(client.get(reverse("notifications:list")))


def test_instant_email_goes_through_smtp(scene, smtp_inbox, django_capture_on_commit_callbacks):
    services.set_frequency(scene["owner"], EmailPreference.Frequency.INSTANT)
    # Mail is written in the reader's language: the owner works in English.
    scene["owner"].profile.languages = ["en", "fi"]
    scene["owner"].profile.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(scene["owner"], "join_request", actor=scene["other_staff"], group=scene["group"])
        services.notify(scene["member"], "invitation", actor=scene["owner"], group=scene["group"])
    [message] = smtp_inbox.to(scene["owner"].email)
    assert "asks to join Yhteishanke" in message["Subject"]
    assert "/groups/hanke/members/" in message.get_content()
    assert smtp_inbox.to(scene["member"].email) == [], "daily digest people get no instant mail"


def test_daily_digest_sends_one_mail_with_what_is_unread(client, scene, smtp_inbox):
    services.notify(scene["member"], "invitation", actor=scene["owner"], group=scene["group"])
    services.notify(scene["member"], "join_request", actor=scene["other_staff"], group=scene["group"])
    services.set_frequency(scene["moderator"], EmailPreference.Frequency.WEEKLY)
    services.notify(scene["moderator"], "join_request", actor=scene["other_staff"], group=scene["group"])
    call_command("send_notification_digests", "daily")
    [message] = smtp_inbox.to(scene["member"].email)
    # The member works in Finnish, so the digest is in Finnish.
    assert "2 uutta ilmoitusta" in message["Subject"]
    assert smtp_inbox.to(scene["moderator"].email) == []
    # Nothing twice.
    call_command("send_notification_digests", "daily")
    assert len(smtp_inbox.to(scene["member"].email)) == 1
    call_command("send_notification_digests", "weekly")
    assert len(smtp_inbox.to(scene["moderator"].email)) == 1


def test_a_digest_leaves_out_what_the_reader_can_no_longer_see(scene, smtp_inbox):
    from groups.models import Membership

    services.notify(scene["guest"], "join_request", actor=scene["owner"], group=scene["group"])
    Membership.objects.filter(user=scene["guest"]).delete()
    assert services.send_digests("daily") == 0
    assert smtp_inbox.to(scene["guest"].email) == []


def test_email_preference_is_saved_and_bad_choice_refused(client, scene):
    client.force_login(scene["member"])
    assert client.post(reverse("notifications:list"), {"frequency": "hourly"}).status_code == 400
    client.post(reverse("notifications:list"), {"frequency": "weekly"})
    assert EmailPreference.objects.get(user=scene["member"]).frequency == "weekly"


def test_a_removed_guest_keeps_no_trace_of_the_group_in_notifications(client, scene):
    from groups.models import Membership

    services.notify(scene["guest"], "join_request", actor=scene["owner"], group=scene["group"])
    client.force_login(scene["guest"])
    assert "Yhteishanke" in client.get(reverse("notifications:list")).content.decode()
    Membership.objects.filter(user=scene["guest"]).delete()
    listing = body(client.get(reverse("notifications:list")))
    assert "Yhteishanke" not in listing
    assert "data-unread-count hidden>0</span>" in listing
    assert client.get("/api/v1/notifications/").json() == {"unread": 0, "notifications": []}


def test_a_refused_address_does_not_stop_the_other_digests_and_is_retried(scene, settings):
    """One person's digest failing (the mail server refuses the address) leaves the others sent, the job
    reported as failed, and the refused person's notifications pending for the next digest."""
    from tests.notifications.smtp import Inbox, smtp_server

    refused = scene["member"].email

    class Refusing(Inbox):
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address == refused:
                return "550 No such mailbox"
            envelope.rcpt_tos.append(address)
            return "250 OK"

    with smtp_server(Refusing()) as inbox:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", inbox.port
        services.notify(scene["member"], "invitation", actor=scene["owner"], group=scene["group"])
        services.notify(scene["moderator"], "join_request", actor=scene["other_staff"], group=scene["group"])
        with pytest.raises(services.DigestFailed):
            services.send_digests("daily")
        assert len(inbox.to(scene["moderator"].email)) == 1
        assert Notification.objects.filter(recipient=scene["member"], emailed_at__isnull=True).count() == 1
        refused = "nobody@example.invalid"  # the address works again: the next digest carries it
        assert services.send_digests("daily") == 1
        assert len(inbox.to(scene["member"].email)) == 1
        assert len(inbox.to(scene["moderator"].email)) == 1
