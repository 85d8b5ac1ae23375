"""What storing an uploaded workbook would do, row by row, before anything is stored.

Each row the person changed is compared with its stored entry:

- the changed fields (before → after) and whether the entry will be submitted;
- a conflict when the entry was saved by somebody after the workbook was downloaded (its version
  differs): who changed what is read from the audit trail, and the row is not stored;
- a problem when the entry cannot be edited now (submitted, approved, or the round is not
  collecting), or when it is to be submitted but something required is missing.

An indicator's actual on the 指標の実績 sheet that the person changed, and that differs from the
stored one, is recorded too (see :class:`ActualChange`); the last save wins, as on the entry page.

A row the person did not change is left alone, and so is a row whose values are already stored
(uploading the same file twice changes nothing the second time). The file can be stored only when
there is no problem and no conflict at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.audit.changes import FieldChange
from shinchoku.evaluations.models import Entry, IndicatorValue, Round
from shinchoku.evaluations.services import EntryDraft, OtherSave, submission_errors
from shinchoku.evaluations.services.locking import saves_since
from shinchoku.ingest.workbook.actuals import ACTUAL_BY_KEY, ACTUALS_SHEET, ParsedActual, number_text
from shinchoku.ingest.workbook.layout import BY_KEY, ENTRIES_SHEET, cell_text
from shinchoku.ingest.workbook.parse import ParsedRow, parse_workbook
from shinchoku.ingest.workbook.problems import Problem, WorkbookFormatError
from shinchoku.ingest.workbook.source import status_label
from shinchoku.plans.models import Department, Indicator, RatingCode

Status = Entry.Status
DRAFT_KEYS = ("progress", "rating", "reason", "next_year_goal")


@dataclass(frozen=True)
class RowChange:
    """An entry the upload will save (and submit, when ``submit``) at ``version``."""

    row: int
    entry: Entry
    version: int
    draft: EntryDraft
    changes: list[FieldChange]
    submit: bool


@dataclass(frozen=True)
class RowConflict:
    """An entry saved by somebody else after the workbook was downloaded."""

    row: int
    entry: Entry
    saves: list[OtherSave]

    @property
    def names(self) -> str:
        return "、".join(dict.fromkeys(save.by for save in self.saves)) or "他の利用者"


@dataclass(frozen=True)
class ActualChange:
    """An indicator's actual the upload will record (``value`` None clears it)."""

    row: int
    indicator: Indicator
    before: str
    after: str
    value: Decimal | None
    note: str


