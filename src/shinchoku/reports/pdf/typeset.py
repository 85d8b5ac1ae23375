"""Typesetting the report PDF with Typst, from the template ``reports/report.typ``.

The content goes to the template as JSON (``sys.inputs``), with every number already written out
the way the HTML report writes it, so the template only lays out strings and never reads data as
markup. One Typst compiler per process is kept and reused: it memoises the layout of whatever did
not change, so after one entry changes only its 施策 is laid out again. The output depends on its
inputs only (the document carries no date), so a regeneration by a warm compiler is byte for byte
the PDF a fresh process makes (tests compare them).

The page header reads no counter: a header that does (a ``context`` block) makes Typst lay every
page out again after any change, which took regeneration from 0.1 s to 0.5 s.

Every text goes through :func:`shinchoku.core.text.clean_typed_text` here, once, whatever the
content holds: a control character (``\x01``, ESC, DEL) or a noncharacter (U+FFFE) that reached the
content would otherwise make Typst refuse the whole PDF. A character that no installed font has (an
emoji typed into an entry, say) would make PDF/UA refuse the document too: it is drawn as 〓 (the
customary stand-in for a missing character) instead.

Typst cannot tag a row header (``pdf.header-cell`` needs a feature flag that the Python binding does
not enable), so the tagged PDF is finished by :mod:`.row_headers`.
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Mapping
from dataclasses import asdict
from decimal import Decimal
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shinchoku.core.text import clean_typed_text
from shinchoku.reports.content import CellText, IndicatorLine, NodeHeading, ProjectRow, ReportContent
from shinchoku.reports.fonts import report_font
from shinchoku.reports.pdf import row_headers
from shinchoku.reports.pdf.row_headers import mark_row_headers, row_header_columns
from shinchoku.reports.templatetags.reports import percent
from shinchoku.web.templatetags.shinchoku import plain_number

if TYPE_CHECKING:
    import typst

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "reports" / "report.typ"
# PDF/UA-1: Typst refuses to write a PDF that breaks its rules (headings in order, a title, a
# language), so an accessibility regression fails the render instead of reaching citizens.
PDF_STANDARDS: list[Any] = ["ua-1"]
STAND_IN = "〓"

_compiling = threading.Lock()


class TypesetError(RuntimeError):
    """Typst refused the document; the message carries Typst's diagnostic."""


def typeset(content: ReportContent) -> bytes:
    """The report as a tagged PDF (PDF/UA-1), its fonts embedded; raises :class:`TypesetError`."""
    import typst  # the compiled Typst library: loaded by the PDF format only

    data = json.dumps(typst_content(content), ensure_ascii=False)
    try:
        pdf = _compile(data)
    except typst.TypstError as error:
        if "could not be displayed" not in error.message:
            raise TypesetError(f"PDF を組版できませんでした: {error.message}") from error
        try:
            pdf = _compile(with_stand_ins(data))
        except typst.TypstError as error:
            raise TypesetError(f"PDF を組版できませんでした: {error.message}") from error
    return mark_row_headers(pdf, row_header_columns(content))


def _compile(data: str) -> bytes:
    inputs = {"content": data, "fonts": json.dumps(report_font().families)}
    with _compiling:  # one compiler per process, and it is not re-entrant
        pdf = _compiler().compile(format="pdf", sys_inputs=inputs, pdf_standards=PDF_STANDARDS)
    assert isinstance(pdf, bytes)
    return pdf


def with_stand_ins(text: str) -> str:
    """``text`` with every character that no report font has replaced by :data:`STAND_IN`."""
    covered = _covered_characters()
    return "".join(char if ord(char) < 0x80 or ord(char) in covered else STAND_IN for char in text)


@functools.cache
def _covered_characters() -> frozenset[int]:
    """The code points of the report fonts' regular faces (every face of a collection)."""
    from fontTools.ttLib import TTCollection, TTFont  # type: ignore[import-untyped]

    font = report_font()
    covered: set[int] = set()
    for found in (font.main, font.fallback):
        if found is None:
            continue
        if found.regular.suffix.lower() == ".ttc":
            faces = list(TTCollection(str(found.regular), lazy=True).fonts)
        else:
            faces = [TTFont(str(found.regular), lazy=True)]
        for face in faces:
            covered.update(face.getBestCmap() or {})
    return frozenset(covered)


@functools.cache
def engine_key() -> str:
    """Besides the content, what decides the PDF: Typst's version, the template, the fonts and
    what finishes the tags (pikepdf and :mod:`.row_headers`), read once per process, like the
    template Typst compiles."""
    template = TEMPLATE.read_text(encoding="utf-8")
    finishing = [version("pikepdf"), Path(row_headers.__file__).read_text(encoding="utf-8")]
    return "\n".join([version("typst"), template, repr(report_font()), *finishing])


