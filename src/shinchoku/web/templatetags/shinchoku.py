"""Template tags for Japanese fiscal years, plain numbers, ratings and links within the current
site. The rows of long tables, outlines and charts are drawn by the tags of :mod:`.rows`."""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from shinchoku.core import fiscal_year as fy
from shinchoku.evaluations.selectors import Changes, DepartmentRating, ProjectChange
from shinchoku.plans.models import RatingCode
from shinchoku.web import page_cache
from shinchoku.web.addresses import addresser
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
    return site_addresser(context, name, len(args))(*args)


def site_addresser(context: template.Context, name: str, arity: int) -> Callable[..., str]:
    """The :func:`~shinchoku.web.addresses.addresser` of page ``name`` on the site being rendered,
    made once per template render: a page writes hundreds of links."""
    name = f"{(context.get('audience') or PUBLIC).namespace}:{name}"
    key = f"site_url {name}/{arity}"
    fill: Callable[..., str] | None = context.render_context.get(key)
    if fill is None:
        fill = context.render_context[key] = addresser(name, arity)
    return fill


@register.simple_tag(takes_context=True)
def visitor_part(context: template.Context, part: str) -> str:
    """A part of the page that differs per visitor (the header's account menu, the staff home's
    unread お知らせ; see ``page_cache.VISITOR_PARTS``); a placeholder while the page is rendered
    for the page cache, which puts each visitor's own part in its place."""
    if page_cache.defers_visitor_parts(context.get("request")):
        return mark_safe(page_cache.visitor_slot(part))
    assert context.template is not None
    return context.template.engine.get_template(page_cache.VISITOR_PARTS[part]).render(context)


_UNRATED = mark_safe('<span class="rating rating--none">未評価</span>')


def _rating_css(rating: RatingCode) -> str:
    return "rating" if rating.is_rating else "rating rating--other"


@register.simple_tag
def rating_code(rating: RatingCode | None) -> SafeString:
    """A rating code alone, as a badge; 「未評価」 when there is none (never shown as zero).

    For long tables that state the codes' definitions once, in a key before them: each cell is
    read with its column header, and the key says what the code means.
    """
    return _UNRATED if rating is None else _code_badge(rating.code, _rating_css(rating))


@functools.lru_cache(maxsize=64)
def _code_badge(code: str, css: str) -> SafeString:
    return format_html('<span class="{}">{}</span>', css, code)


@register.simple_tag
def rating_badge(rating: RatingCode | None, tip: str = "") -> SafeString:
    """A rating code with its definition; 「未評価」 when there is none (never shown as zero).

    With ``tip``, a unique element id, the code is focusable and its definition appears on hover and
    on keyboard focus (aria-describedby); without, the definition is in a title and in hidden text
    for screen readers. Built here rather than in an included template because long tables draw it
    on every row.
    """
    if rating is None or not rating.definition:
        return rating_code(rating)
    css = _rating_css(rating)
    if tip:
        return format_html(
            '<span class="rating-tip"><span class="{}" tabindex="0" aria-describedby="{}">{}</span>'
            '<span class="rating-tip__text" role="tooltip" id="{}">{}</span></span>',
            css,
            tip,
            rating.code,
            tip,
            rating.definition,
        )
    return format_html(
        '<span class="{}" title="{}">{}</span><span class="visually-hidden">({})</span>',
        css,
        rating.definition,
        rating.code,
        rating.definition,
    )


@register.simple_tag
def department_ratings(ratings: list[DepartmentRating]) -> SafeString:
    """Per-department ratings, e.g. 共生福祉課 B / 市長公室 B / 社協 A (nothing when there are none)."""
    if not ratings:
        return mark_safe("")
    items = format_html_join(
        "",
        "<li>{} {}</li>",
        (
            (
                item.department.name,
                format_html('<abbr title="{}">{}</abbr>', item.rating.definition, item.rating.code)
                if item.rating
                else "未評価",
            )
            for item in ratings
        ),
    )
    return format_html('<ul class="department-ratings" aria-label="担当課別の評価">{}</ul>', items)


@register.simple_tag
def dom_id(*parts: object) -> str:
    """An element id from parts: ``dom_id "tip" "entry" 5`` → ``tip-entry-5``."""
    return "-".join(str(part) for part in parts)
