"""What every plan-editing service shares: the refusal error, loading a plan for a change with
its permission check, and the audit record."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.audit.services import record
from shinchoku.core.text import clean_typed_line, clean_typed_text
from shinchoku.plans.models import Plan

NOT_SECRETARIAT = "計画を編集できるのは、この計画の自治体の事務局だけです。"
STALE = (
    "この{what}は、画面を開いた後にほかの人が変更しました。"
    "ページを開き直して、いまの内容を確かめてから変更してください。"
)


class PlanEditError(ValueError):
    """A change refused because it would break stored data or is not a valid plan.

    ``field`` names the form field the message belongs to ("" for the whole form)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


def editable_plan(actor: User, plan_id: int) -> Plan:
    """The plan ``plan_id``, locked for the rest of the transaction, when ``actor`` may edit it
    (:class:`PermissionDenied` otherwise)."""
    plan = Plan.objects.select_for_update().select_related("municipality").get(pk=plan_id)
    if not permissions.can_edit_plan(actor, plan):
        raise PermissionDenied(NOT_SECRETARIAT)
    return plan


def audit(actor: User, plan: Plan, action: str, target: Any, summary: str, changes: dict[str, Any]) -> None:
    """Record ``action`` on ``target`` for ``plan``'s municipality, the summary led by the plan's title."""
    record(
        actor=actor,
        action=action,
        target=target,
        municipality=plan.municipality,
        summary=f"{plan.title}: {summary}",
        changes=changes,
    )


def line(typed: str, label: str, field: str, *, required: bool = True, max_length: int = 200) -> str:
    """A one-line typed value, cleaned; refused when empty (if ``required``) or too long."""
    value = clean_typed_line(typed)
    if required and not value:
        raise PlanEditError(f"{label}を入力してください。", field)
    if len(value) > max_length:
        raise PlanEditError(f"{label}は{max_length}文字以内にしてください(いま {len(value)} 文字)。", field)
    return value


def text(value: str) -> str:
    """A multi-line typed value, cleaned (outer blank lines removed)."""
    return clean_typed_text(value).strip("\n")


def fingerprint(described: Mapping[str, Any]) -> str:
    """A short digest of an item's stored values as an edit form showed them (optimistic locking:
    the form sends it back, and :func:`check_unchanged` refuses the save if the item changed since)."""
    text = json.dumps(described, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def check_unchanged(seen: str | None, described: Mapping[str, Any], what: str) -> None:
    """Refuse a save made from a form filled before someone else changed the item (``seen`` is the
    form's :func:`fingerprint`; None or "" when the caller has no form, as the command line)."""
    if seen and seen != fingerprint(described):
        raise PlanEditError(STALE.format(what=what))
