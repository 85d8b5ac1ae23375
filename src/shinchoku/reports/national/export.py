"""The national entries file: the entries table of every published round of every plan of every
municipality, one after the other, streamed.

Rows are those of each round's own entries table (:func:`~shinchoku.reports.opendata.columns.entry_columns`
over :func:`~shinchoku.reports.opendata.dataset.load_dataset`, read through the published snapshot
exactly as the per-round CSV and JSON are), so a value is written by the same code in both files.
Only what a visitor who is not signed in may see is exported (published rounds, and indicator
values of published years), whoever asks.

Order: municipalities by 全国地方公共団体コード, their plans by 計画ID, each plan's rounds by
year, and within a round the per-round order.

Memory: one round is loaded at a time (its rows are built, written and dropped before the next
round is read); besides, only the ids of the plans to export are held. The queries are a fixed
number per round and per plan, whatever the number of rows.

Formats:

- ``csv``: UTF-8 with a BOM (as the per-round CSV, for Excel), CRLF, every text cell inert
  (:func:`~shinchoku.reports.formats.csv.row_cells`). Plans differ in their number of levels, so
  the hierarchy columns are named by position, 第1階層番号/第1階層名 … 第5階層番号/第5階層名 (the
  most a plan may have above its projects); a plan with fewer levels leaves the rest empty.
- ``jsonl``: one JSON object per line, the keys of the per-round entry rows (``level1_code`` …
  up to the plan's own levels), UTF-8 without a BOM, LF.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any, Literal

from django.contrib.auth.models import AnonymousUser

from shinchoku.accounts.permissions import visible_rounds_of_every_plan
from shinchoku.plans.models import MAX_LEVELS, Plan
from shinchoku.reports.formats.csv import BOM, csv_writer, header_cells, row_cells
from shinchoku.reports.opendata.columns import Column, entry_columns
from shinchoku.reports.opendata.dataset import Dataset, ProjectRow, load_dataset, rounds_for_audience
from shinchoku.reports.opendata.document import entry_rows_json

NationalFormat = Literal["csv", "jsonl"]
FORMATS: tuple[NationalFormat, ...] = ("csv", "jsonl")
MEDIA_TYPES: dict[NationalFormat, str] = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/jsonl; charset=utf-8",
}
FILE_NAMES: dict[NationalFormat, str] = {"csv": "all_entries.csv", "jsonl": "all_entries.jsonl"}
# The hierarchy columns of the national CSV, named by position: a plan's own level names
# differ from plan to plan, and one file has one header.
POSITIONAL_LEVELS = [f"第{level}階層" for level in range(1, MAX_LEVELS)] + ["事業"]


def national_columns() -> list[Column[ProjectRow]]:
    """The columns of the national CSV: the entries table's, with positional hierarchy headers."""
    return entry_columns(POSITIONAL_LEVELS)


def published_datasets() -> Iterator[Dataset]:
    """Every published round of every plan as its data set, one at a time (see the module)."""
    plan_ids = (
        visible_rounds_of_every_plan(AnonymousUser())
        .order_by("plan__municipality__code", "plan_id")
        .values_list("plan_id", flat=True)
        .distinct()
    )
    for plan_id in list(plan_ids):
        plan = Plan.objects.select_related("municipality").get(pk=plan_id)
        # What load_for_report gives a public report of any of these rounds: the same ``shown``.
        shown = list(rounds_for_audience(plan, "public"))
        for round_ in sorted(shown, key=lambda r: r.fiscal_year):
            round_.plan = plan
            yield load_dataset(plan, round_, shown, with_indicators=False)  # entries only


def csv_chunks(*, bom: bool = True) -> Iterator[bytes]:
    """The national CSV, one chunk for the header and one per round."""
    columns = national_columns()
    yield _csv_text([header_cells(columns)], BOM if bom else "")
    for data in published_datasets():
        yield _csv_text((row_cells(columns, data, row) for row in data.rows), "")


def jsonl_chunks() -> Iterator[bytes]:
    """The national JSON lines, one chunk per round."""
    for data in published_datasets():
        lines = [_json_line(row) for row in entry_rows_json(data)]
        yield "".join(lines).encode("utf-8")


def chunks(national_format: NationalFormat, *, bom: bool = True) -> Iterator[bytes]:
    """The file in ``national_format``; ``bom`` only concerns the CSV."""
    return csv_chunks(bom=bom) if national_format == "csv" else jsonl_chunks()


def _csv_text(rows: Any, prefix: str) -> bytes:
    buffer = io.StringIO()
    buffer.write(prefix)
    csv_writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _json_line(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n"
