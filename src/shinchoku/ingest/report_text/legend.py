"""The rating legend printed on every 施策 page, and the policy rating it marks.

Each page prints the scale as three lines ('- A …', '- **B** …', '- C …'). The letter in bold is
the rating of the page's 施策; on some pages a ★ replaces a letter. Bold is the marker the document
uses on every policy page, while ★ appears on some pages of a policy and not on others, so it is
read as page noise: bold decides, ★ alone is used only when no page has a bold letter, and every
case that is not one clear bold letter on every page is sent to review.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from shinchoku.core.text import fold_lookalikes, search_key
from shinchoku.ingest.report_text.document import LegendItem, ReviewItem
from shinchoku.ingest.report_text.lines import Line

_LEGEND = re.compile(r"^\s*[-‐]\s*(?P<token>\S+)\s+(?P<definition>.+?)\s*$")
_STARS = "★☆*"
DEFAULT_CODES = ("A", "B", "C")


@dataclass(frozen=True)
class LegendMark:
    """One legend line: the letter as read (look-alikes folded; '' when a ★ replaced it)."""

    line: int
    position: int  # 0 for the first legend line of the page
    letter: str
    bold: bool
    star: bool
    definition: str
    raw: str


def read_legend_line(line: Line, position: int) -> LegendMark | None:
    match = _LEGEND.match(line.text)
    if match is None:
        return None
    token = match.group("token")
    bold = len(token) > 4 and token.startswith("**") and token.endswith("**")
    inner = token[2:-2] if bold else token
    star = any(mark in inner for mark in "★☆")
    letter = fold_lookalikes(unicodedata.normalize("NFKC", inner)).strip(_STARS)
    return LegendMark(line.number, position, letter, bold, star, match.group("definition"), line.text)


def build_legend(blocks: list[list[LegendMark]]) -> list[LegendItem]:
    """The scale as the document defines it, in printed order, from the legend blocks of all pages.

    For each definition the letter most often printed beside it wins, so a letter misread on one
    page does not become a code. A letter hidden by ★ is the one its block's order implies: the
    letter after the one printed above it, or before the one printed below it.
    """
    letters: dict[str, Counter[str]] = {}
    texts: dict[str, str] = {}
    for block in blocks:
        for mark in block:
            letter = mark.letter if _is_letter(mark.letter) else _implied_letter(block, mark.position)
            if letter:
                key = search_key(mark.definition)
                # An implied letter only fills a gap: it is outvoted by any printed letter.
                letters.setdefault(key, Counter())[letter] += 1 if _is_letter(mark.letter) else 0
                texts.setdefault(key, mark.definition)
    items: dict[str, LegendItem] = {}
    for key, counts in letters.items():
        code = counts.most_common(1)[0][0]
        items.setdefault(code, LegendItem(code, texts[key]))
    return list(items.values())


def _is_letter(text: str) -> bool:
    return len(text) == 1 and text.isascii() and text.isalpha()


def _implied_letter(block: list[LegendMark], position: int) -> str | None:
    printed = {mark.position: mark.letter for mark in block if _is_letter(mark.letter)}
    if (above := printed.get(position - 1)) is not None:
        return chr(ord(above) + 1)
    if (below := printed.get(position + 1)) is not None and below > "A":
        return chr(ord(below) - 1)
    return None


class PageMarks:
    """The legend lines of one page, read against the document's scale."""

    def __init__(self, heading_line: int, marks: list[LegendMark], legend: list[LegendItem]) -> None:
        self.heading_line = heading_line
        self.marks = marks
        self._codes = [item.code for item in legend] or list(DEFAULT_CODES)
        self._by_definition = {search_key(item.definition): item.code for item in legend}

    def code_of(self, mark: LegendMark) -> str | None:
        """The scale code a legend line stands for: its letter, else its definition, else its place."""
        if mark.letter in self._codes:
            return mark.letter
        if code := self._by_definition.get(search_key(mark.definition)):
            return code
        return self._codes[mark.position] if mark.position < len(self._codes) else None

    @property
    def bold(self) -> list[str]:
        return [code for mark in self.marks if mark.bold and (code := self.code_of(mark))]

    @property
    def starred(self) -> list[str]:
        return [code for mark in self.marks if mark.star and (code := self.code_of(mark))]

    def describe(self) -> str:
        bold = "・".join(self.bold) or "なし"
        star = "・".join(self.starred) or "なし"
        return f"{self.heading_line}行目のページ: 太字 {bold}、★ {star}"


def decide_policy_rating(pages: list[PageMarks], line: int) -> tuple[str | None, list[ReviewItem]]:
    """The policy's rating from the legends of all its pages, and review items (at ``line``, the
    policy's first heading) for any doubt.

    Rule: the letter printed in bold on most pages wins; ★ counts only when no page has a bold
    letter. Review is asked whenever pages disagree, a page has no single bold letter, a ★ marks a
    different letter, only ★ was found, or nothing was marked.
    """
    if not pages:
        message = "施策のページに評価の凡例がなく、施策の評価を読み取れませんでした。評価を入力してください。"
        return None, [ReviewItem("rating", line, message)]
    raw = " / ".join(page.describe() for page in pages)
    single_bold = [page.bold[0] for page in pages if len(page.bold) == 1]
    if single_bold:
        counts = Counter(single_bold).most_common()
        if len(counts) > 1 and counts[0][1] == counts[1][1]:
            message = (
                "ページによって太字の評価が異なり、多数決でも決まりません。施策の評価を確認してください。"
            )
            return None, [ReviewItem("rating", line, message, raw)]
        rating = counts[0][0]
        doubts = []
        if len(single_bold) < len(pages):
            doubts.append("太字の評価が一つに決まらないページがあります")
        if len(counts) > 1:
            doubts.append("ページによって太字の評価が異なります")
        if any(code != rating for page in pages for code in page.starred):
            doubts.append("★が別の評価に付いています")
        if not doubts:
            return rating, []
        message = (
            f"{'。'.join(doubts)}。太字を施策の評価の印とみなして {rating} としました。確認してください。"
        )
        return rating, [ReviewItem("rating", line, message, raw)]
    starred = {code for page in pages for code in page.starred}
    if len(starred) == 1:
        rating = starred.pop()
        message = f"太字の評価がなく、★の付いた {rating} を施策の評価としました。確認してください。"
        return rating, [ReviewItem("rating", line, message, raw)]
    message = "凡例に太字や★の印がなく、施策の評価を読み取れませんでした。評価を入力してください。"
    return None, [ReviewItem("rating", line, message, raw)]
