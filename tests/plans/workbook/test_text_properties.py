"""Property tests: whatever text a plan holds, its workbook keeps it as text (never a formula) and
reading the workbook back gives the text as the one normaliser cleans it; a second round trip
changes nothing."""

from __future__ import annotations

import io
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from shinchoku.core.text import clean_typed_line, clean_typed_text
from shinchoku.plans.workbook.diff import diff_documents
from shinchoku.plans.workbook.example import example_document
from shinchoku.plans.workbook.export import write_plan_workbook
from shinchoku.plans.workbook.read import read_plan_workbook

TEXT = st.text(max_size=80)


@settings(max_examples=60, deadline=None)
@given(title=TEXT, description=TEXT, progress=TEXT, formula=st.sampled_from(["=", "+", "-", "@"]))
def test_any_typed_text_round_trips_as_cleaned_text_and_never_as_a_formula(
    title: str, description: str, progress: str, formula: str
) -> None:
    document = example_document()
    project = document.nodes[3]
    document.nodes[3] = replace(project, title=formula + title, description=description)
    assert document.evaluations is not None
    document.evaluations[0] = replace(document.evaluations[0], progress=progress)
    data = write_plan_workbook(document)

    book = load_workbook(io.BytesIO(data))
    assert not any(
        cell.data_type == "f" for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
    )
    read = read_plan_workbook(data, "typed.xlsx")
    assert read.nodes[3].title == clean_typed_line(formula + title)
    assert read.nodes[3].description == clean_typed_text(description).strip("\n")
    assert read.evaluations is not None
    assert read.evaluations[0].progress == clean_typed_text(progress).strip("\n")
    again = read_plan_workbook(write_plan_workbook(read), "again.xlsx")
    assert diff_documents(read, again) == []
