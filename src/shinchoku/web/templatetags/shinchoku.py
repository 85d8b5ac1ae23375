"""Template tags for Japanese fiscal years, plain numbers and links within the current site."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.urls import reverse

from shinchoku.core import fiscal_year as fy
from shinchoku.core.ratings import Tally
from shinchoku.evaluations.selectors import Changes, ProjectChange
from shinchoku.web.audience import PUBLIC

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


@register.filter
def percent(share: float | None) -> str:
    """0.4567 → 46%; empty for None (nothing rated: no share at all, never 0%)."""
    return "" if share is None else f"{share * 100:.0f}%"


@register.filter
def share(counts: Tally, code: str) -> float | None:
    """The share of ``code`` among the rated items of a tally (None when nothing is rated)."""
    return counts.share(code)


@register.filter
def change_lists(changes: Changes) -> list[tuple[list[ProjectChange], str, str]]:
    """The lists of a year's changes with their table key and caption, in reading order."""
    return [
        (changes.rose, "rose", "評価が上がった事業"),
        (changes.fell, "fell", "評価が下がった事業"),
        (changes.new, "new", "この年度から記載のある事業"),
        (changes.ended, "ended", "前年度まで記載があり、この年度は記載のない事業"),
        (changes.not_comparable, "not-comparable", "比べられない事業"),
    ]


@register.simple_tag(takes_context=True)
def site_url(context: template.Context, name: str, *args: Any) -> str:
    """The address of page ``name`` on the site being rendered (the public one by default, e.g.
    on the login page or a page of another app that extends ``web/base.html``)."""
    audience = context.get("audience") or PUBLIC
    return reverse(f"{audience.namespace}:{name}", args=args)


@register.simple_tag
def dom_id(*parts: object) -> str:
    """An element id from parts: ``dom_id "tip" "entry" 5`` → ``tip-entry-5``."""
    return "-".join(str(part) for part in parts)
