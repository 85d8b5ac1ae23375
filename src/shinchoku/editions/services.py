"""Corrections (正誤) of a published year, made by the 事務局 without unpublishing it.

A correction changes what the published year shows — an entry's texts or rating, or a name in
its frozen structure (a node's title or description, a department's name) — and leaves a
:class:`~shinchoku.editions.models.Correction` row with the previous and corrected values and the
reason, beside the audit record: the history keeps both. Pages, reports and the open data mark
the corrected item with its date (訂正) and list the round's corrections (正誤表).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.audit.services import record
from shinchoku.core.typed_fields import clean_field
from shinchoku.editions.corrections import corrected_on
from shinchoku.editions.models import Correction, PublishedStructure
from shinchoku.editions.structure import forget_cached
from shinchoku.evaluations.models import Entry, Round
from shinchoku.evaluations.services.errors import EntryValidationError, StaleRecordError, WorkflowError
from shinchoku.evaluations.services.locking import claim_version, saves_since
from shinchoku.evaluations.services.project_evaluations import refresh_project_evaluation
from shinchoku.plans.models import RatingCode

# The fields of an entry a correction may change, with their labels (as on the entry page).
ENTRY_FIELDS = {
    "final_target": "計画最終年度までの目標",
    "year_target": "今年度の目標",
    "progress": "進捗状況",
    "rating": "評価",
    "reason": "評価の理由・課題",
    "next_year_goal": "次年度の目標",
}
# The names in a published structure a correction may change: kind → field → label.
NAME_FIELDS = {
    Correction.Kind.NODE: {"title": "名称", "description": "説明・事業内容"},
    Correction.Kind.DEPARTMENT: {"name": "名称"},
}
_CLEANERS = {
    (Correction.Kind.NODE, "title"): ("plans.plannode", "title"),
    (Correction.Kind.NODE, "description"): ("plans.plannode", "description"),
    (Correction.Kind.DEPARTMENT, "name"): ("plans.department", "name"),
}


def correct_entry(
    actor: User, entry_id: int, changes: Mapping[str, str], reason: str, *, version: int
) -> list[Correction]:
    """Correct fields of an entry of a published round (``changes``: field → new value, the rating
    by its code), with ``reason``; the round stays published. ``version`` is the entry's version
    the form showed (a stale form is refused). A changed rating re-rates the project's
    consolidated evaluation. Returns the corrections made (none when nothing changed)."""
    reason = clean_field("editions.correction", "reason", reason)
    with transaction.atomic():
        entry = (
            Entry.objects.select_for_update(of=("self",))
            .select_related("round__plan__municipality", "project", "department", "rating")
            .get(pk=entry_id)
        )
        round_ = entry.round
        _check(actor, round_, reason)
        unknown = set(changes) - set(ENTRY_FIELDS)
        if unknown:
            raise WorkflowError(f"訂正できない欄です: {'、'.join(sorted(unknown))}")
        before = {name: _entry_value(entry, name) for name in changes}
        after = {
            name: value.strip() if name == "rating" else clean_field("evaluations.entry", name, value)
            for name, value in changes.items()
        }
        changed = {name: value for name, value in after.items() if value != before[name]}
        if not changed:
            if entry.version != version:
                raise StaleRecordError(saves_since(entry, version), entry.version)
            return []
        new_version = claim_version(entry, version)
        for name, value in changed.items():
            if name == "rating":
                entry.rating = _published_code(round_, value)
            else:
                setattr(entry, name, value)
        entry.version = new_version
        entry.save(update_fields=[*(changed), "version", "updated_at"])
        place = _entry_place(entry, round_)
        corrections = Correction.objects.bulk_create(
            [
                Correction(
                    round=round_,
                    kind=Correction.Kind.ENTRY,
                    target_id=entry.pk,
                    field=name,
                    place=clean_field("editions.correction", "place", f"{place} {ENTRY_FIELDS[name]}"),
                    previous_value=before[name],
                    corrected_value=value,
                    reason=reason,
                    corrected_by=actor,
                )
                for name, value in changed.items()
            ]
        )
        audit: dict[str, Any] = {
            name: {"before": before[name], "after": value} for name, value in changed.items()
        }
        audit["version"] = {"before": version, "after": new_version}
        audit["correction_reason"] = {"before": None, "after": reason}
        record(
            actor=actor,
            action="correct_entry",
            target=entry,
            municipality=round_.plan.municipality,
            summary=f"{round_.plan.title} {round_.fiscal_year_label}: {place} を訂正しました",
            changes=audit,
        )
        _mark(round_, {("entries", entry.pk), ("projects", entry.project_id)}, corrections[0])
        if "rating" in changed:
            refresh_project_evaluation(actor, round_, entry.project)
    return corrections


def correct_name(
    actor: User,
    round_id: int,
    *,
    kind: str,
    target_id: int,
    values: Mapping[str, str],
    expected: Mapping[str, str],
    reason: str,
) -> list[Correction]:
    """Correct a node's title and/or description, or a department's name, as the published
    round ``round_id`` shows it (its frozen structure), with ``reason``: one correction per field
    that changed. ``expected`` holds the values the form showed: when a stored value differs,
    someone corrected it meanwhile and the whole correction is refused as stale. The live plan
    is not changed."""
    reason = clean_field("editions.correction", "reason", reason)
    fields = NAME_FIELDS.get(Correction.Kind(kind)) if kind in Correction.Kind.values else None
    if fields is None or not values or set(values) - set(fields):
        raise WorkflowError(f"訂正できない項目です: {kind} の {'、'.join(sorted(values))}")
    cleaned = {
        field: clean_field(*_CLEANERS[Correction.Kind(kind), field], value) for field, value in values.items()
    }
    with transaction.atomic():
        round_ = Round.objects.select_for_update().select_related("plan__municipality").get(pk=round_id)
        _check(actor, round_, reason)
        if kind == Correction.Kind.DEPARTMENT and not cleaned.get("name", "-"):
            raise EntryValidationError({"name": "担当課の名称を入力してください。"})
        stored = PublishedStructure.objects.select_for_update().get(round=round_)
        rows = stored.data["nodes" if kind == Correction.Kind.NODE else "departments"]
        row = next((row for row in rows if row["id"] == target_id), None)
        if row is None:
            raise WorkflowError(f"{round_.fiscal_year_label}の公表内容に、訂正する項目がありません。")
        if any((row.get(field) or "") != expected.get(field, "") for field in cleaned):
            raise StaleRecordError([], 0)
        changed = {field: value for field, value in cleaned.items() if (row.get(field) or "") != value}
        corrections = []
        for field, value in changed.items():
            place = _name_place(kind, row, fields[field])
            previous = row.get(field) or ""
            row[field] = value
            corrections.append(
                Correction.objects.create(
                    round=round_,
                    kind=kind,
                    target_id=target_id,
                    field=field,
                    place=clean_field("editions.correction", "place", place),
                    previous_value=previous,
                    corrected_value=value,
                    reason=reason,
                    corrected_by=actor,
                )
            )
            record(
                actor=actor,
                action="correct_name",
                target=corrections[-1],
                municipality=round_.plan.municipality,
                summary=f"{round_.plan.title} {round_.fiscal_year_label}: {place} を訂正しました",
                changes={
                    field: {"before": previous, "after": value},
                    "correction_reason": {"before": None, "after": reason},
                },
            )
        if changed:
            stored.save(update_fields=["data"])
            items = {(f"{kind}s", target_id)} | (
                {("projects", target_id)} if kind == Correction.Kind.NODE else set()
            )
            _mark(round_, items, corrections[0])
    return corrections


def _mark(round_: Round, items: set[tuple[str, int]], correction: Correction) -> None:
    """Record in the round's snapshot which items now carry the 訂正 mark and its date, so that a
    page reads the marks with the structure it already loads (see
    :func:`shinchoku.editions.corrections.marks_of`); the Correction rows stay the record."""
    stored = PublishedStructure.objects.select_for_update().get(round=round_)
    marks = stored.data.setdefault("marks", {})
    day = corrected_on(correction).isoformat()
    for group, target_id in items:
        marks.setdefault(group, {})[str(target_id)] = day
    stored.save(update_fields=["data"])
    forget_cached(round_)


def _check(actor: User, round_: Round, reason: str) -> None:
    if not permissions.can_manage_rounds(actor, round_.plan):
        raise PermissionDenied("公表した年度を訂正できるのは、その計画の事務局だけです。")
    if not round_.is_published:
        raise WorkflowError(
            f"{round_.fiscal_year_label}は公表されていません。公表前の評価は、評価の画面で直してください。"
        )
    if not reason:
        raise EntryValidationError({"reason": "訂正の理由を書いてください。正誤表に載ります。"})


def _entry_value(entry: Entry, name: str) -> str:
    if name == "rating":
        return entry.rating.code if entry.rating is not None else ""
    value: str = getattr(entry, name)
    return value


def _published_code(round_: Round, code: str) -> RatingCode | None:
    """The rating code ``code`` of the scale the published round shows (its snapshot's)."""
    if not code:
        return None
    stored = PublishedStructure.objects.filter(round=round_).values_list("data", flat=True).first()
    known = [row["id"] for row in (stored or {}).get("codes", []) if row["code"] == code]
    found = RatingCode.objects.filter(pk__in=known).first()
    if found is None:
        raise EntryValidationError(
            {"rating": f"評価「{code}」は{round_.fiscal_year_label}の評価基準にありません。"}
        )
    return found


def _entry_place(entry: Entry, round_: Round) -> str:
    """The entry as the published year names it: project number and title, department."""
    stored = PublishedStructure.objects.filter(round=round_).values_list("data", flat=True).first() or {}
    node = next((row for row in stored.get("nodes", []) if row["id"] == entry.project_id), None)
    department = next(
        (row for row in stored.get("departments", []) if row["id"] == entry.department_id), None
    )
    code = node["code"] if node else entry.project.code
    title = (node["title"] if node else entry.project.title) or "(名称なし)"
    name = department["name"] if department else entry.department.name
    return f"{code} {title}({name})"


def _name_place(kind: str, row: Mapping[str, Any], label: str) -> str:
    """The corrected item as the year showed it before the correction."""
    if kind == Correction.Kind.DEPARTMENT:
        return f"担当課「{row['name']}」の{label}"
    return f"{row['code']} {row['title'] or '(名称なし)'}の{label}"
