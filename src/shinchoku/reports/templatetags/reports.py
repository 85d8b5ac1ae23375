"""Template filters of the report documents."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()


@register.filter
def percent(fraction: Decimal | None) -> str:
    """0.5 → 50.0%; None → "" (the template shows a dash)."""
    if fraction is None:
        return ""
    return f"{(fraction * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"
