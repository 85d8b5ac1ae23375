"""The outside PDF/UA judge (PyPI ``pdfua``) finds nothing in the seed's and the demo's report
PDFs, and every font stays embedded (poppler's pdffonts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from shinchoku.demo.generator import generate_demo
from shinchoku.evaluations.models import Round
from shinchoku.reports import registry
from tests.reports.pdf_reading import embedded_fonts, pdfua_findings

pytestmark = pytest.mark.django_db


def assert_judged_clean(pdf: bytes, tmp_path: Path) -> None:
    findings, skipped = pdfua_findings(pdf, tmp_path)
    assert findings == []
    assert skipped == []
    fonts = embedded_fonts(pdf, tmp_path)
    assert fonts
    assert all(embedded == "yes" for *_, embedded in fonts), fonts


def test_the_seeds_pdf_passes_the_pdf_ua_judge_with_its_fonts_embedded(
    seed_round: Round, tmp_path: Path
) -> None:
    assert_judged_clean(registry.get("pdf").render(registry.ReportRequest(round=seed_round)), tmp_path)


def test_the_demos_public_and_draft_pdfs_pass_the_pdf_ua_judge_with_their_fonts_embedded(
    tmp_path: Path,
) -> None:
    summary = generate_demo()
    rounds = Round.objects.filter(plan=summary.plan).order_by("fiscal_year")
    published = rounds.filter(state=Round.State.PUBLISHED).last()
    collecting = rounds.exclude(state=Round.State.PUBLISHED).last()
    assert published is not None
    assert collecting is not None
    public = registry.ReportRequest(round=published, audience="public")
    draft = registry.ReportRequest(round=collecting, audience="staff")
    for request in (public, draft):
        assert_judged_clean(registry.get("pdf").render(request), tmp_path)
