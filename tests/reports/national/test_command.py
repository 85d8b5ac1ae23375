"""``shinchoku opendata``: writes the national file (CSV or JSON lines) to a file or to standard
output, and names the file it cannot write."""

from __future__ import annotations

from pathlib import Path

import pytest

from shinchoku.cli import main
from tests.evaluations.tiny_plan import TinyPlan
from tests.reports.national.world import national_csv, national_jsonl_rows, published_rounds

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_writes_the_csv_to_the_file_given(
    tiny: TinyPlan, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "national.csv"
    assert main(["opendata", "--format", "csv", "-o", str(out)]) == 0
    assert out.read_bytes() == national_csv()
    assert f"{out} に書き出しました" in capsys.readouterr().out


def test_it_writes_json_lines_under_the_default_name_in_the_current_folder(
    tiny: TinyPlan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["opendata", "--format", "jsonl"]) == 0
    rows = national_jsonl_rows((tmp_path / "all_entries.jsonl").read_bytes())
    assert {row["fiscal_year"] for row in rows} == {round_.fiscal_year for round_ in published_rounds()}


def test_it_writes_to_standard_output_without_a_byte_order_mark_when_asked(
    tiny: TinyPlan, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert main(["opendata", "-o", "-", "--no-bom"]) == 0
    assert capfdbinary.readouterr().out == national_csv().removeprefix(b"\xef\xbb\xbf")


def test_it_names_the_file_it_cannot_write(
    tiny: TinyPlan, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "missing-folder" / "all.csv"
    assert main(["opendata", "-o", str(out)]) == 2
    error = capsys.readouterr().err
    assert str(out) in error
    assert "書き込めるフォルダ" in error
