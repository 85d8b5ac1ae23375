from __future__ import annotations

from shinchoku.core.changes import RatingChange, compare_years
from shinchoku.core.ratings import ABC, Scale, ScaleCode

ONE_TO_FIVE = Scale((*(ScaleCode(str(n)) for n in range(1, 6)), ScaleCode("対象外", is_rating=False)))


def test_a_better_rank_rose_and_a_worse_one_fell() -> None:
    changes = compare_years(ABC, {"a": "B", "b": "B", "c": "A"}, {"a": "A", "b": "C", "c": "A"})

    assert changes.rose == [RatingChange("a", "B", "A")]
    assert changes.fell == [RatingChange("b", "B", "C")]
    assert changes.unchanged == 1


def test_rank_follows_the_scale_not_the_text_so_1_is_best() -> None:
    changes = compare_years(ONE_TO_FIVE, {"a": "3"}, {"a": "2"})

    assert changes.rose == [RatingChange("a", "3", "2")]


def test_unrated_and_non_rating_codes_are_not_comparable_never_a_fall() -> None:
    changes = compare_years(
        ONE_TO_FIVE, {"a": "1", "b": None, "c": "2"}, {"a": None, "b": "1", "c": "対象外"}
    )

    assert changes.rose == changes.fell == []
    assert changes.not_comparable == ["a", "b", "c"]


def test_projects_reported_in_one_year_only_are_new_or_ended() -> None:
    changes = compare_years(ABC, {"old": "A", "both": "B"}, {"both": "B", "fresh": None})

    assert changes.new == ["fresh"]
    assert changes.ended == ["old"]
