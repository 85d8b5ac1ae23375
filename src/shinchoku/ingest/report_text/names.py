"""Project names (事業名): wrap-space repair, the <再掲> mark, and signs that a name is garbled.

A repaired name is returned only when the repair is certain (removing the spaces that line
wrapping left between Japanese characters). A name that looks garbled is kept as printed with a
Japanese explanation, never replaced by a guess.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from shinchoku.core.text import (
    circled_number,
    collapse_whitespace,
    count_japanese,
    is_hiragana,
    remove_spaces_between_japanese,
)
from shinchoku.ingest.report_text.headers import number_value

RELISTED_MARK = re.compile(r"[<<〈＜]\s*再\s*掲\s*[>>〉＞]|[((]\s*再\s*掲\s*[))]")
# Characters a printed project name does not contain; in extracted text they replace a kana or kanji.
_FOREIGN_SYMBOLS = re.compile(r"[#$%&*/\\@^_=+~|<>{}\[\]]")
# Case particles: a noun phrase such as a project name does not end with one, nor between に and
# the rest of について / における / による, so a name ending there lost its last line.
_PARTICLES = "のにをはがとでへや"
# A name this long that differs from a phrase of its row in this few characters was misread.
_MIN_NEAR_MATCH_LENGTH = 6
_MAX_DIFFERENCES = 2


@dataclass(frozen=True)
class NameReading:
    name: str
    relisted: bool
    problem: str | None  # a Japanese sentence when the name needs a person's check


def strip_relisted(raw: str) -> tuple[str, bool]:
    """Remove the <再掲> mark (cross-listing); tell whether it was there."""
    stripped, count = RELISTED_MARK.subn(" ", raw)
    return stripped, count > 0


_CROSS_REFERENCE = re.compile(
    r"(?P<goal>[0-9０-９Il|Ⅰ]{1,2})\s*[-‐－ー−―]\s*(?P<policy>[0-9０-９Il|Ⅰ]{1,2})\s*[-‐－ー−―]\s*"
    r"(?P<initiative>[\u2460-\u2473\u3251-\u325f])\s*の\s*再掲"
)


def cross_reference(texts: Iterable[str]) -> str | None:
    """The place a relisted project's texts point to: '3 - I -①の再掲' → '3-1-1'."""
    for text in texts:
        if match := _CROSS_REFERENCE.search(text):
            goal, policy = (number_value(match.group(name)) for name in ("goal", "policy"))
            initiative = circled_number(match.group("initiative"))
            if goal is not None and policy is not None and initiative is not None:
                return f"{goal}-{policy}-{initiative}"
    return None


def read_name(raw: str) -> NameReading:
    without_mark, relisted = strip_relisted(raw)
    printed = collapse_whitespace(without_mark)
    if not printed:
        return NameReading("", relisted, "事業名の欄が空です。事業内容などから事業名を確認してください。")
    if count_japanese(printed) == 0:
        message = (
            "事業名に日本語の文字がなく、文字化けしています。原文のまま残しました。事業名を確認してください。"
        )
        return NameReading(printed, relisted, message)
    if symbol := _FOREIGN_SYMBOLS.search(printed):
        message = (
            f"事業名に名称では使われない記号「{symbol.group()}」があり、文字化けの可能性があります。"
            "原文のまま残しました。事業名を確認してください。"
        )
        return NameReading(printed, relisted, message)
    if count_japanese(printed) < 2:
        message = (
            "事業名が1文字しかなく、読み取れていません。原文のまま残しました。事業名を確認してください。"
        )
        return NameReading(printed, relisted, message)
    name = remove_spaces_between_japanese(printed)
    return NameReading(name, relisted, truncation_problem(name))


def wrapped_line_width(name_cells: Iterable[str]) -> int | None:
    """The width of the 事業名 column in characters: the most common length of the first line
    of names that wrap onto a second line (the widest on a tie). None when no name wraps."""
    widths = Counter(
        len(pieces[0]) for cell in name_cells if len(pieces := strip_relisted(cell)[0].split()) >= 2
    )
    # Ties go to the wider line: a shorter first line may have wrapped early at a word break.
    return max(widths, key=lambda width: (widths[width], width)) if widths else None


def truncation_problem(name: str) -> str | None:
    """A message when the name ends where a Japanese noun phrase cannot end (a particle, or に
    followed by one kana as in 'につ' from について), which means its last line was lost."""
    last = name[-1]
    if not is_hiragana(last):
        return None
    if last in _PARTICLES or (len(name) >= 2 and name[-2] == "に"):
        return (
            f"事業名が「{name[-2:]}」で終わっており、途中で切れている可能性があります。"
            "事業名を確認してください。"
        )
    return None


def _differences(first: str, second: str, *, limit: int) -> list[int]:
    """Positions where two equally long strings differ, stopping once there are more than ``limit``."""
    positions: list[int] = []
    for index, (left, right) in enumerate(zip(first, second, strict=True)):
        if left != right:
            positions.append(index)
            if len(positions) > limit:
                break
    return positions


def near_match(name: str, texts: Iterable[str]) -> str | None:
    """A phrase that at least two of the row's other cells print and that differs from the name
    in one or two isolated characters ('認知症初期集中文援ナー' where the cells print
    '認知症初期集中支援チーム'): the name was misread character by character. None otherwise.

    Requiring two cells keeps a garbled text cell from casting doubt on a correct name, and
    isolated differences keep phrases that merely share a beginning ('…センター事業' beside
    '…センターで') from matching.
    """
    if len(name) < _MIN_NEAR_MATCH_LENGTH:
        return None
    compact = [re.sub(r"\s+", "", text) for text in texts if text.strip()]
    if any(name in text for text in compact):
        return None
    cells_by_phrase: dict[str, set[int]] = {}
    for index, text in enumerate(compact):
        for start in range(len(text) - len(name) + 1):
            window = text[start : start + len(name)]
            differences = _differences(name, window, limit=_MAX_DIFFERENCES)
            isolated = all(later - earlier > 1 for earlier, later in pairwise(differences))
            if 1 <= len(differences) <= _MAX_DIFFERENCES and isolated and differences[0] >= 2:
                cells_by_phrase.setdefault(window, set()).add(index)
    confirmed = [phrase for phrase, cells in cells_by_phrase.items() if len(cells) >= 2]
    return confirmed[0] if confirmed else None
