import pytest

from shinchoku.core.local_government_code import LocalGovernmentCodeError, check_digit, normalise_code


@pytest.mark.parametrize(("five", "six"), [("11233", "112330"), ("01100", "011002"), ("13000", "130001")])
def test_it_adds_the_check_digit(five: str, six: str) -> None:
    assert str(check_digit(five)) == six[-1]
    assert normalise_code(five) == six


def test_it_accepts_full_width_digits() -> None:
    assert normalise_code("１１２３３０") == "112330"


def test_it_refuses_a_wrong_check_digit_and_says_the_right_one() -> None:
    with pytest.raises(LocalGovernmentCodeError, match="112330"):
        normalise_code("112331")


@pytest.mark.parametrize("text", ["", "1123", "11233a", "1123300"])
def test_it_refuses_text_that_is_not_a_code(text: str) -> None:
    with pytest.raises(LocalGovernmentCodeError, match="全国地方公共団体コード"):
        normalise_code(text)
