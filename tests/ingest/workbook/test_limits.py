"""An uploaded workbook is bounded in size, rows and cells before openpyxl reads it (issue 11,
item 3: a 4.7 MB file of a million empty rows took 55 s and 5 GB), and a hidden cell it cannot
store is refused in Japanese instead of answering 500."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from shinchoku.ingest.workbook.layout import BY_KEY, ENTRIES_SHEET, INSTRUCTIONS_SHEET
from shinchoku.ingest.workbook.limits import (
    LIMITS_TEXT,
    MAX_CELLS,
    MAX_ROWS,
    MAX_SHARED_STRINGS_BYTES,
    MAX_UNCOMPRESSED_BYTES,
    MAX_UPLOAD_BYTES,
    check_upload_size,
)
from shinchoku.ingest.workbook.preview import WorkbookPreview, preview_workbook
from shinchoku.ingest.workbook.problems import WorkbookFormatError
from tests.ingest.workbook.huge import with_empty_rows, with_inflated_part
from tests.ingest.workbook.roundtrip import Shakyo, as_bytes, cell, download, entries_sheet, row_of

MILLION = 1_000_000
# Python, Django and openpyxl take about 60 MB before the file is read; openpyxl reading the
# million-row file whole took 5 GB. Reading it as a stream and stopping at the limit keeps the
# growth to a few MB; the bound leaves room for allocator noise.
MEMORY_GROWTH_BOUND = 64 * 1024 * 1024

MEASURE = """
import json, resource, sys
import django
django.setup()
from shinchoku.evaluations.models import Round
from shinchoku.ingest.workbook.parse import parse_workbook
from shinchoku.ingest.workbook.problems import WorkbookFormatError
from shinchoku.plans.models import Department

data = open(sys.argv[1], "rb").read()
def resident():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize()
before = resident()
try:
    parse_workbook(data, file_name="huge.xlsx", round_=Round(pk=1), department=Department(pk=1))
    message = "accepted"
except WorkbookFormatError as error:
    message = str(error)
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent (pytest) through exec.
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmHWM:"))
print(json.dumps({"before": before, "peak": peak, "message": message}, ensure_ascii=False))
"""


def _preview(shakyo: Shakyo, data: bytes) -> WorkbookPreview:
    return preview_workbook(
        shakyo.people.other_editor, shakyo.round, shakyo.department, data=data, file_name="社協.xlsx"
    )


@pytest.fixture
def million_rows(shakyo: Shakyo) -> bytes:
    data = with_empty_rows(as_bytes(download(shakyo.people.other_editor, shakyo)), MILLION)
    assert len(data) < MAX_UPLOAD_BYTES  # refused for its rows, not for its size
    return data


def test_a_million_row_workbook_is_refused_with_a_japanese_message_naming_the_limit(
    shakyo: Shakyo, million_rows: bytes
) -> None:
    preview = _preview(shakyo, million_rows)

    (problem,) = preview.problems
    assert "大きすぎるため読みませんでした" in str(problem)
    assert f"{MAX_ROWS:,}行を超える行があります" in str(problem)
    assert (preview.changes, preview.conflicts) == ([], [])


def test_reading_the_million_row_workbook_keeps_the_memory_of_the_process_bounded(
    million_rows: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "huge.xlsx"
    path.write_bytes(million_rows)
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "shinchoku.settings",
        "SHINCHOKU_SECRET_KEY": "test-only-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "SHINCHOKU_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/unused.sqlite3",
    }
    finished = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=600,
        check=True,
    )
    measured = json.loads(finished.stdout.splitlines()[-1])

    assert f"{MAX_ROWS:,}行を超える行があります" in measured["message"]
    growth = measured["peak"] - measured["before"]
    print(f"million-row workbook: RSS {measured['before'] >> 20} MB before, peak {measured['peak'] >> 20} MB")
    assert growth < MEMORY_GROWTH_BOUND


def test_a_zip_bomb_is_refused_from_its_declared_sizes(shakyo: Shakyo) -> None:
    data = with_inflated_part(
        as_bytes(download(shakyo.people.other_editor, shakyo)), MAX_UNCOMPRESSED_BYTES + 1
    )
    assert len(data) < MAX_UPLOAD_BYTES

    (problem,) = _preview(shakyo, data).problems

    assert "展開すると" in str(problem)


def test_shared_strings_over_their_own_limit_are_refused_before_openpyxl_reads_them(shakyo: Shakyo) -> None:
    data = as_bytes(download(shakyo.people.other_editor, shakyo))
    data = with_inflated_part(data, MAX_SHARED_STRINGS_BYTES + 1, name="xl/sharedStrings.xml")

    (problem,) = _preview(shakyo, data).problems

    assert "文字列の部分が展開すると" in str(problem)


def test_a_sheet_with_more_cells_than_the_limit_is_refused(shakyo: Shakyo) -> None:
    book = download(shakyo.people.other_editor, shakyo)
    sheet = entries_sheet(book)
    for number in range(MAX_CELLS + 1):  # right of the columns of the layout, 100 to a row
        sheet.cell(row=10 + number // 100, column=20 + number % 100, value="x")

    (problem,) = _preview(shakyo, as_bytes(book)).problems

    assert f"{MAX_CELLS:,}セルを超えるセルがあります" in str(problem)


def test_a_file_over_the_upload_size_is_refused_in_japanese() -> None:
    with pytest.raises(WorkbookFormatError, match=r"大きすぎる.*MB あります"):
        check_upload_size(MAX_UPLOAD_BYTES + 1, "大きい.xlsx")


def test_a_huge_hidden_entry_id_is_refused_naming_the_cell_instead_of_overflowing(shakyo: Shakyo) -> None:
    book = download(shakyo.people.other_editor, shakyo)
    row = row_of(entries_sheet(book), shakyo.shared)
    cell(entries_sheet(book), shakyo.shared, "entry_id").value = 10**30

    (problem,) = _preview(shakyo, as_bytes(book)).problems

    assert str(problem).startswith(f"{ENTRIES_SHEET}シート {row}行目 ")
    assert f"{BY_KEY['entry_id'].place()}: 評価IDが読めません。" in str(problem)


def test_the_instructions_sheet_states_the_limits(shakyo: Shakyo) -> None:
    sheet = download(shakyo.people.other_editor, shakyo)[INSTRUCTIONS_SHEET]

    assert any(LIMITS_TEXT in str(row[0]) for row in sheet.iter_rows(values_only=True))
