"""The mark of a corrected item (正誤) on the pages: 「訂正(令和8年12月5日)」."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from shinchoku.editions.corrections import RoundCorrections, correction_mark

register = template.Library()


@register.simple_tag
def project_correction(corrections: RoundCorrections | None, project_id: int) -> SafeString | str:
    """The mark of a project whose name, description or entries were corrected after
    publication; nothing when it was not (or ``corrections`` is None)."""
    day = corrections.of_project(project_id) if corrections else None
    if day is None:
        return ""
    return format_html(' <span class="tag tag--correction">{}</span>', correction_mark(day))


@register.simple_tag
def project_correction_in(
    corrections: dict[int, RoundCorrections] | None, round_id: int, project_id: int
) -> SafeString | str:
    """:func:`project_correction` in the round ``round_id`` of ``corrections`` (by round id)."""
    return project_correction((corrections or {}).get(round_id), project_id)
