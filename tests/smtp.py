"""A real SMTP server on loopback (aiosmtpd) that records what it receives, for the mail tests.

aiosmtpd is a development dependency (pyproject's dev extra); without it the tests that need the
server are skipped locally and fail under ``CI=true``.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest


@dataclass(frozen=True)
class Received:
    """One message as the server got it: the envelope's recipients and the parsed message."""

    recipients: tuple[str, ...]
    message: EmailMessage

    @property
    def subject(self) -> str:
        # A long Japanese subject is folded right after "Subject:"; readers drop that whitespace.
        return str(self.message["Subject"]).strip()

    @property
    def body(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        assert part is not None
        return str(part.get_content())


@dataclass
class MailServer:
    host: str
    port: int
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self) -> list[Received]:
        """What arrived since the last call."""
        with self.lock:
            taken, self.received = self.received, []
        return taken


class _Recorder:
    def __init__(self, server: MailServer) -> None:
        self.server = server

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's hook
        message = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        with self.server.lock:
            self.server.received.append(Received(tuple(envelope.rcpt_tos), message))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _controller_class() -> Any:
    try:
        from aiosmtpd.controller import Controller
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("aiosmtpd is required under CI=true (pip install -e '.[dev]')")
        pytest.skip("aiosmtpd is not installed (pip install -e '.[dev]')")
    return Controller


@pytest.fixture
def mail_server() -> Iterator[MailServer]:
    """An SMTP server on 127.0.0.1 (a free port) for the test; read ``received`` or ``take()``."""
    server = MailServer("127.0.0.1", free_port())
    controller = _controller_class()(_Recorder(server), hostname=server.host, port=server.port)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


@pytest.fixture
def smtp_settings(settings: Any, mail_server: MailServer) -> MailServer:
    """Django's SMTP backend pointed at :func:`mail_server` (the test run uses locmem otherwise)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = mail_server.host
    settings.EMAIL_PORT = mail_server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    return mail_server
