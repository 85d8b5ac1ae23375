"""社協's entries of the tiny plan's collecting round, and helpers to fill its workbook like a person.

社協 writes three entries in 令和6年度: 1-1-1-2 (shared with 共生福祉課, a draft), 1-1-2-1 (a draft)
and 1-1-2-10 (already submitted). 共生福祉課's entry of 1-1-1-2 is another department's.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Entry, Round
from shinchoku.ingest.workbook.build import department_workbook
from shinchoku.ingest.workbook.layout import BY_KEY, ENTRIES_SHEET, FIRST_DATA_ROW
from shinchoku.plans.models import Department, PlanNode
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan, add_projects


@dataclass
class Shakyo:
    tiny: TinyPlan
    people: People
    round: Round
    department: Department
    shared: Entry
    unrated: Entry
    submitted: Entry
    other: Entry  # 共生福祉課's entry of the shared project


def build_shakyo(tiny: TinyPlan, people: People) -> Shakyo:
    round_ = tiny.collecting
    round_.deadline = date(2025, 5, 31)
    round_.save()
    department = tiny.departments["社協"]
    shared = Entry.objects.create(
        round=round_,
        project=tiny.shared,
        department=department,
        final_target="地域の福祉情報の発信について充実を図る",
        year_target="通信紙の発行を続ける。",
        progress="支え合い通信を2回発行した。",
    )
    unrated = Entry.objects.create(round=round_, project=tiny.unrated, department=department)
    add_projects(tiny, 1, with_entries=False)
    extra = PlanNode.objects.get(plan=tiny.plan, code="1-1-2-10")
    submitted = Entry.objects.create(
        round=round_,
        project=extra,
        department=department,
        progress="提出済みの進捗",
        rating=tiny.codes["A"],
        next_year_goal="続ける。",
        status=Entry.Status.SUBMITTED,
    )
    other = Entry.objects.create(
        round=round_,
        project=tiny.shared,
        department=tiny.departments["共生福祉課"],
        progress="共生福祉課の下書き",
    )
    return Shakyo(tiny, people, round_, department, shared, unrated, submitted, other)


def download(actor: User, shakyo: Shakyo, department: Department | None = None) -> Workbook:
    data = department_workbook(actor, shakyo.round, department or shakyo.department)
    return load_workbook(io.BytesIO(data))


def entries_sheet(book: Workbook) -> Worksheet:
    return book[ENTRIES_SHEET]


def row_of(sheet: Worksheet, entry: Entry) -> int:
    column = BY_KEY["entry_id"].letter
    for row in range(FIRST_DATA_ROW, sheet.max_row + 1):
        if sheet[f"{column}{row}"].value == entry.pk:
            return row
    raise AssertionError(f"entry {entry.pk} is not in the sheet")


def cell(sheet: Worksheet, entry: Entry, key: str) -> Any:
    return sheet[f"{BY_KEY[key].letter}{row_of(sheet, entry)}"]


def fill(sheet: Worksheet, entry: Entry, **values: Any) -> None:
    """Type ``values`` (by column key: progress, rating, reason, next_year_goal, submit …) into
    the row of ``entry``."""
    for key, value in values.items():
        cell(sheet, entry, key).value = value


def as_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
