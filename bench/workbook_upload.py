"""Uploading a department workbook: time and peak memory of the upload's preview.

Three files, each uploaded as the upload page does (:func:`receive_workbook`: the limits, the
read-only parse, the comparison with the stored entries, keeping the file):

- a normal department: the demo (scale 1) department with the most entries of the collecting
  round, every open row changed;
- the largest accepted workbook: a department of 2,900 entries (the rows limit is 3,000) with
  long texts in every row, every row changed;
- the refused million-row file: the normal workbook with 1,000,000 empty rows added.

Baseline: reading every row of the same file with openpyxl in read-only mode, values only (the
floor any reader of the file pays); for the refused file, listing its zip directory. Peak memory
is the growth of the resident set while uploading (Linux VmHWM, reset before each upload through
/proc/self/clear_refs), so it counts openpyxl's and lxml's C allocations too.
"""

from __future__ import annotations

import io
import multiprocessing
import shutil
import statistics
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from tests.ingest.workbook.huge import with_empty_rows  # the same file the memory test uploads

from bench.timing import Timing, measure, table

LARGEST_ENTRIES = 2900
MILLION = 1_000_000
_PROGRESS = "地域の支え合い活動を広げるため、説明会と研修を開き、参加した団体と次の取組を話し合った。"


def _resident_bytes(field: str) -> int:
    with Path("/proc/self/status").open() as status:
        return next(int(line.split()[1]) * 1024 for line in status if line.startswith(f"{field}:"))


def _upload_in_fresh_process(
    path: str, actor_id: int, round_id: int, department_id: int, answer: Any
) -> None:
    """Upload the file at ``path`` in this (spawned) process; put (seconds, peak growth, result)
    on ``answer``. A fresh process, because freed memory stays resident and would hide the peak."""
    import time

    import django

    django.setup()
    from shinchoku.accounts.models import User
    from shinchoku.evaluations.models import Round
    from shinchoku.ingest.workbook.upload import receive_workbook
    from shinchoku.plans.models import Department

    actor, round_ = User.objects.get(pk=actor_id), Round.objects.get(pk=round_id)
    department = Department.objects.get(pk=department_id)
    data = Path(path).read_bytes()
    before = _resident_bytes("VmRSS")
    start = time.perf_counter()
    preview = receive_workbook(actor, round_, department, data=data, file_name="upload.xlsx").preview
    seconds = time.perf_counter() - start
    growth = _resident_bytes("VmHWM") - before
    result = (
        f"refused: {preview.problems[0].message[:48]}…"
        if not preview.readable
        else f"{len(preview.changes)} changes, {len(preview.problems)} problems"
    )
    answer.put((seconds, growth, result))


def _measure_upload(
    case: _Case, folder: Path, ids: tuple[int, int, int], repeats: int
) -> tuple[Timing, int, str]:
    path = folder / "upload.xlsx"
    path.write_bytes(case.data)
    context = multiprocessing.get_context("spawn")
    seconds, growths, results = [], [], []
    for _ in range(repeats):
        answer = context.Queue()
        process = context.Process(target=_upload_in_fresh_process, args=(str(path), *ids, answer))
        process.start()
        measured, growth, result = answer.get(timeout=600)
        process.join()
        seconds.append(measured)
        growths.append(growth)
        results.append(result)
    return Timing(f"upload: {case.label}", seconds), int(statistics.median(growths)), results[-1]


def _read_all_rows(data: bytes) -> None:
    book = load_workbook(io.BytesIO(data), read_only=True)
    for sheet in book.worksheets:
        for _ in sheet.iter_rows(values_only=True):
            pass
    book.close()


@dataclass(frozen=True)
class _Case:
    label: str
    data: bytes
    rows: int
    baseline: Timing


def _filled(data: bytes, texts: Callable[[int], dict[str, str]]) -> bytes:
    """``data`` (a downloaded workbook) with ``texts(n)`` typed into the white cells of open row n."""
    from shinchoku.ingest.workbook.layout import BY_KEY, ENTRIES_SHEET, FIRST_DATA_ROW

    book = load_workbook(io.BytesIO(data))
    sheet = book[ENTRIES_SHEET]
    for number in range(FIRST_DATA_ROW, sheet.max_row + 1):
        if sheet[f"{BY_KEY['progress'].letter}{number}"].protection.locked:
            continue  # a submitted or approved row
        for key, text in texts(number).items():
            sheet[f"{BY_KEY[key].letter}{number}"].value = text
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _largest_department(round_: Any) -> Any:
    """A department of :data:`LARGEST_ENTRIES` entries in ``round_``, texts near the length limit."""
    from shinchoku.evaluations.models import Entry
    from shinchoku.plans.models import Department, PlanNode, ProjectOwner

    leaf = PlanNode.objects.filter(plan=round_.plan, entries__round=round_).order_by("pk").first()
    department = Department.objects.create(
        municipality=round_.plan.municipality, name="大規模検証課", position=999
    )
    projects = PlanNode.objects.bulk_create(
        PlanNode(
            plan=round_.plan,
            parent=leaf.parent,
            level=leaf.level,
            position=1000 + number,
            code=f"大-{number}",
            title=f"検証用の事業{number}",
        )
        for number in range(LARGEST_ENTRIES)
    )
    ProjectOwner.objects.bulk_create(
        ProjectOwner(project=project, department=department, position=0) for project in projects
    )
    Entry.objects.bulk_create(
        Entry(
            round=round_,
            project=project,
            department=department,
            final_target=_PROGRESS * 3,
            year_target=_PROGRESS * 2,
            progress=(f"{number}: " + _PROGRESS * 40)[:1500],
            reason=(_PROGRESS * 20)[:800],
        )
        for number, project in enumerate(projects)
    )
    return department


