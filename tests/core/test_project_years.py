from shinchoku.core.project_years import began_in, change_reason, ended_before, span_label, span_problem

PERIOD = (2022, 2026)


def test_a_span_within_the_plan_period_in_order_is_valid() -> None:
    assert span_problem(None, None, period=PERIOD) is None
    assert span_problem(2022, 2026, period=PERIOD) is None
    assert span_problem(2024, 2024, period=PERIOD) is None


def test_it_refuses_a_year_outside_the_plan_period_naming_the_period() -> None:
    early = span_problem(2021, None, period=PERIOD)
    assert early is not None
    assert early.bound == "first"
    assert "開始年度(2021年度)が計画期間(令和4年度〜令和8年度)の外です" in early.message
    late = span_problem(None, 2027, period=PERIOD)
    assert late is not None
    assert late.bound == "last"
    assert "終了年度(2027年度)" in late.message


def test_it_refuses_an_end_before_the_start() -> None:
    problem = span_problem(2025, 2024, period=PERIOD)
    assert problem is not None
    assert problem.bound == "last"
    assert problem.message == "終了年度(2024年度)が開始年度(2025年度)より前です。"


def test_a_project_begins_in_its_first_year_and_ends_after_its_last() -> None:
    assert began_in(2025, first_year=2025, last_year=None)
    assert not began_in(2026, first_year=2025, last_year=None)
    assert not began_in(2025, first_year=None, last_year=None)
    assert ended_before(2025, first_year=None, last_year=2024)
    assert not ended_before(2026, first_year=None, last_year=2024)
    assert not ended_before(2025, first_year=None, last_year=None)


def test_a_span_is_labelled_in_japanese_era_years() -> None:
    assert span_label(2025, None) == "令和7年度から"
    assert span_label(None, 2024) == "令和6年度まで"
    assert span_label(2023, 2024) == "令和5年度〜令和6年度"
    assert span_label(None, None) == ""


def test_a_change_is_explained_by_the_project_years_only_when_they_explain_it() -> None:
    assert change_reason("new", 2025, first_year=2025, last_year=None) == "令和7年度から開始"
    assert change_reason("ended", 2025, first_year=None, last_year=2024) == "終了(令和6年度まで)"
    assert change_reason("new", 2025, first_year=None, last_year=None) == ""
    assert change_reason("ended", 2025, first_year=None, last_year=None) == ""
    assert change_reason("ended", 2026, first_year=None, last_year=2024) == ""
