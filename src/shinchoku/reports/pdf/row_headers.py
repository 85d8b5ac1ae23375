"""Row headers in the tagged PDF: the cells that name their row become TH with Scope Row.

Typst 0.14 tags the cells of ``table.header`` as column headers (TH, Scope Column) and every other
cell as data (TD); marking a row header (``pdf.header-cell(scope: "row")``) needs Typst's
``a11y-extras`` feature, which the Python binding does not enable. So the finished PDF is edited
here: in every table, the first cells of each body and footer row (the 基本目標 or department of a
tally, the 施策 header's labels, the 事業名, the indicator …) become TH with ``/Scope /Row`` and an
``/ID`` (entered in the structure tree's ID tree), and the row's other cells list that ID among
their ``/Headers``, beside the column headers Typst listed. A screen reader then announces a data
cell with both its column and its row.

:func:`row_header_columns` says how many leading columns name the row, table by table, in the
order in which ``report.typ`` lays the tables out; a PDF whose tables do not match it is refused
(:class:`RowHeaderError`), so the template and this list cannot drift apart unnoticed.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import pikepdf

if TYPE_CHECKING:
    from shinchoku.reports.content import ReportContent

ROW_GROUPS = ("/TBody", "/TFoot")
TH = pikepdf.Name("/TH")
ROW = pikepdf.Name("/Row")
TABLE = pikepdf.Name("/Table")


class RowHeaderError(RuntimeError):
    """The PDF's tables are not the ones :func:`row_header_columns` expects."""


def row_header_columns(content: ReportContent) -> list[int]:
    """For each table of the report, in document order, how many leading columns name the row."""
    summary = content.summary
    columns = [1] * len(summary.tallies)  # 基本目標 / 施策 / 事業主体
    if summary.comparison is not None and summary.comparison.changes:
        columns.append(1)  # 事業
    if summary.indicators:
        columns.append(2)  # 項目 and 指標: a node can have several indicators
    for policy in content.policies:
        columns.append(1)  # the 施策 header: 基本目標, 施策, 説明, 評価
        columns.extend(1 for _ in policy.sections)  # 事業名
        if policy.opinions:
            columns.append(1)  # 対象
    if content.corrections:
        columns.append(2)  # the 正誤表: 訂正日 and 箇所
    return columns


def mark_row_headers(pdf: bytes, columns: Sequence[int]) -> bytes:
    """``pdf`` with the first ``columns[i]`` cells of each body and footer row of its ``i``-th
    table tagged as row headers; deterministic (the same input gives the same bytes)."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        root = document.Root.StructTreeRoot
        tables = list(_elements(root, "/Table"))
        if len(tables) != len(columns):
            raise RowHeaderError(f"the PDF has {len(tables)} tables where the report has {len(columns)}")
        ids: dict[str, pikepdf.Object] = (
            dict(pikepdf.NameTree(root.IDTree).items()) if "/IDTree" in root else {}
        )
        for number, (table, count) in enumerate(zip(tables, columns, strict=True)):
            for row_number, row in enumerate(_body_rows(table)):
                _mark_row(row, count, f"R{number}y{row_number}", ids)
        # One flat, sorted name tree: inserting into pikepdf's NameTree one by one takes longer
        # than the rest of this function.
        names: list[pikepdf.Object] = []
        for name in sorted(ids):  # the IDs are ASCII: code point order is byte order
            names += [pikepdf.String(name), ids[name]]
        root.IDTree = document.make_indirect(pikepdf.Dictionary(Names=pikepdf.Array(names)))
        output = io.BytesIO()
        # As Typst wrote it (streams as they are, no object streams): rewriting takes a tenth of
        # the typesetting's time this way, three times as long with object streams.
        document.save(
            output,
            deterministic_id=True,
            fix_metadata_version=False,
            stream_decode_level=pikepdf.StreamDecodeLevel.none,
            object_stream_mode=pikepdf.ObjectStreamMode.disable,
        )
    return output.getvalue()


def _mark_row(row: pikepdf.Dictionary, count: int, prefix: str, ids: dict[str, pikepdf.Object]) -> None:
    cells = list(_children(row))
    heads = []
    for index, cell in enumerate(cells[:count]):
        identifier = pikepdf.String(f"{prefix}x{index}")
        cell.S = TH
        cell.ID = identifier
        _table_attributes(cell).Scope = ROW
        ids[str(identifier)] = cell
        heads.append(identifier)
    for cell in cells[count:]:
        attributes = _table_attributes(cell)
        listed = attributes.get("/Headers")
        columns = list(listed) if isinstance(listed, pikepdf.Array) else []
        attributes.Headers = pikepdf.Array([*columns, *heads])


def _table_attributes(cell: pikepdf.Dictionary) -> pikepdf.Dictionary:
    """The cell's attribute dictionary of owner Table (made when Typst wrote none)."""
    attributes = cell.get("/A")
    listed = (
        list(attributes)
        if isinstance(attributes, pikepdf.Array)
        else [attributes]
        if attributes is not None
        else []
    )
    for item in listed:
        if isinstance(item, pikepdf.Dictionary) and item.get("/O") == TABLE:
            return item
    made = pikepdf.Dictionary(O=TABLE)
    cell.A = pikepdf.Array([made, *listed])
    return made


def _body_rows(table: pikepdf.Dictionary) -> Iterator[pikepdf.Dictionary]:
    for child in _children(table):
        if child.S == "/TR":
            yield child
        elif child.S in ROW_GROUPS:
            yield from (row for row in _children(child) if row.S == "/TR")


def _elements(node: pikepdf.Object, kind: str) -> Iterator[pikepdf.Dictionary]:
    """The structure elements of type ``kind`` under ``node``, in document order (not nested)."""
    for child in _children(node):
        if kind == child.S:
            yield child
        else:
            yield from _elements(child, kind)


def _children(node: pikepdf.Object) -> Iterator[pikepdf.Dictionary]:
    kids = node.get("/K")
    listed = kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
    for kid in listed:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
