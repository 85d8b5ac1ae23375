"""Numeric indicators written in a project's target text (計画最終年度までの目標).

An indicator is read only where the text names a quantity and gives a number with a unit right
after it ('開催箇所数 68箇所', 'キタガク講座の開催数(年間)250回'), optionally followed by a
baseline note ('※R3 62箇所'). Nothing is invented: a number without a unit, or a quantity the
label cannot be told apart from, is left for a person with a review message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from shinchoku.core.fiscal_year import FiscalYearError, parse_fiscal_year
from shinchoku.core.indicators import Direction
from shinchoku.core.text import collapse_whitespace, fold_fullwidth_ascii, remove_spaces_between_japanese
from shinchoku.ingest.report_text.document import ParsedIndicator

UNITS = (
    "箇所",
    "か所",
    "ヶ所",
    "ケ所",
    "カ所",
    "人",
    "回",
    "件",
    "校",
    "%",
    "団体",
    "世帯",
    "名",
    "施設",
    "部",
)
# Words a label ends with when it names a quantity: 数 (count), 率 (rate), 割合 (share), 実施校 …
_QUANTITY = r"(?:数|率|割合|校)"
_UNIT = "|".join(UNITS)
# Digits, with the letters PDF extraction returns for 1 and single spaces that split a number.
_VALUE = r"(?P<value>[0-9Il|Ⅰ](?:[0-9,Il|Ⅰ]|\s(?=[0-9Il|Ⅰ]))*(?:\.[0-9]+)?)"
_INDICATOR = re.compile(
    rf"(?P<label>[^\s○〇・、。,:;※]{{1,40}}?{_QUANTITY}(?:\([^()]{{1,8}}\))?)\s*:?\s*{_VALUE}\s*(?P<unit>{_UNIT})"
)
_BASELINE = re.compile(
    rf"^[^※○〇]*?※[^※○〇]*?(?P<era>令和|平成|R|H)\s*(?P<year>元|[0-9Il|]{{1,2}})\s*(?:年度|年)?\s*(?:時点)?\s*:?\s*"
    rf"{_VALUE}\s*(?P<unit>{_UNIT})?"
)
_TARGET_YEAR = re.compile(r"(?P<era>令和|R)\s*(?P<year>元|[0-9]{1,2})\s*年度?\s*(?:まで|に)")
_LOOSE_NUMBER = re.compile(rf"[0-9]+(?:\.[0-9]+)?\s*(?:{_UNIT})?")
_DOWN = ("減", "以下", "抑制")
_KEEP = ("維持", "継続")


@dataclass(frozen=True)
class IndicatorReading:
    indicators: list[ParsedIndicator]
    problems: list[str]  # Japanese sentences, one per doubtful number


def _fold(text: str) -> str:
    # Same length as the text, so positions found here index the printed text as well.
    return fold_fullwidth_ascii(text).replace("(", "(").replace(")", ")")


def _number(raw: str) -> tuple[Decimal | None, bool]:
    """The value of a matched number and whether it needed repair (I for 1, a space inside)."""
    repaired = bool(re.search(r"[Il|Ⅰ]|\s", raw))
    digits = re.sub(r"[Il|Ⅰ]", "1", re.sub(r"[\s,]", "", raw))
    try:
        return Decimal(digits), repaired
    except InvalidOperation:
        return None, repaired


def _year(era: str, number: str) -> int | None:
    try:
        return parse_fiscal_year(f"{era}{number.replace('I', '1').replace('l', '1').replace('|', '1')}")
    except FiscalYearError:
        return None


def _direction(after: str, target: Decimal, baseline: Decimal | None) -> Direction:
    if any(word in after for word in _DOWN):
        return Direction.DOWN
    if any(word in after for word in _KEEP) or (baseline is not None and baseline == target):
        return Direction.KEEP
    return Direction.UP


def read_indicators(text: str) -> IndicatorReading:
    """Every indicator in ``text``, in order, and a problem for each doubtful number."""
    printed = collapse_whitespace(text)
    folded = _fold(printed)
    indicators: list[ParsedIndicator] = []
    problems: list[str] = []
    matches = list(_INDICATOR.finditer(folded))
    covered: list[tuple[int, int]] = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(folded)
        rest = folded[match.end() : end]
        source = printed[match.start() : end].strip()
        target, target_repaired = _number(match.group("value"))
        if target is None:
            continue
        label = remove_spaces_between_japanese(printed[match.start("label") : match.end("label")])
        unit = match.group("unit")
        baseline = baseline_year = None
        doubts = ["数値の I を 1 と読み替えました"] if target_repaired else []
        covered.append((match.start(), match.end()))
        if base := _BASELINE.match(rest):
            covered.append((match.end(), match.end() + base.end()))
            baseline, base_repaired = _number(base.group("value"))
            baseline_year = _year(base.group("era"), base.group("year"))
            if base_repaired:
                doubts.append("基準値の I を 1 と読み替えました")
            if base.group("unit") and base.group("unit") != unit:
                doubts.append(f"基準値の単位「{base.group('unit')}」が目標の単位と異なります")
            if baseline_year is None:
                doubts.append("基準値の年度が読めません")
        year_match = _TARGET_YEAR.search(folded[: match.start()] + rest)
        target_year = _year(year_match.group("era"), year_match.group("year")) if year_match else None
        indicators.append(
            ParsedIndicator(
                label=label,
                unit=unit,
                target_value=target,
                target_year=target_year,
                baseline_value=baseline,
                baseline_year=baseline_year,
                direction=_direction(rest, target, baseline).value,
                source=source,
            )
        )
        if doubts:
            problems.append(f"指標「{label}」: {'。'.join(doubts)}。数値を確認してください。")
    problems += _unread_numbers(folded, printed, covered)
    return IndicatorReading(indicators, problems)


def _unread_numbers(folded: str, printed: str, covered: list[tuple[int, int]]) -> list[str]:
    """Numbers left in a text that names a quantity but that were not read as an indicator."""
    if not re.search(r"数|率|割合", folded):
        return []
    problems = []
    for number in _LOOSE_NUMBER.finditer(folded):
        if any(start <= number.start() < end for start, end in covered):
            continue
        has_unit = number.group().rstrip().endswith(UNITS)
        if not has_unit and "." not in number.group():
            # A bare integer without a unit ('人口10万対', 'R3') is part of a phrase, not a value.
            continue
        problems.append(
            f"目標に数値「{printed[number.start() : number.end()].strip()}」がありますが、"
            "指標として読み取れませんでした。指標であれば登録してください。"
        )
    return problems
