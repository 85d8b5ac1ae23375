"""``shinchoku plan import|export|template``: exit codes, the JSON summary, nothing written on
errors or with --dry-run, and the README walkthrough in its own process."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from shinchoku.audit.models import AuditEntry
from shinchoku.cli import main
from shinchoku.evaluations.models import Round
from shinchoku.plans.models import Plan
from shinchoku.plans.workbook.example import EXAMPLE_TITLE
from tests.plans.workbook.helpers import edited, example_bytes, make_city


def _values(path: Path) -> dict[str, list[tuple[object, ...]]]:
    book = load_workbook(io.BytesIO(path.read_bytes()), read_only=True)
    return {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}


@pytest.mark.django_db
def test_import_prints_a_json_summary_of_the_counts_per_sheet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_city()
    path = tmp_path / "plan.xlsx"
    path.write_bytes(example_bytes())
    assert main(["plan", "import", str(path), "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["written"] is True
    assert summary["counts"]["体系"] == {"created": 14, "updated": 0, "removed": 0}
    assert summary["counts"]["評価"]["created"] == 11
    assert summary["errors"] == []
    assert main(["plan", "import", str(path), "--format", "json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["written"] is False
    assert again["changes"] == []


@pytest.mark.django_db
def test_import_with_errors_exits_non_zero_prints_them_as_json_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_city()
    path = tmp_path / "plan.xlsx"
    path.write_bytes(edited(example_bytes(), lambda book: book["指標"].__setitem__("H2", "上げる")))
    assert main(["plan", "import", str(path), "--format", "json"]) == 1
    output = capsys.readouterr()
    errors = json.loads(output.out)["errors"]
    assert [(e["sheet"], e["row"], e["column"]) for e in errors] == [("指標", 2, "方向")]
    assert "「指標」シート 2行目 H列(方向)" in output.err
    assert not Plan.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_a_dry_run_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_city()
    path = tmp_path / "plan.xlsx"
    path.write_bytes(example_bytes())
    assert main(["plan", "import", str(path), "--dry-run"]) == 0
    assert "確認のみ(--dry-run)" in capsys.readouterr().out
    assert not Plan.objects.exists()


@pytest.mark.django_db
def test_import_with_publish_publishes_the_past_year(tmp_path: Path) -> None:
    make_city()
    path = tmp_path / "plan.xlsx"
    path.write_bytes(example_bytes())
    assert main(["plan", "import", str(path), "--publish"]) == 0
    assert Round.objects.get(fiscal_year=2024).state == Round.State.PUBLISHED


@pytest.mark.django_db
def test_export_of_an_unknown_plan_fails_with_the_list_of_plans(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_city()
    path = tmp_path / "plan.xlsx"
    path.write_bytes(example_bytes())
    assert main(["plan", "import", str(path)]) == 0
    assert main(["plan", "export", "--plan", "ない計画", "--out", str(tmp_path / "out.xlsx")]) == 2
    assert EXAMPLE_TITLE in capsys.readouterr().err
    assert not (tmp_path / "out.xlsx").exists()


def test_template_refuses_an_invalid_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "plan.xlsx"
    assert main(["plan", "template", "--example", "--code", "112331", "--out", str(out)]) == 2
    assert "検査数字" in capsys.readouterr().err
    assert not out.exists()


def test_the_readme_walkthrough_sets_up_a_city_imports_the_example_and_exports_the_same_workbook(
    tmp_path: Path,
) -> None:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SHINCHOKU_TEST_DATABASE", "SHINCHOKU_DEMO"}
    } | {"SHINCHOKU_DATA_DIR": str(tmp_path / "data")}

    def run(*arguments: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "shinchoku.cli", *arguments],
            capture_output=True,
            text=True,
            env=environment,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    run("setup", "--municipality", "桶川市", "--code", "112313", "--admin", "okegawa-jimu")
    example, exported = tmp_path / "example.xlsx", tmp_path / "exported.xlsx"
    run(
        "plan", "template", "--example", "--municipality", "桶川市", "--code", "112313", "--out", str(example)
    )
    assert "取り込みました" in run("plan", "import", str(example))
    run("plan", "export", "--plan", EXAMPLE_TITLE, "--out", str(exported))
    assert _values(exported) == _values(example)
    assert "何も変更していません" in run("plan", "import", str(exported))
