"""Turning a file into text: UTF-8 (with or without BOM) or cp932, and refusing binary files."""

from __future__ import annotations

import pathlib
import re

from shinchoku.core.text import clean_typed_text
from shinchoku.ingest.report_text.document import ReportFormatError

# Control characters that never occur in extracted text (tab, line ends and form feed do).
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
ENCODINGS = ("utf-8-sig", "cp932")
_LINE_END = re.compile(r"\r\n|\r|\n")  # the line ends that :mod:`.lines` counts


def clean_report_text(text: str) -> str:
    """``text`` with every line passed through :func:`~shinchoku.core.text.clean_typed_text`
    (ESC, DEL, other controls, noncharacters and bidi overrides removed), lines ending in ``\\n``.

    Line numbers and tab-separated cells stay as they were: a soft line break inside a line
    (vertical tab, form feed, U+2028 …) becomes a space, which the parser reads as wrap space,
    rather than a new line that would shift every line number after it.
    """
    return "\n".join(clean_typed_text(line).replace("\n", " ") for line in _LINE_END.split(text))


def line_of(data: bytes | str, position: int) -> int:
    """The 1-based line number of ``position``."""
    if isinstance(data, bytes):
        return data.count(b"\n", 0, position) + 1
    return data.count("\n", 0, position) + 1


def check_not_binary(text: str, file_name: str | None = None) -> None:
    if match := _BINARY.search(text):
        raise ReportFormatError(
            "文字として読めない制御文字があります。バイナリファイル(PDF や Excel など)ではなく、"
            "テキストファイルを指定してください。",
            line=line_of(text, match.start()),
            file_name=file_name,
        )


def read_report_file(path: pathlib.Path) -> str:
    """The file's text, decoded as UTF-8 (a BOM is dropped) or else cp932 (Shift_JIS).

    Raises :class:`ReportFormatError` with a Japanese message when the file cannot be read, is
    binary, or is in neither encoding (naming the first line that fails to decode).
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ReportFormatError(f"ファイルを開けません({error.strerror})。", file_name=path.name) from error
    if match := _BINARY_BYTES.search(data):
        raise ReportFormatError(
            "文字として読めないバイトがあります。バイナリファイル(PDF や Excel など)ではなく、"
            "テキストファイルを指定してください。",
            line=line_of(data, match.start()),
            file_name=path.name,
        )
    failures = []
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as error:
            failures.append(error)
    raise ReportFormatError(
        "文字コードを判別できません。UTF-8 または Shift_JIS(cp932)で保存したテキストを指定してください。",
        line=line_of(data, failures[0].start),
        file_name=path.name,
    )
