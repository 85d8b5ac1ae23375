"""read_report_file: UTF-8 with or without BOM, cp932, and refusals that name the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from shinchoku.ingest.report_text.decoding import clean_report_text
from shinchoku.ingest.report_text.document import ReportFormatError
from shinchoku.ingest.report_text.parse import parse_report, read_report_file
from shinchoku.ingest.report_text.preview import to_preview_dict
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


UNSAFE = "\x1b\x7f\x85\u202e\u2066\ufffe\uffff\x9b"


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list | tuple):
        return [text for item in value for text in _strings(item)]
    return []


def test_escape_delete_bidi_overrides_and_noncharacters_never_reach_what_the_importer_reads(
    tmp_path: Path,
) -> None:
    text = report(
        page(
            [row("福祉\x1b教育", owners="学校\x7f教育課", progress=f"○体験\x1b[31m{UNSAFE}学習を実施した。")]
        )
    )
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    parsed = parse_report(read_report_file(path))
    project = parsed.projects[0]
    assert project.owners == ["学校教育課"]
    assert "福祉教育" in project.name
    strings = _strings(to_preview_dict(parsed))
    assert any("体験[31m" in string and "学習を実施した" in string for string in strings)
    assert not [string for string in strings if any(char in string for char in UNSAFE)]


def test_soft_line_breaks_inside_a_line_keep_the_line_numbers_of_the_file() -> None:
    clean = clean_report_text("一\x0b行目\t列\u2028二\r\n二行目\r三行目\n")
    assert clean.split("\n") == ["一 行目\t列 二", "二行目", "三行目", ""]
