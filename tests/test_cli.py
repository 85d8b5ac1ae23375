from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from django.conf import settings
from pytest_django import Settings

from shinchoku.cli import main
from shinchoku.config import INSECURE_DEMO_SECRET
from shinchoku.evaluations.models import Round

KITAMOTO = ["--municipality", "北本市", "--code", "112330", "--plan", "地域福祉計画", "--period", "R4-R8"]


def test_the_dry_run_prints_the_preview_as_json(
    seed_report_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import-report", str(seed_report_path), "--dry-run", "--format", "json"]) == 0
    preview = json.loads(capsys.readouterr().out)
    assert preview["fiscal_year"] == 2023
    assert {"policies", "initiatives", "projects"} <= preview.keys()
    project = preview["projects"][0]
    assert {
        "policy",
        "initiative",
        "name",
        "owners",
        "rating",
        "ratings_by_owner",
        "relisted",
        "needs_review",
    } <= (project.keys())


def test_the_text_dry_run_lists_what_needs_review(
    seed_report_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import-report", str(seed_report_path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "取り込みは行っていません" in out
    assert "要確認" in out


@pytest.mark.django_db
def test_importing_prints_a_japanese_summary_and_a_second_import_changes_nothing(
    seed_report_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import-report", str(seed_report_path), *KITAMOTO]) == 0
    first = capsys.readouterr().out
    assert "取り込みました" in first
    assert "新規" in first
    assert Round.objects.get().plan.first_fiscal_year == 2022
    assert main(["import-report", str(seed_report_path), *KITAMOTO]) == 0
    assert "データベースの内容は変わりませんでした" in capsys.readouterr().out


def test_a_missing_file_is_reported_in_japanese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-report", str(tmp_path / "nothing.txt"), "--dry-run"]) == 2
    assert "見つかりません" in capsys.readouterr().err


def test_an_unreadable_file_is_reported_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "memo.txt"
    path.write_text("ただのメモ\n", encoding="utf-8")
    assert main(["import-report", str(path), "--dry-run"]) == 2
    assert "行目" in capsys.readouterr().err


def test_importing_without_a_target_says_which_options_are_missing(
    seed_report_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import-report", str(seed_report_path)]) == 2
    assert "--municipality、--code、--plan" in capsys.readouterr().err


@pytest.mark.django_db
def test_a_wrong_municipality_code_is_refused(
    seed_report_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [
        "import-report",
        str(seed_report_path),
        "--municipality",
        "北本市",
        "--code",
        "112331",
        "--plan",
        "計画",
    ]
    assert main(args) == 2
    assert "検査数字" in capsys.readouterr().err
    assert not Round.objects.exists()


def test_serve_refuses_to_start_in_production_with_the_demo_key(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.CONFIG = dataclasses.replace(
        settings.CONFIG, secret_key=INSECURE_DEMO_SECRET, debug=False, demo=False
    )
    assert main(["serve", "--port", "0"]) == 2
    assert "shinchoku.E001" in capsys.readouterr().err


def test_manage_passes_arguments_to_django(capsys: pytest.CaptureFixture[str]) -> None:
    assert settings.CONFIG.secret_key != INSECURE_DEMO_SECRET
    assert main(["manage", "check"]) == 0
    assert "no issues" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_demo_is_generated_beside_an_imported_municipality(
    seed_report_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from shinchoku.plans.models import Municipality

    monkeypatch.setenv("SHINCHOKU_DEMO", "false")  # the command sets it; restored after the test
    assert main(["import-report", str(seed_report_path), *KITAMOTO]) == 0
    assert main(["demo", "--no-serve"]) == 0
    out = capsys.readouterr().out
    assert "ログインID: demo" in out
    assert (
        "あおば市「第3次あおば市健康増進計画」(基本方針 → 施策 → 事業、評価 S・A・B・C・未着手・評価困難)"
        in out
    )
    assert "    aoba           事務局" in out
    assert "    aoba-kaigo     事務局(第2次あおば市介護予防計画)" in out  # the second plan's only
    assert set(Municipality.objects.values_list("name", flat=True)) == {"北本市", "みどり市", "あおば市"}


def test_serve_refuses_a_negative_number_of_workers(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port", "0", "--workers", "-1"]) == 2
    assert "--workers には 1 以上の数" in capsys.readouterr().err


def test_restore_of_a_missing_file_is_refused_in_japanese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["restore", str(tmp_path / "none.backup"), "--yes"]) == 2
    assert "が見つかりません" in capsys.readouterr().err