@functools.cache
def _compiler() -> typst.Compiler:
    import typst

    fonts = typst.Fonts(
        include_system_fonts=False,
        include_embedded_fonts=False,
        font_paths=[str(folder) for folder in report_font().folders],
    )
    return typst.Compiler(str(TEMPLATE), font_paths=fonts, ignore_system_fonts=True)


def typst_content(content: ReportContent) -> dict[str, Any]:
    """``content`` as JSON values, numbers and headings written out for the template, every text
    cleaned by :func:`clean_typed_text` (the template's one source of text)."""
    cleaned = _cleaned(_content_values(content))
    assert isinstance(cleaned, dict)
    return cleaned


def _cleaned(value: Any) -> Any:
    if isinstance(value, str):
        return clean_typed_text(value)
    if isinstance(value, dict):
        return {key: _cleaned(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_cleaned(item) for item in value]
    return value


def _content_values(content: ReportContent) -> dict[str, Any]:
    data = asdict(content)
    summary = data["summary"]
    for table, tally in zip(summary["tallies"], content.summary.tallies, strict=True):
        for row, counted in zip([*table["rows"], table["total"]], [*tally.rows, tally.total], strict=True):
            row["total"] = counted.total
    if content.summary.comparison is not None:
        summary["comparison"]["counts"] = list(content.summary.comparison.count_labels())
        summary["comparison"]["changes"] = [
            {
                "project": change.project.label,
                "previous": change.previous,
                "current": change.current,
                "kind_label": change.kind_label,
            }
            for change in content.summary.comparison.changes
        ]
    summary["indicators"] = [_indicator(line) for line in content.summary.indicators]
    for policy, part in zip(data["policies"], content.policies, strict=True):
        for opinion, item in zip(policy["opinions"], part.opinions, strict=True):
            opinion["subject"] = item.subject.label
        for section, initiative in zip(policy["sections"], part.sections, strict=True):
            for row, project in zip(section["rows"], initiative.rows, strict=True):
                row["cross_listing_of"] = _label(project.cross_listing_of)
                row["breakable"] = estimated_lines(project) > LINES_KEPT_TOGETHER
    return data


# The project table's columns (report.typ) as shares of the text width, and how many full-width
# characters of 7.5 pt a line of each holds, counted low (the cell's insets, one character for
# kinsoku), so that a row's height is overestimated, never under.
TEXT_WIDTH_MM = 297 - 2 * 10
CHARACTER_MM = 7.5 * 25.4 / 72
PROJECT_COLUMNS = {
    "title": 0.10,
    "description": 0.15,
    "final_target": 0.14,
    "progress": 0.17,
    "reason": 0.14,
    "next_year_goal": 0.14,
    "owners": 0.11,
}
# A project row estimated at up to this many lines (about a third of a page) is kept on one page,
# as in the published reports; a taller one is split across pages, so that no text is cut.
LINES_KEPT_TOGETHER = 20


def estimated_lines(project: ProjectRow) -> int:
    """How many lines the tallest cell of ``project``'s row takes at most."""
    texts: dict[str, list[str]] = {
        "title": [project.title],
        "description": [project.description],
        "owners": list(project.owners),
    }
    for field in ("final_target", "progress", "reason", "next_year_goal"):
        parts: tuple[CellText, ...] = getattr(project, field)
        texts[field] = [line for part in parts for line in (part.department or "", part.text)]
    return max(_lines(lines, PROJECT_COLUMNS[field]) for field, lines in texts.items())


def _lines(texts: list[str], share: float) -> int:
    per_line = max(1, int((share * TEXT_WIDTH_MM - 2) / CHARACTER_MM) - 1)
    return sum(-(-len(line) // per_line) or 1 for text in texts for line in text.split("\n"))


def _label(heading: NodeHeading | None) -> str | None:
    return None if heading is None else heading.label


def _indicator(line: IndicatorLine) -> Mapping[str, str]:
    """One indicator's cells as the HTML report writes them."""
    return {
        "node": line.node.label,
        "label": line.label,
        "direction_label": line.direction_label,
        "baseline": _amount(line.baseline, line.unit, line.baseline_year_label, "—"),
        "target": _amount(line.target, line.unit, line.target_year_label, "—"),
        "actual": _amount(line.actual, line.unit, "", "未報告"),
        "achievement": percent(line.achievement) or "—",
    }


def _amount(value: Decimal | None, unit: str, year_label: str, missing: str) -> str:
    if value is None:
        return missing
    amount = f"{plain_number(value)}{unit}"
    return f"{amount}\n{year_label}" if year_label else amount
