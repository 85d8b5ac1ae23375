"""Japanese fiscal years (年度) and eras (和暦).

A fiscal year runs April to March and is named by the Gregorian year it starts in: 2023 is
令和5年度 (R5). Storage is always the integer; these functions format it for people and parse
what people and published reports write.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Era:
    name: str
    letter: str
    first_day: date

    @property
    def first_year(self) -> int:
        return self.first_day.year


# Newest first. Only eras a plan still in use could mention.
ERAS: tuple[Era, ...] = (
    Era("令和", "R", date(2019, 5, 1)),
    Era("平成", "H", date(1989, 1, 8)),
    Era("昭和", "S", date(1926, 12, 25)),
)
_ERA_BY_NAME = {era.name: era for era in ERAS} | {era.letter: era for era in ERAS}


class FiscalYearError(ValueError):
    """Text that does not name a fiscal year; the message is Japanese and shows the text."""


def era_of_fiscal_year(fiscal_year: int) -> Era:
    """The era a fiscal year is named in.

    A fiscal year takes the era in force on its first day, 1 April, which is the convention of
    municipal documents: FY2019 began under 平成 and is 平成31年度, although 令和 began in May.
    Documents also write 令和元年度 for it; :func:`parse_fiscal_year` accepts both.
    """
    first_day = date(fiscal_year, 4, 1)
    for era in ERAS:
        if first_day >= era.first_day:
            return era
    raise FiscalYearError(f"{fiscal_year}年度は対応している元号(昭和以降)より前です。")


def era_year(fiscal_year: int) -> tuple[Era, int]:
    era = era_of_fiscal_year(fiscal_year)
    return era, fiscal_year - era.first_year + 1


def _year_number(number: int) -> str:
    return "元" if number == 1 else str(number)


def format_wareki(fiscal_year: int) -> str:
    """令和5年度 for 2023; 令和元年度 is never produced (FY2019 is 平成31年度)."""
    era, number = era_year(fiscal_year)
    return f"{era.name}{_year_number(number)}年度"


def format_date_wareki(day: date) -> str:
    """令和8年12月5日 for 2026-12-05: a calendar date in the era in force on that day (令和元年5月1日)."""
    era = next((era for era in ERAS if day >= era.first_day), None)
    if era is None:
        raise FiscalYearError(f"{day.isoformat()}は対応している元号(昭和以降)より前です。")
    return f"{era.name}{_year_number(day.year - era.first_year + 1)}年{day.month}月{day.day}日"


def format_short(fiscal_year: int) -> str:
    """R5 for 2023, H31 for 2019."""
    era, number = era_year(fiscal_year)
    return f"{era.letter}{number}"


def format_with_seireki(fiscal_year: int) -> str:
    """令和5年度(2023年度): the form shown to people."""
    return f"{format_wareki(fiscal_year)}({fiscal_year}年度)"


_WAREKI = re.compile(r"^(令和|平成|昭和|R|H|S)\s*(元|\d{1,2})\s*(?:年度?)?$", re.IGNORECASE)
_SEIREKI = re.compile(r"^(\d{4})\s*(?:年度?)?$")


def parse_fiscal_year(text: str) -> int:
    """Parse 令和5年度, 令和元年度, 平成31年度, R5, r5, 2023, 2023年度, full-width digits too.

    Raises :class:`FiscalYearError` naming the text when it is not a fiscal year.
    """
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if match := _SEIREKI.match(cleaned):
        return int(match.group(1))
    if match := _WAREKI.match(cleaned):
        era = _ERA_BY_NAME[match.group(1).upper() if len(match.group(1)) == 1 else match.group(1)]
        number = 1 if match.group(2) == "元" else int(match.group(2))
        if number < 1:
            raise FiscalYearError(f"「{text}」は年度として読めません(元号の年は1以上です)。")
        return era.first_year + number - 1
    raise FiscalYearError(f"「{text}」は年度として読めません(例: 令和5年度、R5、2023)。")
