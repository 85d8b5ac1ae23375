"""The PDF: published layout, embedded fonts, tagged, and the cached render equals a full one."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path

import pytest

from shinchoku.evaluations.models import Entry, Round
from shinchoku.reports import registry
from shinchoku.reports.content import build_report_content
from shinchoku.reports.pdf import engine
from tests.evaluations.tiny_plan import TinyPlan

pytestmark = pytest.mark.django_db


def pdf_pages(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    # -raw keeps the drawing order, in which each cell's lines follow one another.
    text = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [" ".join(page.split()) for page in text.split("\f")[:-1]]


def pdf_info(pdf: bytes, tmp_path: Path, tool: str) -> str:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    return subprocess.run([tool, str(path)], capture_output=True, text=True, check=True).stdout


def squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def seed_pdf(seed_round: Round, report_cache: Path) -> bytes:
    return registry.get("pdf").render(registry.ReportRequest(round=seed_round))


def test_the_seed_pdf_holds_every_project_and_rating(
    seed_round: Round, seed_pdf: bytes, tmp_path: Path
) -> None:
    text = squeeze(" ".join(pdf_pages(seed_pdf, tmp_path)))
    content = build_report_content(seed_round)
    for policy in content.policies:
        assert squeeze(policy.node.title) in text
        for section in policy.sections:
            for row in section.rows:
                assert squeeze(row.title) in text, row.title
                if row.rating:
                    assert row.rating in text


def test_every_font_is_embedded_and_the_pages_are_a4_landscape(seed_pdf: bytes, tmp_path: Path) -> None:
    fonts = pdf_info(seed_pdf, tmp_path, "pdffonts").splitlines()[2:]
    assert fonts
    assert all(line.split()[-5] == "yes" for line in fonts), fonts
    info = pdf_info(seed_pdf, tmp_path, "pdfinfo")
    assert "841.89 x 595.276 pts (A4)" in info
    assert "Tagged:          yes" in info
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    assert 20 <= pages <= 80


def test_pages_are_numbered_and_the_contents_point_at_each_policy(
    seed_round: Round, seed_pdf: bytes, tmp_path: Path
) -> None:
    pages = pdf_pages(seed_pdf, tmp_path)
    assert all(page.endswith(f"{number} / {len(pages)}") for number, page in enumerate(pages, 1))
    assert "目次" in pages[1]
    listed = [int(number) for number in re.findall(r"(?:^| )(\d+)(?= )", pages[1].split("目次")[0])]
    starts = [
        next(
            number
            for number, page in enumerate(pages, 1)
            if number > 2 and f"施策 {policy.node.label}" in page
        )
        for policy in build_report_content(seed_round).policies
    ]
    assert listed[1:] == starts


def test_a_tiny_plan_renders_with_its_department_texts_and_ratings_and_no_missing_glyph(
    tiny: TinyPlan, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    text = " ".join(pdf_pages(engine.render_parts(build_report_content(tiny.published)), tmp_path))
    assert not [record for record in caplog.records if ".notdef" in record.getMessage()]
    assert "【共生福祉課】" in text
    assert "共生福祉課 B" in text
    assert "<再掲>" in text
    assert "未評価" in text


def test_the_cached_render_after_one_entry_changes_equals_a_full_render(
    seed_round: Round, tmp_path: Path
) -> None:
    engine.render_parts(build_report_content(seed_round))  # fills the part cache
    entry = Entry.objects.filter(round=seed_round).exclude(reason="").order_by("pk")[5]
    entry.reason += "\n追記: 次年度は対象を広げて実施する。" * 8
    entry.save()
    changed = build_report_content(seed_round)
    incremental = pdf_pages(engine.render_parts(changed), tmp_path)
    full = pdf_pages(engine.render_single(changed), tmp_path)
    assert len(incremental) == len(full)
    assert incremental == full
    assert squeeze("追記: 次年度は対象を広げて実施する。") in squeeze(" ".join(incremental))


def test_the_part_cache_is_keyed_by_content(tiny: TinyPlan) -> None:
    content = build_report_content(tiny.published)
    policy = content.policies[0]
    renamed = dataclasses.replace(policy, description="別の説明")
    assert engine._hash("p", policy) != engine._hash("p", renamed)
    assert engine._hash("p", policy) == engine._hash("p", build_report_content(tiny.published).policies[0])


def test_the_pdf_format_serves_an_unchanged_report_from_the_disk_cache(
    tiny: TinyPlan, report_cache: Path
) -> None:
    request = registry.ReportRequest(round=tiny.published)
    first = registry.get("pdf").render(request)
    assert len(list(report_cache.glob("*.pdf"))) == 1
    engine.clear_cache()
    assert registry.get("pdf").render(request) == first
    Entry.objects.filter(round=tiny.published, project=tiny.single).update(reason="別の理由")
    assert registry.get("pdf").render(request) != first
    assert len(list(report_cache.glob("*.pdf"))) == 2
