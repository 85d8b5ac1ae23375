"""One 事業 row of a 取組 table → :class:`ParsedProject`, with every doubtful reading reported.

Columns, in printed order: 事業名, 事業内容, 計画最終年度までの目標, 進捗状況, 事業評価,
評価の理由・課題, 次年度の目標, 事業主体. Rows sometimes carry empty trailing cells; those are
dropped. Rows with fewer cells are padded and reported.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from shinchoku.core.text import collapse_whitespace, count_japanese, search_key
from shinchoku.ingest.report_text.cells import read_rating, split_blocks
from shinchoku.ingest.report_text.departments import DepartmentDirectory, OwnerCell
from shinchoku.ingest.report_text.document import ParsedProject, ReviewItem, TextBlock
from shinchoku.ingest.report_text.indicators_text import read_indicators
from shinchoku.ingest.report_text.names import cross_reference, near_match, read_name, strip_relisted

COLUMNS = 8
NAME, CONTENT, TARGET, PROGRESS, RATING, REASON, NEXT_GOAL, OWNERS = range(COLUMNS)
TEXT_FIELDS = {TARGET: "final_target", PROGRESS: "progress", REASON: "reason", NEXT_GOAL: "next_year_goal"}
# A few kana/kanji, a space, then the first ○ of the 事業内容: the end of a name that slid over.
_SHIFTED_NAME_END = re.compile(r"^(?P<piece>[^\s○〇・]{1,3})\s+(?=[○〇])")
_RELISTED_TEXT = re.compile(r"の再掲$")


@dataclass(frozen=True)
class RowContext:
    """What a row needs from the rest of the document."""

    seq: int
    policy: str
    initiative: int
    codes: Sequence[str]
    directory: DepartmentDirectory
    legend_definitions: frozenset[str]  # search keys of the legend's definitions
    name_width: int | None = None  # characters per line of the 事業名 column, when known


def row_cells(cells: Sequence[str]) -> tuple[list[str], str | None]:
    """The eight cells of a row, and a problem when the row had more or fewer."""
    values = list(cells)
    while len(values) > COLUMNS and not values[-1].strip():
        values.pop()
    if len(values) > COLUMNS:
        return values[
            :COLUMNS
        ], "列が多すぎます。9列目以降は読み飛ばしました。列のずれがないか確認してください。"
    if len(values) < COLUMNS:
        return values + [""] * (
            COLUMNS - len(values)
        ), "列が足りません。空欄として読みました。確認してください。"
    return values, None


def is_continuation(cells: Sequence[str]) -> bool:
    """A row with no name, rating or owner: the rest of the previous row, broken by a page end."""
    return not (cells[NAME].strip() or cells[RATING].strip() or cells[OWNERS].strip())


def join_cells(first: Sequence[str], second: Sequence[str]) -> list[str]:
    return [
        " ".join(part for part in (a.strip(), b.strip()) if part) for a, b in zip(first, second, strict=True)
    ]


def build_project(cells: Sequence[str], line: int, context: RowContext) -> ParsedProject:
    values, shape_problem = row_cells(cells)
    reviews: list[ReviewItem] = []

    def review(field: str, message: str, raw: str = "") -> None:
        reviews.append(ReviewItem(field, line, message, raw))

    if shape_problem:
        review("row", shape_problem, "\t".join(cells))
    name_raw = values[NAME].strip()
    name, relisted, content = _read_name(values, context.name_width, review)
    rating = read_rating(values[RATING], context.codes)
    if rating.problem:
        review("rating", rating.problem, values[RATING].strip())
    owners, ratings_by_owner = _read_owners(values, context, review)
    texts = {}
    for column, field in TEXT_FIELDS.items():
        reading = split_blocks(values[column], context.directory)
        texts[field] = reading.blocks
        for printed, department in reading.repaired:
            review(field, f"【{printed}】を【{department}】と読みました。確認してください。", printed)
    if not relisted and _only_cross_references(texts):
        relisted = True
        review(
            "relisted",
            "事業名に<再掲>はありませんが、本文が「…の再掲」だけなので再掲として扱いました。",
            name_raw,
        )
    indicators = read_indicators(values[TARGET])
    for problem in indicators.problems:
        review("indicators", problem, collapse_whitespace(values[TARGET]))
    if content and search_key(content) in context.legend_definitions:
        review(
            "content", "事業内容の欄に評価の凡例の文章が入っています。事業内容を確認してください。", content
        )
    return ParsedProject(
        seq=context.seq,
        policy=context.policy,
        initiative=context.initiative,
        name=name,
        name_raw=name_raw,
        content=content,
        final_target=texts["final_target"],
        progress=texts["progress"],
        rating=rating.code,
        rating_raw=values[RATING].strip(),
        ratings_by_owner=ratings_by_owner,
        reason=texts["reason"],
        next_year_goal=texts["next_year_goal"],
        owners=owners,
        relisted=relisted,
        line=line,
        indicators=indicators.indicators,
        needs_review=reviews,
        relisted_from=cross_reference(values[column] for column in TEXT_FIELDS) if relisted else None,
    )


class _Review(Protocol):
    def __call__(self, field: str, message: str, raw: str = "") -> None: ...


def _read_name(values: list[str], width: int | None, review: _Review) -> tuple[str, bool, str]:
    """Name, relisted flag and 事業内容, with the end of a name that slid into 事業内容 put back.

    A few characters before the first ○ of 事業内容 are the end of the name's first line only
    when that line is shorter than the column by at least their length: a full first line
    ('総合福祉センターの機能') has no room for them, so they belong to 事業内容.
    """
    name_cell = values[NAME].strip()
    content = collapse_whitespace(values[CONTENT])
    without_mark, marked = strip_relisted(name_cell)
    pieces = without_mark.split()
    shifted = _SHIFTED_NAME_END.match(content)
    if shifted and width and 1 <= len(pieces) <= 2:
        piece = shifted.group("piece")
        if count_japanese(piece) == len(piece) and len(pieces[0]) + len(piece) <= width:
            reading = read_name(pieces[0] + piece + "".join(pieces[1:]))
            review(
                "name",
                f"事業名の一部「{piece}」が事業内容の欄にずれていたため事業名に戻し、「{reading.name}」と読みました。"
                "事業名を確認してください。",
                name_cell,
            )
            return reading.name, marked, content[shifted.end() :]
    reading = read_name(name_cell)
    if reading.problem:
        review("name", reading.problem, name_cell)
    elif not content and len(pieces) >= 3:
        review(
            "name",
            "事業内容が空欄で、事業名が3行以上に折り返されています。事業内容が事業名に入り込んでいないか確認してください。",
            name_cell,
        )
    elif suggestion := near_match(reading.name, [content, *(values[column] for column in TEXT_FIELDS)]):
        review(
            "name",
            f"事業名「{reading.name}」は同じ行の「{suggestion}」とよく似ていますが一致しません。"
            "読み取りの誤りがないか確認してください。",
            name_cell,
        )
    return reading.name, reading.relisted, content


def _read_owners(values: list[str], context: RowContext, review: _Review) -> tuple[list[str], dict[str, str]]:
    raw = collapse_whitespace(values[OWNERS])
    if not raw:
        review("owners", "事業主体の欄が空です。担当課を確認してください。")
        return [], {}
    cell: OwnerCell = context.directory.read_owner_cell(raw)
    for printed, known in cell.resolved:
        review(
            "owners",
            f"事業主体「{printed}」を、この文書の他の行にある「{known}」と読みました。確認してください。",
            raw,
        )
    owners = cell.owners
    if cell.unknown:
        named = _departments_named_in_texts(values, context.directory)
        readable = [owner for owner in owners if owner not in cell.unknown]
        if named and all(owner in named for owner in readable):
            owners = named
            message = "事業主体の欄が読めないため、本文の【課名】から担当課を補いました。確認してください。"
        else:
            unknown = "」「".join(cell.unknown)
            message = (
                f"事業主体の「{unknown}」は課名として読めません。原文のまま残しました。"
                "担当課を確認してください。"
            )
        review("owners", message, raw)
    ratings: dict[str, str] = {}
    for owner, letter in cell.letters.items():
        reading = read_rating(letter, context.codes)
        if reading.code:
            ratings[owner] = reading.code
        else:
            review("rating", f"{owner}の{reading.problem}", letter)
    if cell.letters and len(cell.letters) < len(owners):
        review(
            "rating", "事業主体の一部にだけ評価が書かれています。評価のない担当課を確認してください。", raw
        )
    return owners, ratings


def _departments_named_in_texts(values: list[str], directory: DepartmentDirectory) -> list[str]:
    """Known departments named by 【課名】 markers in the row's text cells, in order of appearance."""
    named: list[str] = []
    for column in TEXT_FIELDS:
        for block in split_blocks(values[column], directory).blocks:
            if block.department and block.department in directory and block.department not in named:
                named.append(block.department)
    return named


def _only_cross_references(texts: dict[str, list[TextBlock]]) -> bool:
    blocks = [
        block for field in ("progress", "reason", "next_year_goal") for block in texts[field] if block.text
    ]
    return bool(blocks) and all(_RELISTED_TEXT.search(re.sub(r"\s+", "", block.text)) for block in blocks)
