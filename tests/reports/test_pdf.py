"""The PDF: published layout, embedded fonts, tagged, and a regeneration equals a fresh render."""

from __future__ import annotations

import io
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from shinchoku.evaluations.models import Entry, Round
from shinchoku.reports import registry
from shinchoku.reports.content import ReportContent, build_report_content
from shinchoku.reports.pdf import typeset
from tests.evaluations.tiny_plan import TinyPlan
from tests.reports.pdf_reading import (
    embedded_fonts,
    pdf_info,
    pdf_pages,
    squeeze,
    structure_kinds,
    tables_of,
    with_reason,
)

pytestmark = pytest.mark.django_db


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


def typeset_in_a_fresh_process(content: ReportContent, tmp_path: Path) -> bytes:
    """What a new process (no memoised layout at all) makes of ``content``."""
    source, target = tmp_path / "content.pickle", tmp_path / "fresh.pdf"
    source.write_bytes(pickle.dumps(content))
    script = (
        "import pickle, sys, django; django.setup()\n"
        "from shinchoku.reports.pdf.typeset import typeset\n"
        "content = pickle.loads(open(sys.argv[1], 'rb').read())\n"
        "open(sys.argv[2], 'wb').write(typeset(content))\n"
    )
    subprocess.run([sys.executable, "-c", script, str(source), str(target)], check=True)
    return target.read_bytes()


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
    names = {name.split("+")[1] for name, *_ in fonts}
    assert {"BIZUDPGothic-Regular", "BIZUDPGothic-Bold"} <= names or "IPAexGothic" in names, names
    assert all(embedded == "yes" for *_, embedded in fonts), fonts
    info = pdf_info(seed_pdf, tmp_path, "pdfinfo")
    assert "841.89 x 595.276 pts (A4)" in info
    assert "Tagged:          yes" in info
    assert "Title:           北本市 地域福祉計画 令和5年度 進捗状況報告書" in info
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    assert 20 <= pages <= 80


def test_the_pdf_declares_pdf_ua_and_japanese_and_every_table_has_header_cells(
    seed_round: Round, seed_pdf: bytes
) -> None:
    content = build_report_content(seed_round)
    with pikepdf.open(io.BytesIO(seed_pdf)) as pdf:
        assert str(pdf.Root.Lang) == "ja-JP"
        assert b"pdfuaid:part" in pdf.Root.Metadata.read_bytes()
        kinds = structure_kinds(pdf.Root.StructTreeRoot)
        assert kinds.count("/H1") == 1
        headed = [table for table in tables_of(pdf.Root.StructTreeRoot) if "/TH" in structure_kinds(table)]
    summary = content.summary
    expected = (
        len(summary.tallies)
        + bool(summary.comparison and summary.comparison.changes)
        + bool(summary.indicators)
        + sum(1 + len(policy.sections) + bool(policy.opinions) for policy in content.policies)
    )
    assert len(headed) == expected


def test_pages_are_numbered_and_the_contents_and_bookmarks_point_at_each_policy(
    seed_round: Round, seed_pdf: bytes, tmp_path: Path
) -> None:
    pages = pdf_pages(seed_pdf, tmp_path)
    numbers = [re.findall(r"(\d+) / (\d+)", page)[-1] for page in pages]
    assert numbers == [(str(number), str(len(pages))) for number in range(1, len(pages) + 1)]
    assert "目次" in pages[1]
    contents = squeeze(pages[1].replace(f"2 / {len(pages)}", ""))
    bookmarks = {title: page for _, title, page in outline(seed_pdf)}
    for policy in build_report_content(seed_round).policies:
        start = bookmarks[f"施策 {policy.node.label}"]
        assert f"施策 {policy.node.code}" in pages[start - 1]
        assert squeeze(policy.node.title) in squeeze(pages[start - 1])
        listed = re.search(re.escape(squeeze(policy.node.title)) + r"[^.]*\.+(\d+)", contents)
        assert listed is not None, policy.node.title
        assert int(listed.group(1)) == start


