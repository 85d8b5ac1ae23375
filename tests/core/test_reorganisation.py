from shinchoku.core.reorganisation import is_active_in, name_in_year


def test_a_department_has_its_previous_name_before_the_year_of_the_change() -> None:
    changes = [(2025, "福祉課")]
    assert name_in_year("共生福祉課", changes, 2024) == "福祉課"
    assert name_in_year("共生福祉課", changes, 2025) == "共生福祉課"


def test_with_several_changes_the_earliest_one_after_the_year_names_it() -> None:
    changes = [(2026, "共生福祉課"), (2024, "福祉課")]
    assert name_in_year("地域共生課", changes, 2023) == "福祉課"
    assert name_in_year("地域共生課", changes, 2024) == "共生福祉課"
    assert name_in_year("地域共生課", changes, 2026) == "地域共生課"


def test_a_span_without_bounds_covers_every_year_and_bounds_are_inclusive() -> None:
    assert is_active_in(1990, first_year=None, last_year=None)
    assert is_active_in(2024, first_year=2024, last_year=2024)
    assert not is_active_in(2023, first_year=2024, last_year=None)
    assert not is_active_in(2025, first_year=None, last_year=2024)
