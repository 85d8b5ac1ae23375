import pytest

from shinchoku.core.ratings import (
    ABC,
    ConsolidationRule,
    Scale,
    ScaleCode,
    consolidate,
    consolidate_project,
    tally,
)

SCALE_WITH_NON_RATING = Scale(
    (ScaleCode("A"), ScaleCode("B"), ScaleCode("C"), ScaleCode("対象外", is_rating=False))
)


def test_the_lowest_rule_takes_the_worst_rating() -> None:
    assert consolidate(ABC, ["A", "C", "B"], ConsolidationRule.LOWEST).rating == "C"


def test_unrated_items_are_left_out_of_the_maths_and_counted_apart() -> None:
    suggestion = consolidate(ABC, ["A", None, "B"], ConsolidationRule.LOWEST)
    assert suggestion.rating == "B"
    assert (suggestion.rated, suggestion.unrated) == (2, 1)
    assert "未評価 1 件" in suggestion.explanation


def test_non_rating_codes_never_count_as_a_low_score() -> None:
    suggestion = consolidate(SCALE_WITH_NON_RATING, ["A", "対象外"], ConsolidationRule.LOWEST)
    assert suggestion.rating == "A"
    assert suggestion.unrated == 1


def test_nothing_rated_gives_no_rating_rather_than_the_worst() -> None:
    suggestion = consolidate(ABC, [None, None], ConsolidationRule.LOWEST)
    assert suggestion.rating is None
    assert "算出できません" in suggestion.explanation


def test_the_lead_department_rule_takes_the_first_owners_rating() -> None:
    assert consolidate(ABC, ["B", "A"], ConsolidationRule.LEAD_DEPARTMENT).rating == "B"
    assert consolidate(ABC, [None, "A"], ConsolidationRule.LEAD_DEPARTMENT).rating is None


def test_the_most_common_rule_breaks_ties_towards_the_lower_rating() -> None:
    assert consolidate(ABC, ["A", "A", "B"], ConsolidationRule.MOST_COMMON).rating == "A"
    assert consolidate(ABC, ["A", "B"], ConsolidationRule.MOST_COMMON).rating == "B"


def test_manual_ratings_cannot_be_computed() -> None:
    with pytest.raises(ValueError, match="entered by a person"):
        consolidate(ABC, ["A"], ConsolidationRule.MANUAL)


def test_a_scale_where_one_is_best_ranks_by_position_not_by_value() -> None:
    scale = Scale(tuple(ScaleCode(str(n)) for n in range(1, 6)))
    assert scale.worst(["1", "5", "3"]) == "5"
    assert scale.best(["4", "2"]) == "2"


def test_tally_keeps_unrated_apart_and_shares_are_of_rated_items() -> None:
    result = tally(ABC, ["A", "A", "B", None])
    assert result.counts == {"A": 2, "B": 1, "C": 0}
    assert result.unrated == 1
    assert result.total == 4
    assert result.share("A") == pytest.approx(2 / 3)


def test_tally_of_nothing_rated_has_no_share() -> None:
    assert tally(ABC, [None]).share("A") is None


SABC_WITH_TWO_NON_RATING = Scale(
    (
        *(ScaleCode(code) for code in "SABC"),
        ScaleCode("未着手", is_rating=False),
        ScaleCode("評価困難", is_rating=False),
    )
)


def test_tally_counts_each_non_rating_code_apart_from_the_unrated() -> None:
    result = tally(SABC_WITH_TWO_NON_RATING, ["S", "A", "A", "C", "未着手", "評価困難", "評価困難", None])

    assert result.counts == {"S": 1, "A": 2, "B": 0, "C": 1}
    assert result.others == {"未着手": 1, "評価困難": 2}
    assert result.unrated == 1
    assert (result.rated, result.not_rated, result.total) == (4, 3, 8)
    assert [code for code, _ in result.columns] == ["S", "A", "B", "C", "未着手", "評価困難"]


def test_shares_are_over_rating_codes_only_and_a_non_rating_code_has_none() -> None:
    result = tally(SABC_WITH_TWO_NON_RATING, ["A", "C", "未着手", None])

    assert result.share("A") == pytest.approx(1 / 2)
    assert result.share("未着手") is None


def test_a_code_missing_from_the_scale_is_counted_as_itself_not_as_unrated() -> None:
    result = tally(ABC, ["A", "中止"])

    assert result.others == {"中止": 1}
    assert result.unrated == 0


def test_the_lead_departments_rule_says_why_it_has_no_result_when_only_the_others_rated() -> None:
    suggestion = consolidate(ABC, [None, "A", "B"], ConsolidationRule.LEAD_DEPARTMENT)
    assert suggestion.rating is None
    assert suggestion.explanation == (
        "主担当課の評価: 主担当課の評価がまだないため算出できません(ほかの評価済み 2 件は使いません)"
    )


@pytest.mark.parametrize("rule", [ConsolidationRule.LOWEST, ConsolidationRule.MOST_COMMON])
def test_a_project_whose_departments_all_gave_non_rating_codes_takes_the_leads_code(
    rule: ConsolidationRule,
) -> None:
    suggestion = consolidate_project(SABC_WITH_TWO_NON_RATING, ["未着手", "評価困難"], rule)

    assert (suggestion.rating, suggestion.non_rating) == ("未着手", True)
    assert "主担当課の区分「未着手」" in suggestion.explanation


def test_a_project_with_a_department_yet_to_answer_stays_unrated_when_nobody_rated() -> None:
    suggestion = consolidate_project(SABC_WITH_TWO_NON_RATING, ["未着手", None], ConsolidationRule.LOWEST)

    assert suggestion.rating is None


def test_a_rating_code_among_non_rating_ones_decides_by_the_rule() -> None:
    suggestion = consolidate_project(SABC_WITH_TWO_NON_RATING, ["未着手", "B"], ConsolidationRule.LOWEST)

    assert (suggestion.rating, suggestion.non_rating) == ("B", False)


def test_under_the_lead_departments_rule_the_leads_non_rating_code_stands() -> None:
    suggestion = consolidate_project(
        SABC_WITH_TWO_NON_RATING, ["評価困難", "A"], ConsolidationRule.LEAD_DEPARTMENT
    )

    assert (suggestion.rating, suggestion.non_rating) == ("評価困難", True)
