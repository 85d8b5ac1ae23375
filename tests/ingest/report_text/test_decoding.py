"""read_report_file: UTF-8 with or without BOM, cp932, and refusals that name the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from shinchoku.ingest.report_text.document import ReportFormatError
from shinchoku.ingest.report_text.parse import parse_report, read_report_file
from tests.ingest.report_text.snippets import page, report, row

TEXT = report(page([row("福祉教育", owners="学校教育課")]))


def test_it_decodes_a_cp932_file(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(TEXT.encode("cp932"))
    assert parse_report(read_report_file(path)).projects[0].owners == ["学校教育課"]


def test_it_decodes_utf8_and_drops_the_bom(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(TEXT.encode("utf-8-sig"))
    text = read_report_file(path)
    assert text == TEXT
    assert parse_report(text).fiscal_year == 2023


def test_it_refuses_a_file_in_neither_encoding_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    path.write_bytes("目標\n施策\n".encode() + b"\x82\xff\x81\n")
    with pytest.raises(ReportFormatError, match="文字コード") as error:
        read_report_file(path)
    assert (error.value.line, error.value.file_name) == (3, "broken.txt")
    assert str(error.value).startswith("broken.txt 3行目: ")


def test_it_refuses_a_binary_file_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7\n\x00\x01\x02binary")
    with pytest.raises(ReportFormatError, match="バイナリ") as error:
        read_report_file(path)
    assert error.value.line == 2


def test_it_refuses_a_missing_file_in_japanese(tmp_path: Path) -> None:
    with pytest.raises(ReportFormatError, match="ファイルを開けません"):
        read_report_file(tmp_path / "missing.txt")
