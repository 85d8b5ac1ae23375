"""Reading single table cells: the 事業評価 letter and text split by 【課名】 markers."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from shinchoku.core.text import collapse_whitespace, fold_lookalikes
from shinchoku.ingest.report_text.departments import DepartmentDirectory
from shinchoku.ingest.report_text.document import TextBlock

_MARKER = re.compile(r"【(?P<name>[^【】]{1,20})】")


@dataclass(frozen=True)
class RatingReading:
    code: str | None
    problem: str | None  # a Japanese sentence when the cell holds something that is not a code


def read_rating(raw: str, codes: Sequence[str]) -> RatingReading:
    """A rating letter with look-alikes folded (Greek Α, Cyrillic В, full-width Ｃ are plain).

    Blank is None without a problem. Anything else that is not one of ``codes`` (R, D, Ь …, a
    misread letter) is None with a problem, because guessing which letter was meant would
    invent a rating.
    """
    text = raw.strip()
    if not text:
        return RatingReading(None, None)
    folded = fold_lookalikes(unicodedata.normalize("NFKC", text)).strip()
    if folded in codes:
        return RatingReading(folded, None)
    scale = "・".join(codes)
    return RatingReading(
        None, f"評価欄の「{text}」は評価の記号({scale})として読めません。正しい評価を確認してください。"
    )


@dataclass(frozen=True)
class BlockReading:
    blocks: list[TextBlock]
    repaired: list[tuple[str, str]]  # (marker as printed, department it was read as)


def split_blocks(raw: str, directory: DepartmentDirectory) -> BlockReading:
    """Split a text cell into one block per department marker 【課名】.

    Text before the first marker has department None. A marker that names no department
    ('【参考】') stays in the text. Markers printed one after another with nothing between them
    ('【子育て支援課】【高齢介護課】 text') share the text that follows.
    """
    text = collapse_whitespace(raw)
    if not text:
        return BlockReading([], [])
    blocks: list[TextBlock] = []
    repaired: list[tuple[str, str]] = []
    waiting: list[str] = []  # departments whose text has not started yet
    current: str | None = None
    start = 0
    pieces: list[tuple[str | None, str]] = []
    for match in _MARKER.finditer(text):
        department, was_repaired = directory.marker_department(match.group("name"))
        if department is None:
            continue
        if was_repaired:
            repaired.append((match.group("name"), department))
        pieces.append((current, text[start : match.start()].strip()))
        current, start = department, match.end()
    pieces.append((current, text[start:].strip()))
    for department, piece in pieces:
        if department is not None and not piece:
            waiting.append(department)
            continue
        for shared in waiting:
            blocks.append(TextBlock(shared, piece))
        waiting = []
        if piece or department is not None:
            blocks.append(TextBlock(department, piece))
    blocks += [TextBlock(department, "") for department in waiting]
    return BlockReading(blocks, repaired)
