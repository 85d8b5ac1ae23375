"""Tell a department's editors what the review did to one of its entries: returned (差戻し),
approved, or reopened (承認の取消し). Each editor gets an お知らせ, and the editors with an address a
mail once the review's transaction has committed; a mail that cannot be sent is logged and never
undoes the review."""

from __future__ import annotations

import logging

from django.db import transaction
from django.urls import reverse

from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Entry
from shinchoku.notifications.mail import Mail, send_mails, site_link
from shinchoku.notifications.models import Notification
from shinchoku.notifications.recipients import addresses, department_users
from shinchoku.notifications.services.notices import notify_users

logger = logging.getLogger(__name__)

Kind = Notification.Kind
HEADLINES = {
    Kind.RETURNED: "差し戻されました",
    Kind.APPROVED: "承認されました",
    Kind.REOPENED: "承認が取り消され、担当課に戻りました",
}


def notify_entry_reviewed(actor: User, entry: Entry, kind: Notification.Kind) -> None:
    """Notify ``entry``'s department editors that ``actor`` did ``kind`` to it (in the caller's
    transaction; the mail leaves on commit)."""
    editors = [
        editor for editor in department_users(entry.department, User.Role.EDITOR) if editor.pk != actor.pk
    ]
    if not editors:
        return
    round_ = entry.round
    title = f"{entry.project.code} {entry.project.display_title}の評価が{HEADLINES[kind]}"
    lines = [
        f"{round_.plan.title} {round_.fiscal_year_label}",
        f"{entry.project.code} {entry.project.display_title}({entry.department.name})の評価が"
        f"{actor}さんにより{HEADLINES[kind]}。",
    ]
    if kind in (Kind.RETURNED, Kind.REOPENED) and entry.review_comment:
        lines += ["", "理由:", entry.review_comment, "", "内容を直して、もう一度提出してください。"]
    link = reverse("web:entry", args=[entry.pk])
    body = "\n".join(lines)
    notify_users(editors, kind=kind, title=title, body=body, link=link)
    mail = Mail(
        to=addresses(None, editors), subject=f"【進行管理】{title}", body=f"{body}\n\n{site_link(link)}"
    )
    transaction.on_commit(lambda: _send_quietly(mail))


def _send_quietly(mail: Mail) -> None:
    try:
        send_mails([mail])
    except Exception:
        logger.exception("the notice mail about an entry could not be sent")
