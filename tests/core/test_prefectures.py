from shinchoku.core.prefectures import PREFECTURES, prefecture, prefecture_of


def test_there_are_forty_seven_prefectures_numbered_from_one() -> None:
    assert len(PREFECTURES) == 47
    assert [p.code for p in PREFECTURES] == [f"{n:02d}" for n in range(1, 48)]


def test_a_municipality_code_names_its_prefecture_by_its_first_two_digits() -> None:
    found = prefecture_of("112330")  # 北本市
    assert found is not None
    assert found.name == "埼玉県"
    assert prefecture_of("131016") == prefecture("13")
    tokyo = prefecture("13")
    assert tokyo is not None
    assert tokyo.name == "東京都"


def test_codes_naming_no_prefecture_give_none() -> None:
    assert prefecture_of("481234") is None
    assert prefecture("00") is None
