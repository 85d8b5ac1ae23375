"""Building plan workbooks for the tests: the example document, edited, written to bytes, and
openpyxl edits of a written file (so that the reader meets what a person's Excel would hold)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from openpyxl import Workbook, load_workbook

from shinchoku.accounts.models import User
from shinchoku.plans.models import Municipality
from shinchoku.plans.workbook.example import example_document
from shinchoku.plans.workbook.export import write_plan_workbook
from shinchoku.plans.workbook.layout import EXAMPLE_CODE, EXAMPLE_MUNICIPALITY


def example_bytes() -> bytes:
    return write_plan_workbook(example_document())


def edited(data: bytes, edit: Callable[[Workbook], Any]) -> bytes:
    """``data`` with ``edit`` applied to its openpyxl workbook."""
    book = load_workbook(io.BytesIO(data))
    edit(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def set_cell(sheet: str, cell: str, value: Any) -> Callable[[Workbook], None]:
    def edit(book: Workbook) -> None:
        book[sheet][cell].value = value

    return edit


def row_of(book: Workbook, sheet: str, column: int, value: str) -> int:
    """The row of ``sheet`` whose ``column`` (1-based) holds ``value``."""
    for row in book[sheet].iter_rows(min_row=2):
        if row[column - 1].value == value:
            return int(row[0].row)
    raise AssertionError(f"{value} not in {sheet}")


def make_city(name: str = EXAMPLE_MUNICIPALITY, code: str = EXAMPLE_CODE) -> Municipality:
    return Municipality.objects.create(name=name, code=code)


def secretariat_of(municipality: Municipality, username: str = "jimu") -> User:
    return User.objects.create_user(
        username=username, password="x-long-password-1", municipality=municipality, role=User.Role.SECRETARIAT
    )
