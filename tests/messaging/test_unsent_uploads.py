"""Uploads never sent: the scheduler's `messaging_unsent_uploads` job deletes them (rows, files and
thumbnails) after UNSENT_HOURS, never a file that went with a message, not even one a send is claiming
while the job runs."""

import os
import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from files import previews
from messaging import attachments, services, uploads
from messaging.errors import MessagingError
from messaging.models import MessageAttachment
from scheduler.models import JobRun
from scheduler.registry import jobs
from tests import factories
from tests.messaging.test_attachments import png


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


def make_people():
    alice = factories.person("Alice", "Aalto", key="alice")
    bob = factories.person("Bob", "Berg", key="bob")
    return alice, bob, services.start_direct(alice, bob)


def stored_upload(user, conversation, name: str, hours_ago: float = 0) -> MessageAttachment:
    upload = uploads.upload(user, conversation.pk, png(name))
    if hours_ago:
        MessageAttachment.objects.filter(pk=upload.pk).update(created_at=timezone.now() - timedelta(hours=hours_ago))
    return upload


def test_the_job_deletes_old_unsent_uploads_with_their_files_and_keeps_recent_and_sent_ones(
    db, django_capture_on_commit_callbacks
):
    alice, bob, conversation = make_people()
    sent = stored_upload(alice, conversation, "sent.png")
    services.send_message(alice, conversation.pk, "with-file", "", attachments=[sent.pk])
    abandoned = stored_upload(alice, conversation, "abandoned.png")
    recent = stored_upload(bob, conversation, "recent.png", hours_ago=attachments.UNSENT_HOURS - 1)
    thumbnail = previews.preview_path(abandoned, attachments.PREVIEW_FOLDER)  # made when its uploader looked
    # Both a day old; Alice never uploads again, so only the job can clean up after her.
    old = timezone.now() - timedelta(hours=attachments.UNSENT_HOURS + 1)
    MessageAttachment.objects.filter(pk__in=[sent.pk, abandoned.pk]).update(created_at=old)
    files = {upload.name: upload.file.path for upload in (sent, abandoned, recent)}

    # Known to the scheduler since its last hourly slot, as after a deploy.
    JobRun.objects.create(name="messaging_unsent_uploads", last_slot=timezone.now() - timedelta(hours=2))
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_scheduler", "--once", stdout=out)
    assert "messaging_unsent_uploads" in out.getvalue()
    assert JobRun.objects.get(name="messaging_unsent_uploads").succeeded

    assert sorted(MessageAttachment.objects.values_list("name", flat=True)) == ["recent.png", "sent.png"]
    assert not os.path.exists(files["abandoned.png"]) and not os.path.exists(thumbnail)
    assert os.path.exists(files["sent.png"]) and os.path.exists(files["recent.png"])


def test_a_long_backlog_is_deleted_in_batches_until_none_is_left(db, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(attachments, "UNSENT_BATCH", 2)
    alice, _bob, conversation = make_people()
    old = [stored_upload(alice, conversation, f"old-{n}.png") for n in range(5)]
    paths = [upload.file.path for upload in old]
    # All a day old at once (an upload cleans its uploader's old ones, so they cannot age one by one).
    MessageAttachment.objects.update(created_at=timezone.now() - timedelta(hours=attachments.UNSENT_HOURS + 1))

    with django_capture_on_commit_callbacks(execute=True):
        assert attachments.forget_unsent() == 5

    assert not MessageAttachment.objects.exists()
    assert not any(os.path.exists(path) for path in paths)


def test_the_job_is_registered_with_the_scheduler(db):
    [job] = [job for job in jobs() if job.name == "messaging_unsent_uploads"]
    assert str(job.schedule) == "every 60 min"
    listing = StringIO()
    call_command("run_scheduler", "--list", stdout=listing)
    assert "messaging_unsent_uploads: every 60 min" in listing.getvalue()


def test_the_uploaders_next_upload_cleans_only_their_own_old_uploads(db, django_capture_on_commit_callbacks):
    alice, bob, conversation = make_people()
    mine = stored_upload(alice, conversation, "mine.png", hours_ago=attachments.UNSENT_HOURS + 1)
    theirs = stored_upload(bob, conversation, "theirs.png", hours_ago=attachments.UNSENT_HOURS + 1)
    with django_capture_on_commit_callbacks(execute=True):
        stored_upload(alice, conversation, "new.png")
    assert sorted(MessageAttachment.objects.values_list("name", flat=True)) == ["new.png", "theirs.png"]
    assert not os.path.exists(mine.file.path) and os.path.exists(theirs.file.path)


def _in_thread(work, results, name):
    def run():
        try:
            results[name] = work()
        except Exception as error:  # noqa: BLE001 - reported by the assertions below
            results[name] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True)
def test_a_send_claiming_an_old_upload_while_the_job_runs_keeps_it():
    alice, _bob, conversation = make_people()
    upload = stored_upload(alice, conversation, "late.png", hours_ago=attachments.UNSENT_HOURS + 1)
    claimed, go_on, results = threading.Event(), threading.Event(), {}

    def send_and_wait():
        # The send has claimed the file and not committed yet when the job looks for stale uploads.
        with transaction.atomic():
            services.send_message(alice, conversation.pk, "late", "Finally", attachments=[upload.pk])
            claimed.set()
            go_on.wait(10)
        return "sent"

    sender = _in_thread(send_and_wait, results, "send")
    assert claimed.wait(10)
    job = _in_thread(attachments.forget_unsent, results, "job")
    # PostgreSQL: the job skips the locked row at once. SQLite: it waits for the send's write lock.
    job.join(0.5)
    go_on.set()
    sender.join(10)
    job.join(10)
    assert results == {"send": "sent", "job": 0}
    upload.refresh_from_db()
    assert upload.message.body == "Finally" and os.path.exists(upload.file.path)


@pytest.mark.django_db(transaction=True)
def test_a_send_naming_an_upload_the_job_deleted_is_refused():
    alice, _bob, conversation = make_people()
    upload = stored_upload(alice, conversation, "gone.png", hours_ago=attachments.UNSENT_HOURS + 1)
    assert attachments.forget_unsent() == 1
    assert not os.path.exists(upload.file.path)
    with pytest.raises(MessagingError) as refused:
        services.send_message(alice, conversation.pk, "gone", "Here", attachments=[upload.pk])
    assert refused.value.code == "bad_attachment"
