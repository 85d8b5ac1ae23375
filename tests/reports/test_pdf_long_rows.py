"""A row taller than a page splits across pages with a continuation mark, and nothing is cut."""

from __future__ import annotations

from pathlib import Path

import pytest

from shinchoku.reports.content import CellText, build_report_content
from shinchoku.reports.pdf import typeset
from tests.evaluations.tiny_plan import TinyPlan
from tests.reports.pdf_reading import Page, pdf_pages, pdf_word_boxes, with_row

pytestmark = pytest.mark.django_db

MM = 72 / 25.4
# The page margins of report.typ: the text block lies between them, the running header and footer
# in them.
TOP, BOTTOM, SIDE = 14 * MM, 12 * MM, 10 * MM
SENTENCES = 215


def sentence(number: int) -> str:
    return f"第{number}文:巡回記録を整え、参加者の声を次の取組に生かした。"


@pytest.fixture
def long_pdf(tiny: TinyPlan) -> bytes:
    """The tiny plan's report with a 進捗状況 of 215 numbered sentences (6,000 characters)."""
    text = "".join(sentence(number) for number in range(1, SENTENCES + 1))
    content = with_row(build_report_content(tiny.published), 0, progress=(CellText(None, text),))
    return typeset.typeset(content)


def cell_text(pages: list[Page], marker: str) -> str:
    """The text of the one cell whose words contain ``marker``, read down its column page after
    page within the text block (the running header and footer and the column headers left out:
    on each page the column headers are the first lines of the column)."""
    marked = [[word for word in page.words if marker in word.text] for page in pages]
    first_page = next(number for number, words in enumerate(marked) if words)
    left = min(word.x_min for words in marked for word in words)
    right = left + 0.17 * (pages[0].width - 2 * SIDE)
    in_column = [
        [
            word
            for word in page.words
            if left - 1 <= word.x_min and word.x_max <= right and word.y_min >= TOP
            if word.y_max <= page.height - BOTTOM
        ]
        for page in pages[first_page:]
    ]
    top = min(word.y_min for word in marked[first_page])
    column_headers = [word for word in in_column[0] if word.y_max <= top]
    depth = max(word.y_max for word in column_headers) - min(word.y_min for word in column_headers)
    text = []
    for number, words in enumerate(in_column):
        below = top if number == 0 else min(word.y_min for word in words) + depth + 1
        lines = sorted(
            (word for word in words if word.y_max > below), key=lambda word: (round(word.y_min), word.x_min)
        )
        text.extend(word.text for word in lines)
    return "".join(text)


def test_every_sentence_of_a_text_longer_than_a_page_is_in_the_pdf(long_pdf: bytes, tmp_path: Path) -> None:
    text = cell_text(pdf_word_boxes(long_pdf, tmp_path), "巡回記録")
    missing = [number for number in range(1, SENTENCES + 1) if sentence(number) not in text]
    assert missing == []
    assert text.startswith(sentence(1) + sentence(2))


def test_the_text_stays_within_the_printable_area_of_every_page(long_pdf: bytes, tmp_path: Path) -> None:
    pages = pdf_word_boxes(long_pdf, tmp_path)
    outside = [
        (number, word.text)
        for number, page in enumerate(pages, 1)
        for word in page.words
        if "巡回記録" in word.text or "参加者" in word.text
        if not (
            word.y_min >= TOP
            and word.y_max <= page.height - BOTTOM
            and word.x_min >= SIDE - 1
            and word.x_max <= page.width - SIDE + 1
        )
    ]
    assert outside == []
    assert sum(any("巡回記録" in word.text for word in page.words) for page in pages) >= 3


def test_a_split_row_says_where_it_goes_on_and_where_it_came_from(long_pdf: bytes, tmp_path: Path) -> None:
    pages = pdf_pages(long_pdf, tmp_path)
    holding = [number for number, page in enumerate(pages) if "巡回記録" in page]
    assert len(holding) >= 3
    for number in holding[:-1]:
        assert "(次ページに続く)" in pages[number]
    for number in holding[1:]:
        assert "(前ページから続く)" in pages[number]
        assert "事業名" in pages[number]  # the column headers are repeated
    assert "(前ページから続く)" not in pages[holding[0]]
    assert "(次ページに続く)" not in pages[-1]


def test_no_page_of_a_report_whose_tables_fit_says_that_a_table_goes_on(
    tiny: TinyPlan, tmp_path: Path
) -> None:
    pages = pdf_pages(typeset.typeset(build_report_content(tiny.published)), tmp_path)
    assert not any("ページに続く" in page or "ページから続く" in page for page in pages)


def test_a_row_of_a_few_lines_is_kept_on_one_page_and_a_longer_one_may_split(tiny: TinyPlan) -> None:
    content = build_report_content(tiny.published)
    short = typeset.typst_content(content)["policies"][0]["sections"][0]["rows"][0]
    long = typeset.typst_content(with_row(content, 0, progress=(CellText(None, sentence(1) * 60),)))
    assert short["breakable"] is False
    assert long["policies"][0]["sections"][0]["rows"][0]["breakable"] is True
