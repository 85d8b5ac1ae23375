"""Every output of a published year, captured so that tests can compare them before and after."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from shinchoku.reports.registry import ReportRequest, get
from tests.evaluations.tiny_plan import TinyPlan
from tests.reports.pdf_reading import pdf_pages


def xlsx_cells(data: bytes) -> dict[str, list[list[Any]]]:
    book = load_workbook(io.BytesIO(data))
    return {sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()] for sheet in book}


def published_outputs(tiny: TinyPlan, client: Client, tmp_path: Path) -> dict[str, Any]:
    """Every output of the tiny plan's published year (2023): four public pages, the HTML, PDF
    (text by page), CSV, JSON and XLSX (cell values) reports and two API bodies."""

    def render(name: str) -> bytes:
        return get(name).render(ReportRequest(tiny.published))

    api = reverse("api:round", args=[tiny.plan.pk, 2023])
    for url in (api, api + "entries/"):
        assert client.get(url).status_code == 200, url
    pages = {
        key: client.get(reverse(f"public:{name}", args=args), {"year": 2023})
        for key, name, args in (
            ("plan", "plan", [tiny.plan.pk]),
            ("dashboard", "dashboard", [tiny.plan.pk]),
            ("policy", "node", [tiny.plan.pk, tiny.policy.pk]),
            ("goal", "node", [tiny.plan.pk, tiny.goal.pk]),
        )
    }
    for name, page in pages.items():
        assert page.status_code == 200, name
    return {
        **{f"page {name}": page.content for name, page in pages.items()},
        "html": render("html"),
        "pdf": pdf_pages(render("pdf"), tmp_path),
        "csv": render("csv"),
        "json": render("json"),
        "xlsx": xlsx_cells(render("xlsx")),
        "api": client.get(api).content,
        "api_entries": client.get(api + "entries/").content,
    }
