"""How large an uploaded workbook may be, checked before openpyxl reads it.

An .xlsx file is a zip of XML parts. openpyxl keeps every row of a sheet in memory unless read
only, reads the shared strings whole, and pads a row numbered 1,048,576 with empty rows: a
4.7 MB file of a million empty rows once took 55 s and 5 GB. So the upload is refused, with a
Japanese message, when

1. the file itself is larger than :data:`MAX_UPLOAD_BYTES`;
2. the sizes its zip directory declares add up to more than :data:`MAX_UNCOMPRESSED_BYTES` (a zip
   bomb; Python's zipfile never inflates a part beyond its declared size, so the check holds);
3. the shared strings, which openpyxl reads whole, declare more than
   :data:`MAX_SHARED_STRINGS_BYTES`;
4. a worksheet numbers a row beyond :data:`MAX_ROWS`, or a worksheet or the shared strings hold
   more than :data:`MAX_CELLS` cells or strings. This is counted while streaming the XML, and
   reading stops at the first element over the limit, so memory stays bounded whatever the file.

A department writes at most a few hundred entries; the limits are ten times that and more.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import IO
from xml.etree.ElementTree import Element, XMLPullParser

from shinchoku.ingest.workbook.problems import Problem, WorkbookFormatError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# openpyxl writes each Japanese character of the downloaded file as a character reference
# (&#20107; : 8 bytes), so a department's own file of 3,000 long entries unzips to about 100 MB.
# Sheets are streamed, so their size costs time, not memory.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
# The shared strings (files saved by Excel) are read whole by openpyxl: their own, smaller limit.
MAX_SHARED_STRINGS_BYTES = 64 * 1024 * 1024
MAX_ROWS = 3000
# 17 columns of 3,000 rows, and room for the instructions sheet.
MAX_CELLS = 60_000
PREVIEW_PAGE_SIZE = 50

_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
_SHARED_STRINGS_PART = "xl/sharedStrings.xml"
_CHUNK = 64 * 1024
_NAMESPACE = re.compile(r"^\{[^}]*\}")


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f}MB"


LIMITS_TEXT = (
    f"アップロードできるファイルは {_megabytes(MAX_UPLOAD_BYTES)} まで"
    f"(展開後 {_megabytes(MAX_UNCOMPRESSED_BYTES)} まで)、"
    f"1シート {MAX_ROWS:,}行・{MAX_CELLS:,}セルまでです。"
    "ダウンロードしたファイルに記入する限り、この上限を超えることはありません。"
)


def _refuse(file_name: str, why: str) -> WorkbookFormatError:
    return WorkbookFormatError(
        [
            Problem(
                f"ファイル「{file_name}」は大きすぎるため読みませんでした({why})。{LIMITS_TEXT}"
                "行や列を追加・コピーせず、ダウンロードしたファイルに記入してアップロードしてください。"
            )
        ]
    )


def check_upload_size(size: int, file_name: str) -> None:
    """Refuse a file of ``size`` bytes over :data:`MAX_UPLOAD_BYTES`."""
    if size > MAX_UPLOAD_BYTES:
        raise _refuse(file_name, f"{size / 1024 / 1024:.1f}MB あります")


def _local_name(tag: str) -> str:
    return _NAMESPACE.sub("", tag)


def _start_elements(stream: IO[bytes]) -> Iterator[tuple[str, dict[str, str]]]:
    """(local name, attributes) of each element as the XML streams in.

    Each element is detached from its parent when it ends, so that the parser holds only the
    elements still open (a handful), however many the part has.
    """
    parser = XMLPullParser(events=("start", "end"))
    open_elements: list[Element] = []
    while chunk := stream.read(_CHUNK):
        parser.feed(chunk)
        for event_and_element in parser.read_events():
            event, element = event_and_element[0], event_and_element[-1]  # start, end: an element
            assert isinstance(element, Element)
            if event == "start":
                open_elements.append(element)
                yield _local_name(element.tag), dict(element.attrib)
            else:
                open_elements.pop()
                if open_elements:
                    open_elements[-1].remove(element)
    parser.close()


def _check_sheet(archive: zipfile.ZipFile, part: str, file_name: str) -> None:
    cells = rows = 0
    with archive.open(part) as stream:
        for name, attributes in _start_elements(stream):
            if name == "row":
                rows += 1  # a row without a number is the one after the previous row
                number = attributes.get("r", str(rows))
                rows = int(number) if number.isdigit() else MAX_ROWS + 1
                if rows > MAX_ROWS:
                    raise _refuse(file_name, f"{MAX_ROWS:,}行を超える行があります")
            elif name == "c":
                cells += 1
                if cells > MAX_CELLS:
                    raise _refuse(file_name, f"1シートに {MAX_CELLS:,}セルを超えるセルがあります")


def _check_shared_strings(archive: zipfile.ZipFile, file_name: str) -> None:
    strings = 0
    with archive.open(_SHARED_STRINGS_PART) as stream:
        for name, _ in _start_elements(stream):
            if name == "si":
                strings += 1
                if strings > MAX_CELLS:
                    raise _refuse(file_name, f"{MAX_CELLS:,}を超える文字列があります")


def check_workbook_size(data: bytes, file_name: str) -> None:
    """Refuse ``data`` when it is over any limit of this module; a file that is not a zip at all is
    left to openpyxl's own refusal. Reads each part as a stream and stops at the first excess."""
    check_upload_size(len(data), file_name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return
    with archive:
        declared = sum(info.file_size for info in archive.infolist())
        if declared > MAX_UNCOMPRESSED_BYTES:
            raise _refuse(file_name, f"展開すると {declared / 1024 / 1024:.0f}MB になります")
        shared = next((info for info in archive.infolist() if info.filename == _SHARED_STRINGS_PART), None)
        if shared is not None and shared.file_size > MAX_SHARED_STRINGS_BYTES:
            raise _refuse(
                file_name, f"文字列の部分が展開すると {shared.file_size / 1024 / 1024:.0f}MB になります"
            )
        names = set(archive.namelist())
        for part in sorted(names):
            if _SHEET_PART.fullmatch(part):
                _check_sheet(archive, part, file_name)
        if _SHARED_STRINGS_PART in names:
            _check_shared_strings(archive, file_name)
