"""A real SMTP server on loopback for tests (aiosmtpd), shared by the apps' test suites.

Use the ``smtp_server`` fixture: it starts the server on 127.0.0.1 on a free port, points
Django's SMTP backend at it and yields the server; ``server.messages`` holds the received
letters parsed with the modern e-mail policy (headers and bodies decoded).
"""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import pytest


class RecordingHandler:
    """Keeps every received letter; can refuse the next N letters with a 451 reply."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[Any] = []
        self.refuse_next = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.refuse_next > 0:
            self.refuse_next -= 1
            return "451 Requested action aborted: try again later"
        self.envelopes.append(envelope)
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.messages.append(message)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self, handler: RecordingHandler, port: int) -> None:
        self.handler = handler
        self.port = port

    @property
    def messages(self) -> list[EmailMessage]:
        return self.handler.messages

    def refuse(self, count: int) -> None:
        self.handler.refuse_next = count


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def text_of(message: EmailMessage) -> str:
    """The plain-text part of a received letter, decoded."""
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())  # type: ignore[attr-defined]


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[SmtpServer]:
    from aiosmtpd.controller import Controller

    handler = RecordingHandler()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    try:
        yield SmtpServer(handler, port)
    finally:
        controller.stop()


@pytest.fixture
def eager_tasks() -> Iterator[None]:
    """Run Celery tasks inline, also in the scaled shape (REDIS_URL set, no worker in tests)."""
    from config.celery import app

    before = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, False
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.task_eager_propagates = before
