"""What a department's workbook holds: its entries of one round, in plan order, with last year's.

A fixed number of queries whatever the number of entries: the plan's nodes (for the order), the
entries, the previous round's entries of the same projects, the rating codes, the indicators of
the projects with their actuals (see :mod:`.actuals`), and what the quality findings read (see
:mod:`shinchoku.evaluations.selectors.quality`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Entry, Round
from shinchoku.evaluations.selectors.quality import round_findings
from shinchoku.ingest.workbook.actuals import ActualRow, actual_rows
from shinchoku.plans.models import Department, Plan, RatingCode

Status = Entry.Status


@dataclass(frozen=True)
class SourceRow:
    entry: Entry
    previous: Entry | None  # the same project and department in the round before
    editable: bool  # the person downloading may change it now
    findings: str = ""  # the open quality findings, one a line (the 確認事項 column)


@dataclass(frozen=True)
class WorkbookSource:
    round: Round
    previous_round: Round | None
    department: Department
    rows: list[SourceRow]
    codes: list[RatingCode]  # the plan's scale in its order
    actuals: list[ActualRow] = field(default_factory=list)  # the 指標の実績 sheet's rows

    @property
    def lowest(self) -> RatingCode | None:
        """The lowest rating, which needs a reason when submitted."""
        ratings = [code for code in self.codes if code.is_rating]
        return ratings[-1] if ratings else None


def status_label(entry: Entry) -> str:
    """未提出 / 差戻し(理由) / 提出済 / 承認済, as the 状態 column shows it."""
    if entry.status == Status.RETURNED:
        return f"差戻し({entry.review_comment})" if entry.review_comment else "差戻し"
    if entry.status == Status.DEPARTMENT_APPROVED:
        return "提出済(所属長承認済)"
    return str(entry.get_status_display())


def tree_order(plan: Plan) -> dict[int, tuple[int, ...]]:
    """Each node's sort key: the positions of its ancestors and itself, root first."""
    nodes = {
        pk: (parent, position) for pk, parent, position in plan.nodes.values_list("pk", "parent", "position")
    }
    keys: dict[int, tuple[int, ...]] = {}

    def key(pk: int) -> tuple[int, ...]:
        if pk not in keys:
            parent, position = nodes[pk]
            keys[pk] = (*(key(parent) if parent is not None else ()), position)
        return keys[pk]

    for pk in nodes:
        key(pk)
    return keys


def _findings(round_: Round, department: Department) -> dict[int, str]:
    """Each entry's open quality findings as the 確認事項 cell shows them."""
    return {
        item.entry.pk: "\n".join(
            f"{shown.finding.check_name}({shown.finding.field_label}): {shown.finding.excerpt}"
            for shown in item.open
        )
        for item in round_findings(round_, Q(department=department))
    }


def workbook_source(actor: User, round_: Round, department: Department) -> WorkbookSource:
    """The entries ``department`` writes in ``round_``, in the plan's order, each with the
    department's entry of the previous round and whether ``actor`` may edit it now."""
    order = tree_order(round_.plan)
    entries = sorted(
        Entry.objects.filter(round=round_, department=department).select_related("project", "rating"),
        key=lambda entry: (order.get(entry.project_id, ()), entry.project.code),
    )
    previous_round = (
        Round.objects.filter(plan_id=round_.plan_id, fiscal_year__lt=round_.fiscal_year)
        .order_by("-fiscal_year")
        .first()
    )
    previous: dict[int, Entry] = {}
    if previous_round is not None:
        previous = {
            entry.project_id: entry
            for entry in Entry.objects.filter(
                round=previous_round, department=department, project_id__in=[e.project_id for e in entries]
            ).select_related("rating")
        }
    for entry in entries:
        entry.round = round_  # the permission rules read round.state and round.plan
    findings = _findings(round_, department)
    rows = [
        SourceRow(
            entry,
            previous.get(entry.project_id),
            permissions.can_edit_entry(actor, entry),
            findings.get(entry.pk, ""),
        )
        for entry in entries
    ]
    codes = list(RatingCode.objects.filter(scale_id=round_.plan.rating_scale_id).order_by("position"))
    projects = list(dict.fromkeys(entry.project_id for entry in entries))
    actuals = actual_rows(actor, round_, projects)
    return WorkbookSource(round_, previous_round, department, rows, codes, actuals)
