"""The plan's rating scale: add a code, change its code, label, definition and whether it counts
as a rating, move it up or down (best first), remove it.

A code that an evaluation already uses (an entry's or a consolidated rating, in any year) keeps
its code and its 評価として数える mark and cannot be removed: published years would change their
meaning. Its label and definition may still be corrected. The scale may be shared by several
plans of the municipality; a change applies to all of them.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from shinchoku.accounts.models import User
from shinchoku.audit.services import diff
from shinchoku.evaluations.models import Entry, NodeEvaluation
from shinchoku.plans.editing.base import (
    PlanEditError,
    audit,
    check_unchanged,
    editable_plan,
    fingerprint,
    line,
    text,
)
from shinchoku.plans.models import Plan, RatingCode

UP, DOWN = "up", "down"


def _yes_no(value: bool) -> str:
    return "はい" if value else "いいえ"


def _described(code: RatingCode) -> dict[str, str]:
    return {
        "code": code.code,
        "label": code.label,
        "definition": code.definition,
        "is_rating": _yes_no(code.is_rating),
    }


def code_in_use(code: RatingCode) -> bool:
    """Whether an entry or a consolidated evaluation of any year holds ``code``."""
    return Entry.objects.filter(rating=code).exists() or NodeEvaluation.objects.filter(rating=code).exists()


def _code_of(plan: Plan, code_id: int) -> RatingCode:
    try:
        return RatingCode.objects.select_for_update().get(pk=code_id, scale_id=plan.rating_scale_id)
    except RatingCode.DoesNotExist:
        raise PlanEditError("この計画の評価基準にない記号です。一覧から選び直してください。") from None


def _clean_code(plan: Plan, typed: str, *, exclude: int | None = None) -> str:
    value = line(typed, "記号", "code", max_length=16)
    taken = RatingCode.objects.filter(scale_id=plan.rating_scale_id, code=value).exclude(pk=exclude or 0)
    if taken.exists():
        raise PlanEditError(f"記号「{value}」はすでにあります。別の記号にしてください。", "code")
    return value


def add_rating_code(
    actor: User, plan_id: int, *, code: str, label: str = "", definition: str = "", is_rating: bool = True
) -> RatingCode:
    """Add a code at the end of ``plan_id``'s scale (the lowest rank; move it up afterwards)."""
    with transaction.atomic():
        plan = editable_plan(actor, plan_id)
        last = RatingCode.objects.filter(scale_id=plan.rating_scale_id).aggregate(last=Max("position"))[
            "last"
        ]
        created = RatingCode.objects.create(
            scale_id=plan.rating_scale_id,
            code=_clean_code(plan, code),
            label=line(label, "名称", "label", required=False, max_length=50),
            definition=text(definition),
            is_rating=is_rating,
            position=0 if last is None else last + 1,
        )
        audit(
            actor,
            plan,
            "add_rating_code",
            created,
            f"評価基準に記号「{created.code}」を追加しました",
            diff({}, _described(created)),
        )
    return created


def update_rating_code(
    actor: User,
    plan_id: int,
    code_id: int,
    *,
    code: str,
    label: str,
    definition: str,
    is_rating: bool,
    seen: str | None = None,
) -> RatingCode:
    """Change a code's code, label, definition and mark; a code in use keeps its code and mark."""
    with transaction.atomic():
        plan = editable_plan(actor, plan_id)
        stored = _code_of(plan, code_id)
        before = _described(stored)
        check_unchanged(seen, before, "記号")
        new_code = _clean_code(plan, code, exclude=stored.pk)
        if (new_code != stored.code or is_rating != stored.is_rating) and code_in_use(stored):
            what = "記号" if new_code != stored.code else "「評価として数える」"
            raise PlanEditError(
                f"記号「{stored.code}」は評価に使われているため、{what}は変えられません。"
                "名称と定義だけを変えてください。",
                "code" if new_code != stored.code else "is_rating",
            )
        stored.code = new_code
        stored.label = line(label, "名称", "label", required=False, max_length=50)
        stored.definition = text(definition)
        stored.is_rating = is_rating
        changes = diff(before, _described(stored))
        if changes:
            stored.save()
            audit(
                actor,
                plan,
                "update_rating_code",
                stored,
                f"評価基準の記号「{stored.code}」を変更しました",
                changes,
            )
    return stored


def move_rating_code(actor: User, plan_id: int, code_id: int, direction: str) -> RatingCode:
    """Swap a code with its neighbour above (``"up"``, a better rank) or below (``"down"``)."""
    with transaction.atomic():
        plan = editable_plan(actor, plan_id)
        stored = _code_of(plan, code_id)
        codes = list(RatingCode.objects.select_for_update().filter(scale_id=plan.rating_scale_id))
        before = [code.code for code in codes]
        index = codes.index(stored)
        other = index - 1 if direction == UP else index + 1
        if direction not in (UP, DOWN) or not 0 <= other < len(codes):
            raise PlanEditError(
                f"記号「{stored.code}」はこれ以上{'上' if direction == UP else '下'}に動かせません。"
            )
        codes[index], codes[other] = codes[other], codes[index]
        _renumber(codes)
        audit(
            actor,
            plan,
            "move_rating_code",
            stored,
            f"評価基準の順を変更しました(「{stored.code}」を{'上' if direction == UP else '下'}へ)",
            {"order": {"before": before, "after": [code.code for code in codes]}},
        )
    return stored


def _renumber(codes: list[RatingCode]) -> None:
    """Store ``codes``' order as positions 0, 1, … (positions are not unique, one pass does)."""
    for position, code in enumerate(codes):
        code.position = position
    RatingCode.objects.bulk_update(codes, ["position"])


def remove_rating_code(actor: User, plan_id: int, code_id: int) -> None:
    """Remove a code no evaluation uses; the last code of a scale stays."""
    with transaction.atomic():
        plan = editable_plan(actor, plan_id)
        stored = _code_of(plan, code_id)
        if code_in_use(stored):
            raise PlanEditError(f"記号「{stored.code}」は評価に使われているため、削除できません。")
        remaining = list(RatingCode.objects.filter(scale_id=plan.rating_scale_id).exclude(pk=stored.pk))
        if not remaining:
            raise PlanEditError("評価基準には記号が少なくとも一つ必要です。")
        audit(
            actor,
            plan,
            "remove_rating_code",
            stored,
            f"評価基準から記号「{stored.code}」を削除しました",
            diff(_described(stored), {}),
        )
        stored.delete()
        _renumber(remaining)


def code_version(code: RatingCode) -> str:
    """What an edit form of ``code`` sends back as ``seen`` (see base.fingerprint)."""
    return fingerprint(_described(code))
