"""The quality checks on one entry, without a database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shinchoku.core.indicators import AchievementFormula, Direction
from shinchoku.core.quality import (
    CHECKS,
    EntryFacts,
    IndicatorFacts,
    blank_numbers,
    check_entry,
    is_placeholder,
)
from shinchoku.core.ratings import ABC, Scale, ScaleCode

RATIO = AchievementFormula.RATIO
# A scale whose best code is not A, with a non-rating code after its lowest.
STARS = Scale(
    (
        ScaleCode("◎"),
        ScaleCode("○"),
        ScaleCode("△"),
        ScaleCode("×"),
        ScaleCode("未着手", is_rating=False),
    )
)


def checks(facts: EntryFacts, scale: Scale = ABC) -> list[tuple[str, str]]:
    return [(finding.check, finding.field) for finding in check_entry(facts, scale, RATIO)]


def test_every_check_has_a_japanese_name_and_explanation() -> None:
    assert [check.id for check in CHECKS] == [
        "blank_number",
        "copied_from_last_year",
        "target_unchanged",
        "rating_vs_indicator",
        "missing_reason",
        "placeholder_text",
        "missing_actual",
    ]
    for check in CHECKS:
        assert check.name
        assert check.explanation.endswith("。")


@pytest.mark.parametrize(
    ("text", "counter"),
    [
        ("R5年度実績:会議 回開催。", "回"),
        ("訪問数 件。", "件"),
        (" 人参加した。", "人"),
        ("研修会(受講者 名)を実施", "名"),
        ("相談窓口を か所設置した", "か所"),
        ("見守り対象 世帯", "世帯"),
        ("講座を\u3000時間実施", "時間"),
    ],
)
def test_it_finds_a_counter_word_whose_number_is_missing(text: str, counter: str) -> None:
    [excerpt] = blank_numbers(text)
    assert counter in excerpt


@pytest.mark.parametrize(
    "text",
    [
        "会議を3回開催した。",
        "訪問数 12 件。",
        "世帯が I 世帯でも多く",  # OCR read 1 as I
        "目標を上 回る成果",  # a line wrap inside 上回る
        "地域の 人材を育てる",
        "地域 回覧板で周知",
        "人と人、人と地域 がつながる",
        "個人登録248名 (前年度234名) 団体登録49団体",  # 団体 names the next count
        "個人:248名(前年比14名増) 団体:48団体",
    ],
)
def test_it_does_not_read_a_number_or_a_wrapped_word_as_a_blank(text: str) -> None:
    assert blank_numbers(text) == []


def test_the_two_blank_numerals_of_the_seed_are_two_findings_in_progress() -> None:
    text = "必要時訪問した。R5年度実績:会議 回開催。訪問数 件。"
    assert checks(EntryFacts({"progress": text})) == [("blank_number", "progress")] * 2


@pytest.mark.parametrize("text", ["同上", "特になし", "―", " 特になし。 ", "-", "○特になし", "○―"])
def test_a_placeholder_alone_is_found(text: str) -> None:
    assert is_placeholder(text)
    assert checks(EntryFacts({"reason": text})) == [("placeholder_text", "reason")]


def test_a_placeholder_inside_a_sentence_is_not() -> None:
    assert checks(EntryFacts({"reason": "特になし。引き続き周知に努める。"})) == []


def test_text_copied_from_last_year_is_found_whatever_the_spacing() -> None:
    facts = EntryFacts(
        {
            "progress": "講座を 開催した。",
            "reason": "新しい理由を書いた。",
            "next_year_goal": "継続して実施する。",
        },
        last_year={
            "progress": "講座を開催 した。",
            "reason": "昨年の理由。",
            "next_year_goal": "継続して 実施する。",
        },
    )
    assert checks(facts) == [("copied_from_last_year", "progress"), ("target_unchanged", "next_year_goal")]


def test_nothing_is_compared_without_last_year() -> None:
    assert checks(EntryFacts({"progress": "講座を開催した。"}, last_year=None)) == []


def indicator(actual: str | None, target: str = "100") -> IndicatorFacts:
    return IndicatorFacts(
        label="参加者数",
        actual=None if actual is None else Decimal(actual),
        target=Decimal(target),
        direction=Direction.UP,
    )


REASON = "参加者が増え、地域の担い手が育った。"


@pytest.mark.parametrize(
    ("scale", "rating", "actual", "fires"),
    [
        (ABC, "A", "40", True),
        (ABC, "A", "50", False),
        (ABC, "C", "100", True),
        (ABC, "C", "99", False),
        (ABC, "B", "10", False),
        (STARS, "◎", "40", True),
        (STARS, "×", "120", True),
        (STARS, "△", "120", False),
        (STARS, "未着手", "120", False),
        (STARS, "未着手", "10", False),
    ],
)
def test_a_rating_contradicting_the_indicator_is_found_by_the_plans_scale(
    scale: Scale, rating: str, actual: str, fires: bool
) -> None:
    facts = EntryFacts({"reason": REASON}, rating=rating, indicators=[indicator(actual)])
    assert (("rating_vs_indicator", "rating") in checks(facts, scale)) is fires


def test_the_achievement_follows_the_plans_formula() -> None:
    # From a baseline of 80 towards 100, an actual of 88 is 40 % of the way (under half) by
    # PROGRESS, but 88 % by RATIO.
    facts = EntryFacts(
        {"reason": REASON},
        rating="A",
        indicators=[IndicatorFacts("参加者数", Decimal(88), Decimal(100), Direction.UP, Decimal(80))],
    )
    assert [f.check for f in check_entry(facts, ABC, AchievementFormula.PROGRESS)] == ["rating_vs_indicator"]
    assert check_entry(facts, ABC, AchievementFormula.RATIO) == []


def test_the_lowest_rating_with_a_short_reason_is_found_but_not_a_non_rating_code() -> None:
    assert checks(EntryFacts({"reason": "未実施"}, rating="C")) == [("missing_reason", "reason")]
    assert checks(EntryFacts({"reason": ""}, rating="×"), STARS) == [("missing_reason", "reason")]
    assert checks(EntryFacts({"reason": "未実施"}, rating="未着手"), STARS) == []
    assert checks(EntryFacts({"reason": "未実施"}, rating="B")) == []


def test_an_indicator_without_this_years_actual_is_found() -> None:
    facts = EntryFacts({"reason": REASON}, rating="B", indicators=[indicator(None), indicator("80")])
    [finding] = check_entry(facts, ABC, RATIO)
    assert (finding.check, finding.field, finding.excerpt) == (
        "missing_actual",
        "indicator",
        "参加者数(実績値なし)",
    )
