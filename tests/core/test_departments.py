from shinchoku.core.departments import is_outside_body


def test_the_council_of_social_welfare_is_an_outside_body() -> None:
    assert is_outside_body("社協")
    assert is_outside_body("北本市社会福祉協議会")


def test_city_divisions_are_not_outside_bodies() -> None:
    assert not is_outside_body("共生福祉課")
    assert not is_outside_body("市長公室")
