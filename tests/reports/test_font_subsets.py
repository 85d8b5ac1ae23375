"""Merged parts embed each TrueType font once: the union of the parts' subsets."""

from __future__ import annotations

import io

import pikepdf
from fontTools.ttLib import TTFont

from shinchoku.reports.fonts import report_font
from shinchoku.reports.pdf import layout
from shinchoku.reports.pdf.font_subsets import merge_truetype
from shinchoku.reports.pdf.parts import Job


def main_font_program(text: str) -> bytes:
    """The subset of the main font that a part showing ``text`` embeds."""
    html = f'<!DOCTYPE html><html lang="ja"><body><p>{text}</p></body></html>'
    with pikepdf.open(io.BytesIO(layout.render(Job(html)).pdf)) as pdf:
        fonts = pdf.pages[0].Resources.Font
        font = next(font for _, font in fonts.items() if str(font.BaseFont).endswith("+ReportGothic"))
        return bytes(font.DescendantFonts[0].FontDescriptor.FontFile2.read_bytes())


def test_the_union_of_two_subsets_holds_the_outlines_of_both() -> None:
    cmap = TTFont(report_font().main.regular, fontNumber=0, lazy=True)
    glyph_ids = {character: cmap.getGlyphID(cmap.getBestCmap()[ord(character)]) for character in "福祉計画"}
    union = TTFont(io.BytesIO(merge_truetype([main_font_program("福祉"), main_font_program("計画")])))
    order = union.getGlyphOrder()
    for character, glyph_id in glyph_ids.items():
        assert union["glyf"][order[glyph_id]].numberOfContours > 0, character
        assert union["hmtx"][order[glyph_id]][0] > 0, character


def test_a_glyph_neither_subset_uses_stays_empty() -> None:
    union = TTFont(io.BytesIO(merge_truetype([main_font_program("福"), main_font_program("祉")])))
    cmap = TTFont(report_font().main.regular, fontNumber=0, lazy=True)
    unused = cmap.getGlyphID(cmap.getBestCmap()[ord("計")])
    order = union.getGlyphOrder()
    assert unused >= len(order) or union["glyf"][order[unused]].numberOfContours == 0
