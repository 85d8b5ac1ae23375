"""The national entries file holds exactly the rows of the per-round exports of every published
round of every city, and nothing else."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shinchoku.demo.second_city import generate_second_demo
from shinchoku.evaluations.models import Entry, Round
from shinchoku.reports.formats.csv import read_csv
from shinchoku.reports.national.export import NationalFormat, chunks, national_columns
from tests.evaluations.tiny_plan import TinyPlan, add_projects
from tests.plans.shapes import SHAPES, Shape, build_shaped_plan
from tests.reports.national.world import (
    national_csv,
    national_jsonl_rows,
    per_round_csv_rows,
    per_round_json_rows,
    published_rounds,
)

DRAFT = "まだ下書きの進捗状況です"


@pytest.fixture
def two_cities(tiny: TinyPlan) -> TinyPlan:
    """北本市's four-level plan (2023 published, 2024 collecting) and あおば市 (three levels, a
    shared-project plan, published, closed and collecting years), with a draft in each city."""
    generate_second_demo()
    Entry.objects.filter(round=tiny.collecting).update(progress=DRAFT)
    unpublished = Round.objects.exclude(state=Round.State.PUBLISHED).exclude(plan=tiny.plan)
    Entry.objects.filter(round__in=unpublished).update(reason=DRAFT)
    return tiny


def test_the_world_has_two_cities_of_different_shapes_and_several_published_rounds(
    two_cities: TinyPlan,
) -> None:
    rounds = published_rounds()
    assert len({round_.plan.municipality_id for round_ in rounds}) == 2
    assert len(rounds) >= 3
    assert len({len(round_.plan.level_labels) for round_ in rounds}) >= 2
    assert Round.objects.exclude(state=Round.State.PUBLISHED).filter(entries__reason=DRAFT).exists()


def test_the_csv_holds_exactly_the_rows_of_every_published_rounds_own_csv(two_cities: TinyPlan) -> None:
    expected = [row for round_ in published_rounds() for row in per_round_csv_rows(round_)]
    assert read_csv(national_csv()) == expected
    assert len(expected) > 50


def test_the_json_lines_hold_exactly_the_per_round_json_rows(two_cities: TinyPlan) -> None:
    expected = [row for round_ in published_rounds() for row in per_round_json_rows(round_)]
    assert national_jsonl_rows() == expected


def test_a_draft_never_appears(two_cities: TinyPlan) -> None:
    assert DRAFT.encode() not in national_csv()
    assert DRAFT.encode() not in b"".join(chunks("jsonl"))
    years = {(row["計画ID"], row["年度"]) for row in read_csv(national_csv())}
    assert (str(two_cities.plan.pk), "2024") not in years


def test_the_csv_starts_with_a_byte_order_mark_and_positional_level_headers(tiny: TinyPlan) -> None:
    data = national_csv()
    assert data.startswith(b"\xef\xbb\xbf")
    header = data.decode("utf-8-sig").split("\r\n")[0].split(",")
    assert header == [column.header for column in national_columns()]
    assert header[6:16] == [f"第{n}階層{part}" for n in range(1, 6) for part in ("番号", "名")]
    assert not b"".join(chunks("csv", bom=False)).startswith(b"\xef\xbb\xbf")


def test_a_four_level_plans_rows_leave_the_deeper_level_columns_empty(tiny: TinyPlan) -> None:
    row = read_csv(national_csv())[0]
    assert (row["第1階層番号"], row["第2階層番号"], row["第3階層番号"]) == ("1", "1-1", "1-1-1")
    assert row["第4階層番号"] == row["第4階層名"] == row["第5階層名"] == ""


@pytest.mark.parametrize("typed", ['=HYPERLINK("http://example.com","x")', "+1", "-2", "@SUM(A1)"])
def test_text_that_looks_like_a_formula_is_inert_in_the_csv_and_as_typed_in_json(
    tiny: TinyPlan, typed: str
) -> None:
    Entry.objects.filter(round=tiny.published, project=tiny.single).update(progress=typed)
    assert read_csv(national_csv())[0]["進捗状況"] == "'" + typed
    assert national_jsonl_rows()[0]["progress"] == typed


def test_an_empty_database_gives_a_header_only_and_no_lines(db: None) -> None:
    assert read_csv(national_csv()) == []
    assert national_jsonl_rows() == []


@pytest.mark.parametrize("national_format", ["csv", "jsonl"])
def test_the_queries_do_not_grow_with_the_rows_of_a_round(
    tiny: TinyPlan, national_format: NationalFormat
) -> None:
    with CaptureQueriesContext(connection) as small:
        small_rows = b"".join(chunks(national_format)).count(b"\n")
    add_projects(tiny, 30)
    with CaptureQueriesContext(connection) as large:
        large_rows = b"".join(chunks(national_format)).count(b"\n")
    assert large_rows == small_rows + 30
    assert len(large.captured_queries) == len(small.captured_queries)


def test_it_reads_one_round_at_a_time(two_cities: TinyPlan) -> None:
    """The file is produced lazily: a chunk per round, read when asked for."""
    stream = chunks("jsonl")
    with CaptureQueriesContext(connection) as first:
        next(stream)
    with CaptureQueriesContext(connection) as rest:
        remaining = list(stream)
    assert len(remaining) == len(published_rounds()) - 1
    assert first.captured_queries
    assert rest.captured_queries


@pytest.mark.parametrize("shape", SHAPES, ids=[shape.name for shape in SHAPES])
def test_a_plan_of_any_shape_gives_its_own_rows_under_headers_naming_no_level(shape: Shape, db: None) -> None:
    shaped = build_shaped_plan(shape)
    data = national_csv()
    header = data.decode("utf-8-sig").split("\r\n")[0]
    assert not any(label in header for label in shape.level_labels[:-1])
    assert read_csv(data) == per_round_csv_rows(shaped.published)
    levels = {key for row in national_jsonl_rows() for key in row if key.startswith("level")}
    assert len(levels) == 2 * (len(shape.level_labels) - 1)


def test_the_imported_seed_and_a_generated_city_come_out_as_their_own_exports(seed_round: Round) -> None:
    generate_second_demo()
    rounds = published_rounds()
    assert seed_round in rounds
    assert read_csv(national_csv()) == [row for round_ in rounds for row in per_round_csv_rows(round_)]
    assert national_jsonl_rows() == [row for round_ in rounds for row in per_round_json_rows(round_)]
