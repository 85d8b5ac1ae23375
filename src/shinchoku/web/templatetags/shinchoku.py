"""Template filters for Japanese fiscal years and plain numbers."""

from __future__ import annotations

from decimal import Decimal

from django import template

from shinchoku.core import fiscal_year as fy

register = template.Library()


@register.filter
def wareki(fiscal_year: int | None) -> str:
    """2023 → 令和5年度."""
    return "" if fiscal_year is None else fy.format_wareki(int(fiscal_year))


@register.filter
def wareki_seireki(fiscal_year: int | None) -> str:
    """2023 → 令和5年度(2023年度): the form shown to people."""
    return "" if fiscal_year is None else fy.format_with_seireki(int(fiscal_year))


@register.filter
def plain_number(value: Decimal | int | None) -> str:
    """1234.500 → 1,234.5: thousands separated, without trailing zeros or an exponent."""
    if value is None:
        return ""
    number = Decimal(value).normalize()
    return f"{number:,f}"
