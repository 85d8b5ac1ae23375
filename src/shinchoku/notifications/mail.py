"""Outgoing mail: plain Japanese text through Django's mail machinery (the city's SMTP relay, or files
under the data folder; see :mod:`shinchoku.settings`).

Links in mail are absolute: the site's public address (SHINCHOKU_PUBLIC_URL), or, where none is
configured (the demo), the address ``shinchoku demo`` serves on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

# Where `shinchoku demo` serves by default: the demo has no public address of its own.
DEMO_ORIGIN = "http://127.0.0.1:8000"
WEEKDAYS = "月火水木金土日"
FOOTER = (
    "\n\n――\nこのメールは進行管理システム(shinchoku)から自動で送信しています。"
    "\nお知らせはシステムにログインして「お知らせ」でも確認できます。\n"
)


@dataclass(frozen=True)
class Mail:
    """One message: who gets it, its subject (one line) and its plain-text body."""

    to: tuple[str, ...]
    subject: str
    body: str


def site_link(path: str) -> str:
    """``path`` (``/staff/…``) as an address the recipient can open."""
    public = settings.CONFIG.public_url
    return f"{public.origin if public else DEMO_ORIGIN}{path}"


def format_date(day: date) -> str:
    """A date as mail writes it: 2027年5月31日(月)."""
    return f"{day.year}年{day.month}月{day.day}日({WEEKDAYS[day.weekday()]})"


def send_mails(mails: Sequence[Mail]) -> int:
    """Send ``mails`` over one connection; return how many went out. Raises what the backend raises
    (an SMTP error, a refused connection): the caller decides whether that undoes its work."""
    messages = [
        # A subject is one header line: a line break typed into a title must not end it.
        EmailMessage(subject=" ".join(mail.subject.split()), body=mail.body + FOOTER, to=list(mail.to))
        for mail in mails
        if mail.to
    ]
    if not messages:
        return 0
    connection = get_connection(fail_silently=False)
    return int(connection.send_messages(messages) or 0)


def describe_failure(error: Exception) -> str:
    """A failed send in Japanese, naming the relay it tried."""
    host = getattr(settings, "EMAIL_HOST", "") if settings.CONFIG.mail.smtp_host else "(ファイル出力)"
    return (
        f"メールを送れませんでした(送信先サーバー {host}: {error.__class__.__name__} {error})。"
        "SHINCHOKU_SMTP_HOST などの設定と、メールサーバーが動いているかを確認してください。"
    )