def test_the_contents_links_land_on_their_policy(seed_round: Round, seed_pdf: bytes, tmp_path: Path) -> None:
    texts = pdf_pages(seed_pdf, tmp_path)
    with pikepdf.open(io.BytesIO(seed_pdf)) as pdf:
        pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, 1)}
        targets = []
        for annotation in pdf.pages[1].obj.Annots:
            destination = annotation.get("/Dest") or annotation.A.get("/D")
            if isinstance(destination, pikepdf.String | pikepdf.Name):
                destination = pikepdf.NameTree(pdf.Root.Names.Dests)[str(destination)]
            targets.append(pages[destination[0].objgen])
    policies = build_report_content(seed_round).policies
    assert len(targets) == len(policies) + 1  # the summary, then each 施策
    assert "評価の概要" in texts[targets[0] - 1]
    for policy, page in zip(policies, targets[1:], strict=True):
        assert squeeze(policy.node.title) in squeeze(texts[page - 1])


def test_a_tiny_plan_renders_with_its_department_texts_and_ratings(tiny: TinyPlan, tmp_path: Path) -> None:
    text = " ".join(pdf_pages(typeset.typeset(build_report_content(tiny.published)), tmp_path))
    assert "【共生福祉課】" in text
    assert "共生福祉課 B" in text
    assert "<再掲>" in text
    assert "未評価" in text


def test_characters_the_main_font_lacks_are_drawn_from_the_embedded_fallback(
    tiny: TinyPlan, tmp_path: Path
) -> None:
    # 栏 and 约 come from the seed's extraction noise; 𠮷 is in real place and family names.
    content = with_reason(build_report_content(tiny.published), 0, "福祉 栏 约 𠮷田")
    pdf = typeset.typeset(content)
    fallback = {row for row in embedded_fonts(pdf, tmp_path) if "NotoSansCJK" in row[0]}
    assert fallback
    assert all(embedded == "yes" for *_, embedded in fallback)
    assert "福祉 栏 约 𠮷田" in " ".join(pdf_pages(pdf, tmp_path))


def test_a_character_no_font_has_is_drawn_as_a_stand_in_and_the_rest_is_kept(
    tiny: TinyPlan, tmp_path: Path
) -> None:
    content = with_reason(build_report_content(tiny.published), 0, "順調です\U0001fae8。次も\ue000続けます")
    text = " ".join(pdf_pages(typeset.typeset(content), tmp_path))
    assert "順調です〓。次も〓続けます" in text


def test_a_regeneration_after_a_change_is_byte_for_byte_a_fresh_processs_render(
    seed_round: Round, tmp_path: Path
) -> None:
    content = build_report_content(seed_round)
    typeset.typeset(content)  # the compiler now holds the layout of the unchanged report
    changed = with_reason(content, 3, "追記: 次年度は対象を広げて実施する。" * 12)
    regenerated = typeset.typeset(changed)
    assert regenerated == typeset_in_a_fresh_process(changed, tmp_path)
    added = squeeze("追記: 次年度は対象を広げて実施する。")
    assert added in squeeze(" ".join(pdf_pages(regenerated, tmp_path)))


def test_the_pdf_format_serves_an_unchanged_report_from_the_disk_cache(
    tiny: TinyPlan, report_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    request = registry.ReportRequest(round=tiny.published)
    first = registry.get("pdf").render(request)
    assert len(list(report_cache.glob("*.pdf"))) == 1

    def refuse(content: ReportContent) -> bytes:
        raise AssertionError("an unchanged report was typeset again")

    with monkeypatch.context() as patch:
        patch.setattr("shinchoku.reports.formats.pdf.typeset", refuse)
        assert registry.get("pdf").render(request) == first
    Entry.objects.filter(round=tiny.published, project=tiny.single).update(reason="別の理由")
    changed = registry.get("pdf").render(request)
    assert changed != first
    assert "別の理由" in " ".join(pdf_pages(changed, report_cache.parent))
    assert len(list(report_cache.glob("*.pdf"))) == 2