@dataclass
class WorkbookPreview:
    round: Round
    department: Department
    file_name: str
    changes: list[RowChange] = field(default_factory=list)
    conflicts: list[RowConflict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    actual_changes: list[ActualChange] = field(default_factory=list)
    unchanged: int = 0
    unchanged_actuals: int = 0
    readable: bool = True  # False when the file as a whole was refused (not ours, too large …)

    @property
    def submitted(self) -> int:
        return sum(1 for change in self.changes if change.submit)

    @property
    def can_commit(self) -> bool:
        return bool(self.changes or self.actual_changes) and not self.problems and not self.conflicts


def _stored(entry: Entry) -> dict[str, str]:
    """The entry's fields as the workbook shows them (cleaned like a cell, see :func:`.layout.cell_text`)."""
    return {
        "progress": cell_text(entry.progress),
        "rating": entry.rating.code if entry.rating else "",
        "reason": cell_text(entry.reason),
        "next_year_goal": cell_text(entry.next_year_goal),
    }


def _awaits_submission(entry: Entry) -> bool:
    return entry.status in (Status.DRAFT, Status.RETURNED)


def _refusal(entry: Entry) -> str:
    """Why the row of ``entry`` may not be changed now."""
    round_ = entry.round
    if round_.state not in permissions.EDITABLE_ROUND_STATES:
        return f"{round_.fiscal_year_label}は「{round_.get_state_display()}」のため、評価を変更できません。"
    if entry.status == Status.APPROVED:
        return (
            "この事業の評価は承認済のため変更できません。"
            "変更が必要なときは、事務局に承認の取り消しを依頼してください。"
        )
    if not _awaits_submission(entry):
        return (
            f"この事業の評価は「{status_label(entry)}」のため、差し戻されるまで変更できません。"
            "この行は元に戻してください。"
        )
    return "この事業の評価を変更する権限がありません。"


def _submission_problems(row: ParsedRow, codes: dict[str, RatingCode]) -> list[Problem]:
    """What :func:`submission_errors` would refuse once the row's values are stored."""
    written = Entry(
        progress=row.texts["progress"],
        reason=row.texts["reason"],
        next_year_goal=row.texts["next_year_goal"],
        rating=codes.get(row.texts["rating"]),
    )
    errors = submission_errors(written)
    return [
        Problem(f"提出できません: {message}", ENTRIES_SHEET, row.row, BY_KEY[key])
        for key, message in errors.items()
    ]


def _compare(actor: User, row: ParsedRow, codes: dict[str, RatingCode], preview: WorkbookPreview) -> None:
    entry = row.entry
    stored = _stored(entry)
    # A cell nobody changed keeps what is stored: the cell may hold less than that (a text cut at
    # Excel's cell limit), and a later save elsewhere is caught by the version check below.
    texts = {key: row.texts[key] if key in row.touched else stored[key] for key in DRAFT_KEYS}
    differs = [key for key in DRAFT_KEYS if texts[key] != stored[key]]
    if not row.touched or (not differs and not (row.submit and _awaits_submission(entry))):
        preview.unchanged += 1
        return
    if row.version != entry.version:
        preview.conflicts.append(RowConflict(row.row, entry, saves_since(entry, row.version)))
        return
    if not permissions.can_edit_entry(actor, entry):
        key = differs[0] if differs else "submit"
        preview.problems.append(Problem(_refusal(entry), ENTRIES_SHEET, row.row, BY_KEY[key]))
        return
    if row.submit:
        problems = _submission_problems(row, codes)
        if problems:
            preview.problems.extend(problems)
            return
    draft = EntryDraft(**texts)
    changes = [FieldChange(key, BY_KEY[key].header, stored[key], texts[key]) for key in differs]
    preview.changes.append(RowChange(row.row, entry, row.version, draft, changes, row.submit))


def preview_workbook(
    actor: User, round_: Round, department: Department, *, data: bytes, file_name: str
) -> WorkbookPreview:
    """Read ``data`` (an uploaded workbook) and say what storing it would change for ``actor``.

    Never writes. A file that cannot be used at all gives a preview with its problems only.
    """
    preview = WorkbookPreview(round_, department, file_name)
    try:
        parsed = parse_workbook(data, file_name=file_name, round_=round_, department=department)
    except WorkbookFormatError as error:
        preview.problems.extend(error.problems)
        preview.readable = False
        return preview
    preview.problems.extend(parsed.problems)
    codes = {code.code: code for code in RatingCode.objects.filter(scale_id=round_.plan.rating_scale_id)}
    for row in parsed.rows:
        row.entry.round = round_  # the permission rules read round.state and round.plan
        _compare(actor, row, codes, preview)
    _compare_actuals(actor, round_, parsed.actuals, preview)
    preview.problems.sort(key=lambda problem: (problem.sheet == ACTUALS_SHEET, problem.row or 0))
    return preview


def _shown(value: Decimal | None, note: str) -> str:
    """An actual as the preview shows it: 「46(速報値)」, or 「(なし)」."""
    if value is None:
        return "(なし)"
    return number_text(value) + (f"({note})" if note else "")


def _compare_actuals(
    actor: User, round_: Round, actuals: list[ParsedActual], preview: WorkbookPreview
) -> None:
    """An :class:`ActualChange` for each changed row whose value differs from what is stored; a
    problem for an indicator the person may not record now."""
    indicators = (
        Indicator.objects.select_related("node")
        .prefetch_related("node__ownerships")
        .in_bulk([actual.indicator_id for actual in actuals])
    )
    stored = {
        value.indicator_id: value
        for value in IndicatorValue.objects.filter(
            indicator_id__in=indicators, fiscal_year=round_.fiscal_year
        )
    }
    for actual in actuals:
        indicator = indicators[actual.indicator_id]
        current = stored.get(indicator.pk)
        before = (current.value, current.note) if current else (None, "")
        after = (actual.value, actual.note if actual.value is not None else "")
        if before == after:
            preview.unchanged_actuals += 1
            continue
        if not permissions.can_record_indicator_value(actor, indicator, round_):
            message = (
                "この指標の実績値は、現在あなたが入力できる状態ではありません。この行は元に戻してください。"
            )
            preview.problems.append(Problem(message, ACTUALS_SHEET, actual.row, ACTUAL_BY_KEY["actual"]))
            continue
        preview.actual_changes.append(
            ActualChange(actual.row, indicator, _shown(*before), _shown(*after), *after)
        )
