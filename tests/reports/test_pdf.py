"""The PDF: published layout, embedded fonts, tagged, and the assembled render equals a full one."""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest

from shinchoku.evaluations.models import Entry, Round
from shinchoku.reports import registry
from shinchoku.reports.content import build_report_content
from shinchoku.reports.pdf import engine, layout
from shinchoku.reports.pdf.parts import Job, RenderedPart, body_job
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


def embedded_fonts(pdf: bytes, tmp_path: Path) -> set[tuple[str, ...]]:
    """pdffonts' name, type, encoding and "embedded" columns, once per font."""
    rows = set()
    for line in pdf_info(pdf, tmp_path, "pdffonts").splitlines()[2:]:
        columns = line.split()
        rows.add((columns[0], " ".join(columns[1:-6]), columns[-6], columns[-5]))
    return rows


def outline(pdf: bytes) -> list[tuple[int, str, int]]:
    """The bookmarks as (depth, title, page number), in order."""
    with pikepdf.open(io.BytesIO(pdf)) as document, document.open_outline() as tree:
        pages = {page.obj.objgen: number for number, page in enumerate(document.pages, 1)}
        found: list[tuple[int, str, int]] = []

        def walk(items: list[pikepdf.OutlineItem], depth: int) -> None:
            for item in items:
                assert item.destination is not None
                found.append((depth, item.title, pages[item.destination[0].objgen]))
                walk(item.children, depth + 1)

        walk(tree.root, 0)
        return found


def squeeze(text: str) -> str:
    return "".join(text.split())


def part_files(cache: Path) -> set[Path]:
    return set((cache / "parts").glob("*.part"))


@pytest.fixture
def seed_pdf(seed_round: Round) -> bytes:
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


def test_every_font_is_embedded_and_the_pages_are_a4_landscape_and_tagged(
    seed_pdf: bytes, tmp_path: Path
) -> None:
    fonts = embedded_fonts(seed_pdf, tmp_path)
    assert {name.split("+")[1] for name, *_ in fonts} >= {"ReportGothic", "ReportGothic-Bold"}
    assert all(embedded == "yes" for *_, embedded in fonts), fonts
    info = pdf_info(seed_pdf, tmp_path, "pdfinfo")
    assert "841.89 x 595.276 pts (A4)" in info
    assert "Tagged:          yes" in info
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    assert 20 <= pages <= 80


def test_the_merged_structure_tree_covers_every_page_and_the_contents_links_land_on_their_policy(
    seed_round: Round, seed_pdf: bytes, tmp_path: Path
) -> None:
    pdf = pikepdf.open(io.BytesIO(seed_pdf))
    pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, 1)}
    root = pdf.Root.StructTreeRoot
    assert [element.S for element in root.K] == ["/Document"]
    parent_keys = [int(key) for key in list(root.ParentTree.Nums)[0::2]]
    assert parent_keys == sorted(set(parent_keys))
    assert {int(page.obj.StructParents) for page in pdf.pages} <= set(parent_keys)
    tagged_pages = {pages[element.Pg.objgen] for element in root.K[0].K if "/Pg" in element}
    assert tagged_pages == set(pages.values())

    texts = pdf_pages(seed_pdf, tmp_path)
    destinations = pikepdf.NameTree(pdf.Root.Names.Dests)
    contents_links = [annotation for annotation in pdf.pages[1].obj.Annots if "/Dest" in annotation]
    for policy in build_report_content(seed_round).policies:
        link = next(link for link in contents_links if str(link.Dest) == policy.anchor)
        page = pages[destinations[str(link.Dest)][0].objgen]
        assert f"施策 {policy.node.label}" in texts[page - 1]
        assert int(link.StructParent) in parent_keys


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


def test_characters_the_main_font_lacks_are_drawn_from_the_embedded_fallback(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # 栏 and 约 come from the seed's extraction noise; 𠮷 is in real place and family names.
    html = '<!DOCTYPE html><html lang="ja"><body><p>福祉 栏 约 𠮷田</p><p><b>栏约</b></p></body></html>'
    part = layout.render(Job(html))
    assert not [record for record in caplog.records if ".notdef" in record.getMessage()]
    fallback = {row for row in embedded_fonts(part.pdf, tmp_path) if "ReportFallback" in row[0]}
    assert fallback
    assert all(embedded == "yes" for *_, embedded in fallback)
    assert "栏 约 𠮷田" in pdf_pages(part.pdf, tmp_path)[0]


def test_after_a_change_that_moves_page_numbers_the_assembled_report_equals_a_one_document_render(
    seed_round: Round, tmp_path: Path
) -> None:
    engine.render_parts(build_report_content(seed_round))  # fills the part cache
    entry = Entry.objects.filter(round=seed_round).exclude(reason="").order_by("pk")[5]
    entry.reason += "\n追記: 次年度は対象を広げて実施する。" * 8
    entry.save()
    changed = build_report_content(seed_round)
    assembled = engine.render_parts(changed)
    full = layout.render_single(changed)
    assert pdf_pages(assembled, tmp_path) == pdf_pages(full, tmp_path)
    added = squeeze("追記: 次年度は対象を広げて実施する。")
    assert added in squeeze(" ".join(pdf_pages(assembled, tmp_path)))
    assert embedded_fonts(assembled, tmp_path) == embedded_fonts(full, tmp_path)
    assert "Tagged:          yes" in pdf_info(assembled, tmp_path, "pdfinfo")
    assert outline(assembled) == outline(full)


def test_after_one_entry_changes_only_its_policy_is_laid_out_again(
    tiny: TinyPlan, report_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine.render_parts(build_report_content(tiny.published))
    laid_out: list[Job] = []

    def spy(job: Job) -> RenderedPart:
        laid_out.append(job)
        return layout.render(job)

    monkeypatch.setattr(engine, "_render_job", spy)
    Entry.objects.filter(round=tiny.published, project=tiny.single).update(reason="理由を書き直した。")
    changed = build_report_content(tiny.published)
    engine.render_parts(changed)
    assert laid_out == [body_job(changed, changed.policies[0].anchor)]


def test_a_parts_cache_key_follows_its_content(tiny: TinyPlan) -> None:
    content = build_report_content(tiny.published)
    policy = content.policies[0]
    renamed = dataclasses.replace(content, policies=(dataclasses.replace(policy, description="別の説明"),))
    style = engine.style_key()
    assert body_job(content, policy.anchor).key(style) != body_job(renamed, policy.anchor).key(style)
    again = build_report_content(tiny.published)
    assert body_job(content, policy.anchor).key(style) == body_job(again, policy.anchor).key(style)


def test_the_pdf_format_serves_an_unchanged_report_from_the_disk_cache(
    tiny: TinyPlan, report_cache: Path
) -> None:
    request = registry.ReportRequest(round=tiny.published)
    first = registry.get("pdf").render(request)
    assert len(list(report_cache.glob("*.pdf"))) == 1
    parts = part_files(report_cache)
    assert registry.get("pdf").render(request) == first
    assert part_files(report_cache) == parts
    Entry.objects.filter(round=tiny.published, project=tiny.single).update(reason="別の理由")
    assert registry.get("pdf").render(request) != first
    assert len(list(report_cache.glob("*.pdf"))) == 2
