"""The layout of a department's workbook: the contract between :mod:`.build` and :mod:`.parse`.

Sheet 評価入力 has a title on rows 1–2, the column headers on row 3 and one entry per row from
row 4. Each row carries three hidden, locked cells: the entry id, the entry version it was
downloaded at (so a stale upload is detected) and a checksum of every visible cell as it was
downloaded (so that an edited grey cell is named, and so that the upload knows which white cells
the person changed). The checksum detects edits, it does not authorise anything: permissions and
versions are checked again by the services when the upload is stored.

Sheet 管理情報 (very hidden) says which round and department the file was made for.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl.utils import get_column_letter

from shinchoku.core.text import clean_typed_text

INSTRUCTIONS_SHEET = "説明"
ENTRIES_SHEET = "評価入力"
META_SHEET = "管理情報"
FORMAT_TAG = "shinchoku-workbook-1"

HEADER_ROW = 3
FIRST_DATA_ROW = 4

SUBMIT_WORD = "提出する"
# Longer than any cell of a printed report; a text beyond this is a paste gone wrong.
MAX_TEXT_LENGTH = 2000


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float
    editable: bool = False
    hidden: bool = False
    # A note for the screen (確認事項): left out of the printed area and the checksum, so it is
    # never compared on upload.
    note: bool = False

    @property
    def letter(self) -> str:
        return str(get_column_letter(COLUMNS.index(self) + 1))

    def place(self) -> str:
        """``J列(進捗状況)``: how a message names this column."""
        return f"{self.letter}列({self.header})"


# Widths in Excel's characters. The printed ones add up to 248, which fits A3 landscape at 84 %
# (a 10 pt font prints at 8.4 pt; see build._entries_sheet and tests/ingest/workbook/test_print.py).
COLUMNS: tuple[Column, ...] = (
    Column("code", "番号", 8),
    Column("title", "事業名", 16),
    Column("description", "事業内容", 20),
    Column("final_target", "計画最終年度までの目標", 18),
    Column("year_target", "今年度の目標", 18),
    Column("previous_progress", "前年度の進捗状況", 26),
    Column("previous_rating", "前年度の評価", 6),
    Column("previous_reason", "前年度の評価の理由・課題", 22),
    Column("status", "状態", 12),
    Column("progress", "進捗状況", 34, editable=True),
    Column("rating", "評価", 6, editable=True),
    Column("reason", "評価の理由・課題", 28, editable=True),
    Column("next_year_goal", "次年度の目標", 24, editable=True),
    Column("submit", "提出", 10, editable=True),
    Column("findings", "確認事項", 30, note=True),
    Column("entry_id", "評価ID", 8, hidden=True),
    Column("version", "版", 6, hidden=True),
    Column("checksum", "照合", 12, hidden=True),
)
BY_KEY = {column.key: column for column in COLUMNS}
VISIBLE = tuple(column for column in COLUMNS if not column.hidden)
REFERENCE = tuple(column for column in VISIBLE if not column.editable)
EDITABLE = tuple(column for column in VISIBLE if column.editable)
TEXT_KEYS = ("progress", "reason", "next_year_goal")
PRINTED = tuple(column for column in VISIBLE if not column.note)
# The columns whose downloaded values the checksum records, in this order.
CHECKED = PRINTED
_DIGEST_LENGTH = 8


def cell_text(value: object) -> str:
    """A cell's value as the text it stands for: cleaned as the services clean typed text
    (:func:`~shinchoku.core.text.clean_typed_text`: line breaks as ``\\n``, control characters,
    noncharacters and bidi overrides removed), outer spaces removed. The workbook writes, reads
    and compares texts through this one function, so that an unchanged cell never looks changed.

    Numbers and dates typed into a text cell are kept as people see them (12, 2024-06-01).
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, date):
        return value.isoformat()
    return clean_typed_text(str(value)).strip()


def _digest(entry_id: int, key: str, text: str) -> str:
    payload = f"{entry_id}\x1f{key}\x1f{text}".encode()
    return hashlib.sha256(payload).hexdigest()[:_DIGEST_LENGTH]


def checksum(entry_id: int, texts: dict[str, str]) -> str:
    """The checksum cell of a row whose :data:`CHECKED` cells hold ``texts`` (by key)."""
    return "".join(_digest(entry_id, column.key, texts[column.key]) for column in CHECKED)


def changed_keys(entry_id: int, texts: dict[str, str], recorded: str) -> set[str] | None:
    """The keys of :data:`CHECKED` whose text differs from the ``recorded`` checksum; None when
    the recorded checksum is not one this module wrote."""
    if len(recorded) != _DIGEST_LENGTH * len(CHECKED):
        return None
    parts = [recorded[i : i + _DIGEST_LENGTH] for i in range(0, len(recorded), _DIGEST_LENGTH)]
    return {
        column.key
        for column, part in zip(CHECKED, parts, strict=True)
        if _digest(entry_id, column.key, texts[column.key]) != part
    }
