"""全国地方公共団体コード: five digits plus a check digit (JIS X 0401/0402 with 総務省's check digit)."""

from __future__ import annotations

import unicodedata

_WEIGHTS = (6, 5, 4, 3, 2)


class LocalGovernmentCodeError(ValueError):
    """Not a valid code; the message is Japanese."""


def check_digit(first_five: str) -> int:
    """The check digit of a five-digit code: 11 minus the weighted sum modulo 11, last digit kept."""
    total = sum(int(digit) * weight for digit, weight in zip(first_five, _WEIGHTS, strict=True))
    return (11 - total % 11) % 10


def normalise_code(text: str) -> str:
    """Return the six-digit code for ``text`` (five digits get their check digit added).

    Raises :class:`LocalGovernmentCodeError` when the text is not digits or the check digit is wrong.
    """
    code = unicodedata.normalize("NFKC", text).strip()
    if not code.isdigit() or len(code) not in (5, 6):
        raise LocalGovernmentCodeError(
            f"全国地方公共団体コード「{text}」は5桁または6桁の数字で指定してください。"
        )
    expected = check_digit(code[:5])
    if len(code) == 6 and int(code[5]) != expected:
        raise LocalGovernmentCodeError(
            f"全国地方公共団体コード「{text}」の検査数字が正しくありません(正しくは {code[:5]}{expected})。"
        )
    return f"{code[:5]}{expected}"
