"""A real local SMTP server (aiosmtpd) the email tests send to through Django's SMTP backend."""

import email
import email.policy
import logging
import time
from contextlib import contextmanager

import pytest
from aiosmtpd.controller import Controller

from tests.live_server import free_port


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages if address in m["To"]]

    def wait_for(self, address: str, timeout: float = 10) -> email.message.EmailMessage:
        """The latest message to `address`, waiting for one to arrive (a server in another process sends)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if received := self.to(address):
                return received[-1]
            time.sleep(0.1)
        raise AssertionError(f"no mail to {address} within {timeout} s; got {[m['To'] for m in self.messages]}")


@contextmanager
def smtp_server(inbox: Inbox | None = None):
    """Run an SMTP server on a free loopback port that keeps what it receives in `inbox` (its `.port`
    is set); aiosmtpd's narration of every SMTP command is kept out of the test log meanwhile."""
    smtp_log = logging.getLogger("mail.log")
    level = smtp_log.level
    smtp_log.setLevel(logging.WARNING)
    inbox = inbox or Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.port = controller.port
    try:
        yield inbox
    finally:
        controller.stop()
        smtp_log.setLevel(level)


@pytest.fixture
def smtp_inbox(settings):
    with smtp_server() as inbox:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = inbox.port
        yield inbox
