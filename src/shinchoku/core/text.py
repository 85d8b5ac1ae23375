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


# Kana and kanji only (no punctuation): what makes a string "Japanese text" for the checks below.
_JAPANESE_CHAR = re.compile(
    r"[\u3041-\u3096\u30a1-\u30fa\u30fc\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ]"
)
_HIRAGANA = re.compile(r"[\u3041-\u3096]")
# Full-width ASCII (！..～) maps one to one onto ASCII; the ideographic space onto a space.
_FULLWIDTH_ASCII = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def count_japanese(text: str) -> int:
    """How many kana and kanji ``text`` contains (punctuation, Latin letters and digits not counted)."""
    return len(_JAPANESE_CHAR.findall(text))


def is_hiragana(char: str) -> bool:
    return bool(_HIRAGANA.fullmatch(char))


def fold_fullwidth_ascii(text: str) -> str:
    """Full-width ASCII to ASCII ('１２％' → '12%'), one character for one.

    Unlike NFKC the length never changes, so a position found in the folded text is the same
    position in the original, which keeps display text as printed while parsing the folded copy.
    """
    return text.translate(_FULLWIDTH_ASCII)


def circled_number(char: str) -> int | None:
    """The value of a circled number (① → 1, ⑳ → 20, ㉑ → 21); None for any other character."""
    if len(char) != 1:
        return None
    try:
        name = unicodedata.name(char)
    except ValueError:
        return None
    if not name.startswith(("CIRCLED DIGIT", "CIRCLED NUMBER")):
        return None
    value = unicodedata.normalize("NFKC", char)
    return int(value) if value.isdigit() else None


def edit_distance(first: str, second: str) -> int:
    """Levenshtein distance: insertions, deletions and substitutions needed to turn one into the other."""
    if len(first) < len(second):
        first, second = second, first
    previous = list(range(len(second) + 1))
    for row, char in enumerate(first, start=1):
        current = [row]
        for column, other in enumerate(second, start=1):
            current.append(
                min(previous[column] + 1, current[column - 1] + 1, previous[column - 1] + (char != other))
            )
        previous = current
    return previous[-1]


def common_prefix_length(first: str, second: str) -> int:
    """How many leading characters the two strings share."""
    length = 0
    for left, right in zip(first, second, strict=False):
        if left != right:
            break
        length += 1
    return length


# --- Typed text: what the services store -------------------------------------------------------
#
# Everything a person can type (forms, workbook cells, imported files) passes through
# :func:`clean_typed_text` once, at the service boundary, so that no output ever meets a character
# it cannot carry: XML 1.0 (XLSX, the workbook, lxml) refuses C0 controls other than tab and line
# feed and the noncharacters U+FFFE/U+FFFF; Typst and terminals interpret ESC, BS and DEL; bidi
# overrides reverse how a line is displayed (a name can be made to read as another).

# Soft line breaks that Word, PowerPoint and Excel put on the clipboard, and Unicode's own.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# C0 and C1 controls other than tab and line feed, DEL; the bidi embeddings, overrides and
# isolates (U+202A–U+202E, U+2066–U+2069); noncharacters; lone surrogates (not UTF-8 encodable).
_UNSAFE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef\ud800-\udfff]"
    "|[\ufffe\uffff\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0004fffe\U0004ffff"
    "\U0005fffe\U0005ffff\U0006fffe\U0006ffff\U0007fffe\U0007ffff\U0008fffe\U0008ffff\U0009fffe"
    "\U0009ffff\U000afffe\U000affff\U000bfffe\U000bffff\U000cfffe\U000cffff\U000dfffe\U000dffff"
    "\U000efffe\U000effff\U000ffffe\U000fffff\U0010fffe\U0010ffff]"
)
_LINE_WHITESPACE = re.compile("[\t\n]+")


def clean_typed_text(text: str) -> str:
    """``text`` as stored: line breaks as ``\\n``, unsafe characters removed, outer spaces kept.

    Removes C0/C1 control characters other than tab and line feed, DEL, bidi embedding, override
    and isolate controls, noncharacters and lone surrogates; turns CR LF, CR, vertical tab, form
    feed, NEL and the Unicode line and paragraph separators into ``\\n``. Printable text, including
    ① and ㈱ (NFKC is not applied), is kept exactly. Idempotent.
    """
    return _UNSAFE.sub("", _LINE_BREAKS.sub("\n", text))


def clean_typed_line(text: str) -> str:
    """A one-line field (a name, a login ID): :func:`clean_typed_text`, tabs and line breaks as one
    space, outer spaces removed. Idempotent."""
    return _LINE_WHITESPACE.sub(" ", clean_typed_text(text)).strip()


def has_unsafe_characters(text: str) -> bool:
    """Whether :func:`clean_typed_text` would change ``text`` other than by unifying line breaks."""
    return bool(_UNSAFE.search(text))
