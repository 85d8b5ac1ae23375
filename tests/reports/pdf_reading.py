"""Reading the report PDFs in tests: text by page (poppler), word boxes, the tagged tables, and
the outside PDF/UA judge (PyPI ``pdfua``)."""

from __future__ import annotations

import dataclasses
import html
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from shinchoku.reports.content import CellText, ProjectRow, ReportContent


def pdf_pages(pdf: bytes, tmp_path: Path) -> list[str]:
    """Each page's text, whitespace collapsed, in drawing order."""
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    # -raw keeps the drawing order, in which each cell's lines follow one another.
    text = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [" ".join(page.split()) for page in text.split("\f")[:-1]]


@dataclasses.dataclass(frozen=True)
class Word:
    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float


@dataclasses.dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: tuple[Word, ...]


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', re.S
)


def pdf_word_boxes(pdf: bytes, tmp_path: Path) -> list[Page]:
    """Every page's words with their boxes (points, y growing downwards), by ``pdftotext -bbox``."""
    path = tmp_path / "boxes.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for width, height, body in _PAGE.findall(out):
        words = tuple(
            Word(html.unescape(text), float(x0), float(y0), float(x1), float(y1))
            for x0, y0, x1, y1, text in _WORD.findall(body)
        )
        pages.append(Page(float(width), float(height), words))
    return pages


def pdf_info(pdf: bytes, tmp_path: Path, tool: str) -> str:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    return subprocess.run([tool, str(path)], capture_output=True, text=True, check=True).stdout


def embedded_fonts(pdf: bytes, tmp_path: Path) -> set[tuple[str, ...]]:
    """pdffonts' name, type, encoding and "embedded" columns, once per font."""
    rows = set()
    for line in pdf_info(pdf, tmp_path, "pdffonts").splitlines()[2:]:
        columns = line.split()
        rows.add((columns[0], " ".join(columns[1:-6]), columns[-6], columns[-5]))
    return rows


def squeeze(text: str) -> str:
    return "".join(text.split())


def with_row(content: ReportContent, policy: int, **changes: Any) -> ReportContent:
    """``content`` with the first project of ``policy`` changed by ``changes``."""
    part = content.policies[policy]
    section = part.sections[0]
    row: ProjectRow = dataclasses.replace(section.rows[0], **changes)
    section = dataclasses.replace(section, rows=(row, *section.rows[1:]))
    part = dataclasses.replace(part, sections=(section, *part.sections[1:]))
    policies = (*content.policies[:policy], part, *content.policies[policy + 1 :])
    return dataclasses.replace(content, policies=policies)


def with_reason(content: ReportContent, policy: int, text: str) -> ReportContent:
    """``content`` with the first project of ``policy`` given ``text`` as its reason."""
    return with_row(content, policy, reason=(CellText(None, text),))


# The tagged structure.


def children(element: pikepdf.Object) -> Iterator[pikepdf.Dictionary]:
    kids = element.get("/K")
    listed = kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
    for kid in listed:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid


def structure_kinds(element: pikepdf.Object) -> list[str]:
    """The structure types of ``element``'s descendants, depth first."""
    kinds = []
    for child in children(element):
        kinds.append(str(child.S))
        kinds.extend(structure_kinds(child))
    return kinds


def tables_of(element: pikepdf.Object) -> list[pikepdf.Dictionary]:
    found = []
    for child in children(element):
        found.extend([child] if child.S == "/Table" else tables_of(child))
    return found


def table_rows(table: pikepdf.Dictionary) -> list[tuple[str, pikepdf.Dictionary]]:
    """The table's rows with the group they are in (/THead, /TBody, /TFoot)."""
    rows = []
    for child in children(table):
        if child.S == "/TR":
            rows.append(("/TBody", child))
        else:
            rows.extend((str(child.S), row) for row in children(child) if row.S == "/TR")
    return rows


def table_attributes(cell: pikepdf.Dictionary) -> pikepdf.Dictionary:
    attributes = cell.get("/A")
    listed = attributes if isinstance(attributes, pikepdf.Array) else [attributes]
    return next(item for item in listed if item is not None and item.get("/O") == "/Table")


def column_span(cell: pikepdf.Dictionary) -> int:
    return int(table_attributes(cell).get("/ColSpan", 1))


def marks_content(element: pikepdf.Object) -> bool:
    """Whether the element (or one beneath it) holds any marked content of the page."""
    kids = element.get("/K")
    listed = kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
    for kid in listed:
        if isinstance(kid, int) or (isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR"):
            return True
        if isinstance(kid, pikepdf.Dictionary) and marks_content(kid):
            return True
    return False


# The outside judge.


def pdfua_findings(pdf: bytes, tmp_path: Path) -> tuple[list[str], list[str]]:
    """The ``pdfua`` judge's errors and warnings (rule id and message), and its skipped rules.

    UA-14-001 (empty headings) is always skipped by pdfua 0.1.3 under pikepdf 10: its check calls
    ``getattr`` on an array, which pikepdf 10 answers with ValueError; every other skip fails.
    """
    try:
        import pdfua
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("the PDF/UA judge pdfua is required under CI=true (pip: pdfua, in the dev extra)")
        pytest.skip("pdfua is not installed (scripts/bootstrap installs it)")
    path = tmp_path / "judged.pdf"
    path.write_bytes(pdf)
    report = pdfua.validate(str(path))
    findings = [
        f"{finding.rule_id} {finding.severity.name}: {finding.message}"
        for finding in report.findings
        if finding.severity >= pdfua.Severity.WARNING
    ]
    skipped = [
        f"{outcome.rule_id}: {outcome.skipped_reason}"
        for outcome in report.skipped
        if not (outcome.rule_id == "UA-14-001" and "is_integer" in (outcome.skipped_reason or ""))
    ]
    return findings, skipped
