"""``shinchoku report``: writes the file, refuses with Japanese errors."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from shinchoku.cli import main
from shinchoku.plans.models import Plan
from shinchoku.reports.cli import progress_bar
from tests.evaluations.tiny_plan import TinyPlan

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_writes_the_report_of_the_only_plan(
    tiny: TinyPlan, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.html"
    assert main(["report", "--year", "令和5年度", "--format", "html", "--out", str(out)]) == 0
    assert "福祉教育" in out.read_text(encoding="utf-8")
    assert "書き出しました" in capsys.readouterr().out


def test_it_writes_a_default_file_name_in_the_current_folder(
    tiny: TinyPlan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["report", "--year", "2023", "--format", "html"]) == 0
    assert (tmp_path / f"112330_plan{tiny.plan.pk}_2023.html").exists()


def test_it_lists_the_plans_when_there_are_several(
    tiny: TinyPlan, capsys: pytest.CaptureFixture[str]
) -> None:
    Plan.objects.create(
        municipality=tiny.municipality,
        title="高齢者福祉計画",
        first_fiscal_year=2024,
        last_fiscal_year=2026,
        level_labels=["分野", "事業"],
        evaluation_level=0,
        rating_scale=tiny.plan.rating_scale,
    )
    assert main(["report", "--year", "2023", "--format", "html"]) == 2
    error = capsys.readouterr().err
    assert "計画が複数あります" in error
    assert "高齢者福祉計画" in error


def test_it_refuses_an_unknown_year_format_or_plan_in_japanese(
    tiny: TinyPlan, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "--year", "2030"]) == 2
    assert "2030年度の評価がありません" in capsys.readouterr().err
    assert main(["report", "--year", "2023", "--format", "docx"]) == 2
    assert "形式「docx」には対応していません" in capsys.readouterr().err
    assert main(["report", "--year", "2023", "--plan", "存在しない計画"]) == 2
    assert "見つかりません" in capsys.readouterr().err
    assert main(["report", "--year", "去年"]) == 2
    assert "年度として読めません" in capsys.readouterr().err


def test_a_public_report_of_an_unpublished_round_is_refused(
    tiny: TinyPlan, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "--year", "2024", "--format", "html"]) == 2
    assert "公表されていない" in capsys.readouterr().err


def test_the_progress_bar_draws_on_one_line_and_ends_it_when_done() -> None:
    stream = io.StringIO()
    show = progress_bar(stream, width=10)
    show(1, 2)
    show(2, 2)
    assert stream.getvalue() == "\r作成中 [#####     ] 1/2\r作成中 [##########] 2/2\n"
