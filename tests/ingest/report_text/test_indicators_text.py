"""Indicators read from target text: only numbers with a unit after a named quantity."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shinchoku.ingest.report_text.indicators_text import read_indicators


def test_it_reads_target_unit_and_a_baseline_note() -> None:
    [indicator] = read_indicators("生活支援サービス担い手数 200人 ※R3 176人").indicators
    assert indicator.label == "生活支援サービス担い手数"
    assert (indicator.target_value, indicator.unit) == (Decimal(200), "人")
    assert (indicator.baseline_value, indicator.baseline_year) == (Decimal(176), 2021)
    assert (indicator.target_year, indicator.direction) == (None, "up")
    assert indicator.source == "生活支援サービス担い手数 200人 ※R3 176人"


def test_it_reads_a_label_with_a_period_and_no_space_before_the_number() -> None:
    [indicator] = read_indicators("キタガク講座の開催数(年間)250回").indicators
    assert (indicator.label, indicator.target_value, indicator.unit) == (
        "キタガク講座の開催数(年間)",
        Decimal(250),
        "回",
    )


def test_it_reads_percentages_and_thousands_separators() -> None:
    share = read_indicators("成年後見制度を知っている人の割合 50.0% ※R3 31.2%").indicators[0]
    assert (share.target_value, share.unit, share.baseline_value) == (Decimal("50.0"), "%", Decimal("31.2"))
    users = read_indicators("社会福祉協議会のSNS登録者数 1,000人").indicators[0]
    assert users.target_value == Decimal(1000)


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("地域子育て支援拠点開催箇所数 5箇所を継続実施", "keep"),
        ("相談待ち件数 10件以下", "down"),
        ("ごちゃまぜの会の開催数 3回 ※R3 3回", "keep"),
        ("開催箇所数 68箇所 ※R3 62箇所", "up"),
    ],
)
def test_it_reads_the_direction_from_the_words_after_the_number(text: str, direction: str) -> None:
    assert read_indicators(text).indicators[0].direction == direction


def test_it_reads_i_as_1_in_numbers_and_asks_for_review() -> None:
    reading = read_indicators("福祉の心を育む交流事業の実施校 I 2校 ※計画策定時点 R 3: I 校")
    [indicator] = reading.indicators
    assert (indicator.target_value, indicator.baseline_value, indicator.baseline_year) == (
        Decimal(12),
        Decimal(1),
        2021,
    )
    assert len(reading.problems) == 1


def test_it_reports_a_number_it_cannot_read_as_an_indicator() -> None:
    reading = read_indicators("○人口10万対自殺死亡率15.5")
    assert reading.indicators == []
    assert ["15.5" in problem for problem in reading.problems] == [True]


def test_it_does_not_invent_an_indicator_without_a_named_quantity() -> None:
    reading = read_indicators("市内小中高12校を福祉協力校と位置づけて、公民館等 8 施設で実施")
    assert reading.indicators == []
    assert reading.problems == []