def _cases(actor: Any, round_: Any, normal: Any, largest: Any) -> list[_Case]:
    from shinchoku.ingest.workbook.build import department_workbook

    normal_file = _filled(
        department_workbook(actor, round_, normal),
        lambda n: {"progress": f"{n}行目を書き直した。" + _PROGRESS},
    )
    largest_file = _filled(
        department_workbook(actor, round_, largest),
        lambda n: {"progress": (f"{n}行目: " + _PROGRESS * 40)[:1900], "next_year_goal": _PROGRESS * 3},
    )
    million = with_empty_rows(normal_file, MILLION)
    return [
        _Case(f"{normal.name} (normal department)", normal_file, _rows(normal_file), _floor(normal_file)),
        _Case("largest accepted", largest_file, _rows(largest_file), _floor(largest_file)),
        _Case(
            "1,000,000 empty rows (refused)",
            million,
            MILLION,
            measure(
                "list the zip directory", lambda: zipfile.ZipFile(io.BytesIO(million)).infolist(), repeats=5
            ),
        ),
    ]


def _rows(data: bytes) -> int:
    from shinchoku.ingest.workbook.layout import ENTRIES_SHEET, FIRST_DATA_ROW

    book = load_workbook(io.BytesIO(data), read_only=True)
    rows = sum(1 for _ in book[ENTRIES_SHEET].iter_rows(min_row=FIRST_DATA_ROW, max_col=1))
    book.close()
    return rows


def _floor(data: bytes) -> Timing:
    return measure("openpyxl read-only, every row", lambda: _read_all_rows(data), repeats=3)


def run(*, quick: bool) -> list[str]:
    from django.db.models import Count

    from shinchoku.demo.accounts import create_demo_user
    from shinchoku.demo.generator import generate_demo
    from shinchoku.evaluations.models import Round
    from shinchoku.ingest.workbook.limits import (
        MAX_CELLS,
        MAX_ROWS,
        MAX_UNCOMPRESSED_BYTES,
        MAX_UPLOAD_BYTES,
        PREVIEW_PAGE_SIZE,
    )
    from shinchoku.plans.models import Department

    repeats = 1 if quick else 3
    generate_demo(scale=1)
    actor = create_demo_user(password="bench-only-password-0123")
    round_ = Round.objects.get(state=Round.State.COLLECTING)
    normal = (
        Department.objects.filter(entries__round=round_)
        .annotate(count=Count("entries"))
        .order_by("-count", "pk")
        .first()
    )
    cases = _cases(actor, round_, normal, _largest_department(round_))

    folder = Path(tempfile.mkdtemp(prefix="shinchoku-bench-upload-"))
    largest = Department.objects.get(name="大規模検証課")
    timings: list[tuple[Timing, Timing]] = []
    memory_rows = []
    for case in cases:
        department = largest if case.label == "largest accepted" else normal
        timing, growth, result = _measure_upload(case, folder, (actor.pk, round_.pk, department.pk), repeats)
        timings.append((timing, case.baseline))
        memory_rows.append(
            f"| {case.label} | {len(case.data) / 1024:,.0f} KB | {case.rows:,} "
            f"| {growth / 1024 / 1024:.1f} MB | {result} |"
        )
    shutil.rmtree(folder)
    return [
        "## Workbook upload",
        "",
        f"Limits: {MAX_UPLOAD_BYTES >> 20} MB a file, {MAX_UNCOMPRESSED_BYTES >> 20} MB unzipped, "
        f"{MAX_ROWS:,} rows and {MAX_CELLS:,} cells a sheet; "
        f"the preview shows {PREVIEW_PAGE_SIZE} changes a page. "
        "Upload = the upload page's work (limits, read-only parse, comparison with the stored entries, "
        "keeping the file).",
        "",
        *table(timings),
        "",
        "| workbook | file | entry rows | peak memory growth (median) | result |",
        "| --- | ---: | ---: | ---: | --- |",
        *memory_rows,
        "",
    ]
