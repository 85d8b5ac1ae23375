"""The one registry of report outputs, shared by the web UI, the API and the CLI.

Each output format registers a :class:`ReportFormat` whose ``render`` turns a
:class:`ReportRequest` into bytes. Callers never branch on the format: they look it up here.
Formats register themselves when their module is imported; :func:`load_formats` imports them all.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from shinchoku.evaluations.models import Round

Audience = Literal["public", "staff"]


@dataclass(frozen=True)
class ReportRequest:
    """What to render: one round (plan × fiscal year), for whom, with format options.

    ``audience`` "public" must never include unpublished data, internal comments or personal
    data; callers check that the round is visible to the person asking before rendering.
    ``options`` are format-specific strings (e.g. ``{"bom": "false"}`` for CSV).
    ``progress`` is called with (done, total) as work advances, for a terminal progress bar.
    """

    round: Round
    audience: Audience = "public"
    options: Mapping[str, str] = field(default_factory=dict)
    progress: Callable[[int, int], None] | None = None


@dataclass(frozen=True)
class ReportFormat:
    """One output: ``key`` is the CLI/API/URL name (pdf, xlsx, html, csv, json)."""

    key: str
    label: str  # Japanese, for download buttons: 「PDF(印刷用)」
    description: str  # Japanese, one sentence
    media_type: str
    extension: str
    render: Callable[[ReportRequest], bytes]
    # Names the part of the round a request asks for when a format has several (the CSV's tables).
    name_suffix: Callable[[ReportRequest], str] | None = None

    def file_name(self, request: ReportRequest) -> str:
        """A stable download name, e.g. ``112330_plan3_2023.pdf`` or ``112330_plan3_2023_indicators.csv``."""
        round_ = request.round
        stem = f"{round_.plan.municipality.code}_plan{round_.plan_id}_{round_.fiscal_year}"
        suffix = self.name_suffix(request) if self.name_suffix else ""
        return f"{stem}_{suffix}.{self.extension}" if suffix else f"{stem}.{self.extension}"


_FORMATS: dict[str, ReportFormat] = {}

# Options a reader may pass through the download address (``?bom=false&table=indicators``).
# Formats that do not use one ignore it; a format refuses a bad value with a Japanese ValueError.
PUBLIC_OPTIONS = ("bom", "table")

# Modules that register formats when imported, in the order the UI lists them.
FORMAT_MODULES = (
    "shinchoku.reports.formats.pdf",
    "shinchoku.reports.formats.xlsx",
    "shinchoku.reports.formats.html",
    "shinchoku.reports.formats.csv",
    "shinchoku.reports.formats.json",
)


class UnknownFormatError(KeyError):
    """No format with that key; the message lists the known ones in Japanese."""


def register(report_format: ReportFormat) -> ReportFormat:
    """Add ``report_format``; registering the same key twice is a programming error."""
    if report_format.key in _FORMATS and _FORMATS[report_format.key] is not report_format:
        raise ValueError(f"report format {report_format.key!r} is already registered")
    _FORMATS[report_format.key] = report_format
    return report_format


def load_formats() -> None:
    """Import every format module that exists, so that each registers itself."""
    for module in FORMAT_MODULES:
        _import_format(module)


def _import_format(module: str) -> None:
    try:
        importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name != module:
            raise


def formats() -> list[ReportFormat]:
    """Registered formats in the order of FORMAT_MODULES."""
    load_formats()
    order = {module.rsplit(".", 1)[1]: position for position, module in enumerate(FORMAT_MODULES)}
    return sorted(_FORMATS.values(), key=lambda item: order.get(item.key, len(order)))


def get(key: str) -> ReportFormat:
    """The format ``key``; its own module is imported first, so that asking for the PDF does not
    import the libraries of every other format (openpyxl alone takes a quarter of a second)."""
    own = [module for module in FORMAT_MODULES if module.rsplit(".", 1)[1] == key]
    for module in own:
        _import_format(module)
    if key not in _FORMATS:
        load_formats()
    try:
        return _FORMATS[key]
    except KeyError:
        known = "、".join(sorted(_FORMATS))
        raise UnknownFormatError(f"形式「{key}」には対応していません(対応している形式: {known})。") from None
