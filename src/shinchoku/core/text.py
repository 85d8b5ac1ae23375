"""Japanese text normalisation for search keys and parsing.

NFKC changes meaning (① → 1, ㈱ → (株)), so it is used for keys and for reading noisy input,
never for the text that is stored and displayed.
"""

from __future__ import annotations

import re
import unicodedata

# Letters that PDF extraction returns for A/B/C: Greek, Cyrillic and full-width look-alikes.
LOOKALIKE_LETTERS = str.maketrans(
    {
        "Α": "A",  # Greek capital alpha
        "А": "A",  # Cyrillic A
        "Ａ": "A",
        "Β": "B",  # Greek capital beta
        "В": "B",  # Cyrillic VE
        "Ｂ": "B",
        "С": "C",  # Cyrillic ES
        "Ｃ": "C",
        "Ϲ": "C",  # Greek lunate sigma
    }
)

_WHITESPACE = re.compile(r"\s+")
_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f々〆ヶー"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}・、。「」()()])\s+(?=[{_CJK}・、。「」()()])")


def fold_lookalikes(text: str) -> str:
    """Map look-alike Greek, Cyrillic and full-width capitals to plain Latin A/B/C."""
    return text.translate(LOOKALIKE_LETTERS)


def remove_spaces_between_japanese(text: str) -> str:
    """Remove spaces that line wrapping left inside Japanese words ('養成講 座' → '養成講座')."""
    return _SPACE_BETWEEN_CJK.sub("", text)


def collapse_whitespace(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def search_key(text: str) -> str:
    """The normalised form used for matching: NFKC, case-folded, look-alikes folded, no spaces.

    Full-width and half-width forms then compare equal (ＡＢＣ = abc, ｶﾅ = カナ).
    """
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", fold_lookalikes(text)).casefold())
