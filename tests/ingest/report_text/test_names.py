"""Project names: wrap spaces, <再掲>, and the signs of a garbled or truncated name."""

from __future__ import annotations

from shinchoku.ingest.report_text.names import cross_reference, near_match, read_name, wrapped_line_width


def test_it_removes_wrap_spaces_between_japanese_characters_only() -> None:
    assert read_name("サロン活動への支援 ・高齢者サロン").name == "サロン活動への支援・高齢者サロン"
    assert read_name("NPO 法人 支援").name == "NPO 法人支援"


def test_it_strips_the_relisted_mark() -> None:
    reading = read_name("高齢者等見守りネット ワーク事業 <再掲>")
    assert (reading.name, reading.relisted, reading.problem) == ("高齢者等見守りネットワーク事業", True, None)


def test_it_does_not_flag_names_that_end_in_a_noun_or_a_noun_like_kana() -> None:
    assert read_name("見守り").problem is None
    assert read_name("きたもと福祉まつりの開催").problem is None


def test_it_flags_a_name_cut_after_a_particle() -> None:
    assert read_name("地域子育て支援拠点にお").problem is not None
    assert read_name("緊急時の").problem is not None


def test_it_reads_the_place_a_relisted_project_points_to() -> None:
    assert cross_reference(["", "3 - I -①の再掲"]) == "3-1-1"
    assert cross_reference(["再掲"]) is None


def test_it_finds_a_misread_name_only_where_two_cells_print_the_phrase() -> None:
    cells = ["○認知症初期集中支援チームの安定的な稼働", "認知症初期集中支援チーム員会議"]
    assert near_match("認知症初期集中文援ナー", cells) == "認知症初期集中支援チー"
    assert near_match("ボランティア参加の推進", ["芝老世代のボランティア糸加を推進する"]) is None


def test_it_measures_the_name_column_by_its_most_common_first_line() -> None:
    cells = [
        "地域子育て支援拠点にお ける",
        "保健・医療・福祉分野専 門職",
        "サロン活動への支援 ・高齢者",
        "福祉教育",
    ]
    assert wrapped_line_width(cells) == 11
    assert wrapped_line_width(["福祉教育"]) is None
