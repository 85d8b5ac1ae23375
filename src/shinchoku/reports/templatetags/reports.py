"""Template filters of the report documents."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()


@register.filter
def lookup(mapping: Mapping[str, object] | None, key: str) -> object:
    """``mapping[key]``, or an empty string when absent."""
    return "" if mapping is None else mapping.get(key, "")


@register.filter
def percent(fraction: Decimal | None) -> str:
    """0.5 → 50.0%; None → "" (the template shows a dash)."""
    if fraction is None:
        return ""
    return f"{(fraction * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"
