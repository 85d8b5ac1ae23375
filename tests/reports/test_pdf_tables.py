"""The PDF's tables as a screen reader meets them: row headers are TH with Scope Row, every row
has a tagged cell with content under each column header."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest

from shinchoku.evaluations.models import Round
from shinchoku.reports.content import build_report_content
from shinchoku.reports.pdf import typeset
from shinchoku.reports.pdf.row_headers import RowHeaderError, mark_row_headers, row_header_columns
from tests.evaluations.tiny_plan import TinyPlan
from tests.reports.pdf_reading import (
    children,
    column_span,
    marks_content,
    table_attributes,
    table_rows,
    tables_of,
    with_row,
)

pytestmark = pytest.mark.django_db


def check_tables(pdf: bytes, row_headers: list[int]) -> list[str]:
    """Every way the PDF's tables fail a screen reader, as sentences (none when all is well)."""
    problems = []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        root = document.Root.StructTreeRoot
        identified = {str(name) for name, _ in pikepdf.NameTree(root.IDTree).items()}
        tables = tables_of(root)
        assert len(tables) == len(row_headers)
        for number, (table, count) in enumerate(zip(tables, row_headers, strict=True)):
            rows = table_rows(table)
            width = sum(column_span(cell) for cell in children(rows[0][1]))
            for row_number, (group, row) in enumerate(rows):
                where = f"table {number} row {row_number} ({group})"
                cells = list(children(row))
                if sum(column_span(cell) for cell in cells) != width:
                    problems.append(f"{where}: spans {sum(map(column_span, cells))} of {width} columns")
                problems.extend(
                    f"{where} cell {i}: no content" for i, c in enumerate(cells) if not marks_content(c)
                )
                if group == "/THead":
                    continue
                heads = cells[:count]
                for cell in heads:
                    if cell.S != "/TH" or table_attributes(cell).get("/Scope") != "/Row":
                        problems.append(f"{where}: a row header is {cell.S}, not TH with Scope Row")
                    elif str(cell.ID) not in identified:
                        problems.append(f"{where}: the row header's ID is not in the ID tree")
                for cell in cells[count:]:
                    listed = {str(name) for name in table_attributes(cell).get("/Headers", [])}
                    if not {str(head.get("/ID")) for head in heads} <= listed:
                        problems.append(f"{where}: a data cell does not list its row headers")
    return problems


def test_the_seeds_row_headers_are_th_scope_row_and_every_row_fills_its_header(
    seed_round: Round, tmp_path: Path
) -> None:
    content = build_report_content(seed_round)
    assert check_tables(typeset.typeset(content), row_header_columns(content)) == []


def test_a_project_without_description_still_has_a_cell_under_each_column_header(
    tiny: TinyPlan,
) -> None:
    content = with_row(build_report_content(tiny.published), 0, description="")
    pdf = typeset.typeset(content)
    assert check_tables(pdf, row_header_columns(content)) == []
    summary = content.summary
    # The summary's tables, then the first 施策's header, then its first projects.
    first_projects = (
        len(summary.tallies)
        + bool(summary.comparison and summary.comparison.changes)
        + bool(summary.indicators)
        + 1
    )
    with pikepdf.open(io.BytesIO(pdf)) as document:
        project_table = tables_of(document.Root.StructTreeRoot)[first_projects]
        first_row = next(row for group, row in table_rows(project_table) if group == "/TBody")
        assert len(list(children(first_row))) == 8


def test_a_pdf_whose_tables_do_not_match_the_report_is_refused(tiny: TinyPlan) -> None:
    content = build_report_content(tiny.published)
    pdf = typeset.typeset(content)
    with pytest.raises(RowHeaderError):
        mark_row_headers(pdf, [*row_header_columns(content), 1])
