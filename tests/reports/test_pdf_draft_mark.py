"""A staff PDF of a round that is not published says 公表前 on every page; a published one never."""

from __future__ import annotations

from pathlib import Path

import pytest

from shinchoku.reports import registry
from tests.evaluations.tiny_plan import TinyPlan
from tests.reports.pdf_reading import pdf_pages

pytestmark = pytest.mark.django_db


def test_every_page_of_a_staff_pdf_of_an_unpublished_round_says_it_is_not_yet_published(
    tiny: TinyPlan, tmp_path: Path
) -> None:
    pdf = registry.get("pdf").render(registry.ReportRequest(round=tiny.collecting, audience="staff"))
    pages = pdf_pages(pdf, tmp_path)
    assert len(pages) >= 3
    assert [number for number, page in enumerate(pages, 1) if "公表前" not in page] == []


@pytest.mark.parametrize("audience", ["public", "staff"])
def test_no_page_of_a_published_rounds_pdf_says_it_is_not_yet_published(
    tiny: TinyPlan, tmp_path: Path, audience: registry.Audience
) -> None:
    pdf = registry.get("pdf").render(registry.ReportRequest(round=tiny.published, audience=audience))
    assert not any("公表前" in page for page in pdf_pages(pdf, tmp_path))
