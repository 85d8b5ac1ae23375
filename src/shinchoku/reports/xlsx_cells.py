"""Writing typed text into openpyxl cells so that it stays text, and whole.

openpyxl stores any string that begins with ``=`` as a formula; a text typed into an entry must
never become one (``=HYPERLINK(…)`` would turn into a live link in the report and in the
department's workbook). Every cell whose value a person typed is written through
:func:`write_text`, which keeps the string type, drops the characters XML cannot carry (a
vertical tab or U+FFFF stored before the services cleaned typed text would otherwise make the
whole file fail) and cuts a text longer than Excel's cell limit with a visible mark and a cell
comment instead of openpyxl's silent cut.
"""

from __future__ import annotations

from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.worksheet import Worksheet

from shinchoku.core.print_scale import print_scale, printed_font_size
from shinchoku.core.text import clean_typed_text

PAPER_A4 = "9"
PAPER_A3 = "8"

# Excel's limit of characters in one cell, counted in UTF-16 code units (𠮷 counts two).
EXCEL_CELL_LIMIT = 32_767
CUT_MARK = (
    "…(Excel の1セルの上限 32,767 文字を超えるため、以下を省略しました。"
    "全文はシステムの画面、CSV・HTML 版にあります)"
)
CUT_COMMENT = "この欄は Excel の1セルの上限(32,767 文字)を超えるため、末尾を省略しています。"
_COMMENT_AUTHOR = "shinchoku"


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def fit_cell_text(text: str) -> tuple[str, bool]:
    """``text`` cleaned for a cell and, when longer than :data:`EXCEL_CELL_LIMIT`, cut so that it
    ends with :data:`CUT_MARK` within the limit; the flag says whether it was cut."""
    text = clean_typed_text(text)
    if _utf16_length(text) <= EXCEL_CELL_LIMIT:
        return text, False
    room = EXCEL_CELL_LIMIT - _utf16_length(CUT_MARK)
    kept: list[str] = []
    used = 0
    for char in text:
        size = 2 if ord(char) > 0xFFFF else 1
        if used + size > room:
            break
        kept.append(char)
        used += size
    return "".join(kept) + CUT_MARK, True


def write_text(sheet: Worksheet, row: int, column: int, text: str | None) -> Cell:
    """Put ``text`` into the cell at (``row``, ``column``) as a string (never a formula); an empty
    text leaves the cell empty. A text over Excel's limit is cut with :data:`CUT_MARK` and the
    cell gets a comment saying so (:func:`was_cut` tells). Returns the cell for styling."""
    value, cut = fit_cell_text(text) if text else ("", False)
    cell: Cell = sheet.cell(row=row, column=column, value=value or None)
    if value:
        cell.data_type = "s"
    if cut:
        cell.comment = Comment(CUT_COMMENT, _COMMENT_AUTHOR)
    return cell


def was_cut(cell: Cell) -> bool:
    """Whether :func:`write_text` cut the text of ``cell``."""
    return isinstance(cell.value, str) and cell.value.endswith(CUT_MARK)


def header_footer_text(text: str, limit: int = 200) -> str:
    """``text`` for a page header or footer: ``&`` starts a code there (``&P`` is the page
    number), so it becomes the full-width ＆; Excel refuses a header longer than 255 characters,
    so a longer one is cut with an ellipsis (``limit`` leaves room for the codes)."""
    text = " ".join(clean_typed_text(text).split()).replace("&", "＆")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def sheet_title(text: str) -> str:
    """``text`` as a worksheet name: Excel refuses ``[ ] : * ? / \\`` and more than 31
    characters, so those characters become full-width look-alikes and a long name is cut."""
    safe = clean_typed_text(text).translate(str.maketrans("[]:*?/\\\n\t", "［］：＊？／＼  "))
    safe = safe.strip().strip("'") or "シート"
    return safe[:31]


def sheet_printed_font_size(sheet: Worksheet, font_size: float) -> float:
    """The size in points that text of ``font_size`` in ``sheet`` comes out at on paper, from the
    sheet's column widths, paper, orientation, left and right margins and fit-to-width or scale
    (see :mod:`shinchoku.core.print_scale`). Columns without a set width count as Excel's
    default 8.43; hidden columns and columns outside the print area are not printed."""
    setup = sheet.page_setup
    widths = []
    first, last = 1, sheet.max_column
    if sheet.print_area:
        area = str(sheet.print_area).split(",")[0].rsplit("!", 1)[-1].replace("$", "")
        first, _, last, _ = range_boundaries(area)
    for position in range(first or 1, (last or sheet.max_column) + 1):
        dimension = sheet.column_dimensions.get(get_column_letter(position))
        if dimension is not None and dimension.hidden:
            continue
        widths.append(dimension.width if dimension is not None and dimension.customWidth else 8.43)
    fit = bool(sheet.sheet_properties.pageSetUpPr and sheet.sheet_properties.pageSetUpPr.fitToPage)
    scale = print_scale(
        widths,
        paper=str(setup.paperSize or PAPER_A4),
        landscape=setup.orientation == "landscape",
        left_inches=sheet.page_margins.left,
        right_inches=sheet.page_margins.right,
        fit_to_width=int(setup.fitToWidth or 1) if fit else None,
        scale_percent=int(setup.scale) if setup.scale else None,
    )
    return printed_font_size(font_size, scale)
