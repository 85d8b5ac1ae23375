"""Indicator charts on the project page, with the achievement rate in their table equivalent."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from shinchoku.core.indicators import AchievementFormula
from tests.evaluations.tiny_plan import TinyPlan


def _html(client: Client, tiny: TinyPlan, site: str = "public") -> str:
    return client.get(reverse(f"{site}:project", args=[tiny.plan.pk, tiny.single.pk])).content.decode()


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_indicator_is_charted_as_a_named_image_against_baseline_and_target(
    client: Client, tiny: TinyPlan
) -> None:
    html = _html(client, tiny)

    pk = tiny.indicator.pk
    assert f'role="img" aria-labelledby="indicator-{pk}-title indicator-{pk}-desc"' in html
    assert f'<title id="indicator-{pk}-title">福祉教育の実施校数の推移</title>' in html
    desc = re.search(rf'<desc id="indicator-{pk}-desc">(.*?)</desc>', html)
    assert desc is not None
    assert desc.group(1) == (
        "基準値 3校(令和3年度(2021年度))。目標値 12校(令和8年度(2026年度))。"
        "実績値 令和4年度(2022年度) 5校、令和5年度(2023年度) 7.5校。"
    )
    assert 'class="chart-line"' in html
    assert 'class="chart-target-level"' in html


def test_the_table_gives_the_achievement_rate_of_each_year(client: Client, tiny: TinyPlan) -> None:
    text = _text(_html(client, tiny))

    assert "5校 達成率 22%" in text  # (5 - 3) / (12 - 3)
    assert "7.5校 達成率 50%" in text


def test_the_public_chart_leaves_out_the_unpublished_years_value(client: Client, tiny: TinyPlan) -> None:
    html = _html(client, tiny)

    assert "9校" not in html
    assert "2024" not in html


def test_staff_see_it_charted(staff_client: Client, tiny: TinyPlan) -> None:
    assert "令和6年度(2024年度) 9校" in _html(staff_client, tiny, "web")


def test_the_rates_follow_the_plans_formula_which_the_page_states_beside_them(
    client: Client, tiny: TinyPlan
) -> None:
    progress = _text(_html(client, tiny))
    tiny.plan.achievement_formula = AchievementFormula.RATIO
    tiny.plan.save()

    ratio = _text(_html(client, tiny))

    assert "達成率 = (実績値 − 基準値) ÷ (目標値 − 基準値)" in progress
    assert "5校 達成率 42%" in ratio  # 5 / 12, the baseline 3 left out
    assert "達成率 = 実績値 ÷ 目標値" in ratio
    assert "基準値) ÷" not in ratio
