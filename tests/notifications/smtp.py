"""A real local SMTP server (aiosmtpd) the email tests send to through Django's SMTP backend."""

import email
import email.policy
import logging

import pytest
from aiosmtpd.controller import Controller

from tests.live_server import free_port


class Inbox:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages if address in m["To"]]


@pytest.fixture
def smtp_inbox(settings):
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    yield inbox
    controller.stop()
