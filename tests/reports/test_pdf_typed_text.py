"""Whatever text reaches the PDF, it renders: control characters and noncharacters are removed
once, where the template's data is built, and the rest of the text is kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from shinchoku.reports.content import build_report_content
from shinchoku.reports.pdf import typeset
from tests.evaluations.tiny_plan import TinyPlan
from tests.reports.pdf_reading import pdf_pages, squeeze, with_reason, with_row

pytestmark = pytest.mark.django_db

UNSAFE = [
    "\x01",
    "\x08",
    "\x1b",
    "\x1f",
    "\x7f",
    "\x00",
    "\x85",
    "\x9b",
    "\ufffe",
    "\uffff",
    "\U0010ffff",
    "\u202e",
]


@pytest.mark.parametrize("character", UNSAFE, ids=lambda character: f"U+{ord(character):04X}")
def test_a_report_with_a_control_character_or_noncharacter_in_an_entry_renders(
    tiny: TinyPlan, tmp_path: Path, character: str
) -> None:
    content = with_reason(build_report_content(tiny.published), 0, f"前半{character}後半です。")
    text = squeeze(" ".join(pdf_pages(typeset.typeset(content), tmp_path)))
    assert "前半後半です。" in text  # NEL (U+0085) is a line break, the others are removed


def test_every_text_of_the_template_data_is_cleaned_titles_and_labels_included(tiny: TinyPlan) -> None:
    content = with_row(
        build_report_content(tiny.published), 0, title="事業\x1bA", description="内容\x7f\u2028B"
    )
    data = typeset.typst_content(content)
    row = data["policies"][0]["sections"][0]["rows"][0]
    assert (row["title"], row["description"]) == ("事業A", "内容\nB")
