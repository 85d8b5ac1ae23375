"""The accessible HTML version: self-contained, Japanese, with captioned tables and scoped headers."""

from __future__ import annotations

import itertools
import re

import pytest

from shinchoku.evaluations.models import Round
from shinchoku.reports import registry
from shinchoku.reports.content import build_report_content
from tests.evaluations.tiny_plan import TinyPlan

pytestmark = pytest.mark.django_db


def render(round_: Round, audience: registry.Audience = "public") -> str:
    return registry.get("html").render(registry.ReportRequest(round=round_, audience=audience)).decode()


def test_the_html_is_japanese_self_contained_and_fetches_nothing(tiny: TinyPlan) -> None:
    html = render(tiny.published)
    assert '<html lang="ja">' in html
    assert "<style>" in html
    assert not re.search(r"""(src|href)=["'](https?:|//|file:)""", html)
    assert "@import" not in html
    assert "url(" not in html


def test_every_table_has_a_caption_and_scoped_header_cells(tiny: TinyPlan) -> None:
    html = render(tiny.published)
    tables = re.findall(r"<table.*?</table>", html, flags=re.DOTALL)
    assert tables
    for table in tables:
        assert "<caption" in table
        assert all("scope=" in th for th in re.findall(r"<th(?:\s[^>]*)?>", table))


def test_headings_start_at_h1_and_never_skip_a_level(tiny: TinyPlan) -> None:
    levels = [int(level) for level in re.findall(r"<h([1-6])", render(tiny.published))]
    assert levels[0] == 1
    assert all(after - before <= 1 for before, after in itertools.pairwise(levels))


def test_the_seed_html_holds_every_project_and_rating(seed_round: Round) -> None:
    html = render(seed_round)
    for policy in build_report_content(seed_round).policies:
        for section in policy.sections:
            for row in section.rows:
                assert row.title.replace("&", "&amp;") in html or row.title in html
                if row.rating:
                    assert f'class="sheet__rating">{row.rating}<' in html or row.rating in html


def test_the_staff_html_of_a_draft_says_it_is_not_published(tiny: TinyPlan) -> None:
    html = render(tiny.collecting, "staff")
    assert "公表前のため" in html
    assert "令和6年度の下書きの進捗" in html
