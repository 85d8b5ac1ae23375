"""Reading the page headings: 目標 (goal), 施策 (policy) and 取組 (initiative) lines.

PDF extraction reads the digit 1 as the letter I (or l, Ⅰ, |), drops digits, splits words with
spaces and misreads the 施 of 施策 ('5策'). These functions read what the line says and report
what they had to assume; deciding which goal or policy an incomplete heading belongs to is left
to the parser, which knows the pages before it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from shinchoku.core.text import circled_number, collapse_whitespace, remove_spaces_between_japanese
from shinchoku.ingest.report_text.lines import Line

# Characters PDF extraction returns for the digit 1.
ONE_LOOKALIKES = "IlｌＩⅠ|｜"
_NUMBER = rf"[0-9０-９]{{1,2}}|[{ONE_LOOKALIKES}]"
_DASH = r"[-‐－ー−―–]"
_GOAL = re.compile(
    rf"^目\s*標\s*(?:(?P<number>[0-9０-９]{{1,2}})|(?P<one>[{ONE_LOOKALIKES}])(?=\s|$))?\s*(?P<title>.*)$"
)
_POLICY = re.compile(
    rf"^(?:\S{{0,2}}?策)?\s*(?P<goal>{_NUMBER})?\s*{_DASH}\s*(?P<number>{_NUMBER})(?=\s|$)\s*(?P<title>.*)$"
)
_POLICY_LABEL = re.compile(r"^\S{0,2}?策\s*")


def number_value(text: str) -> int | None:
    """'3' → 3, '１２' → 12, 'I' → 1 (a misread 1); None for anything else."""
    if not text:
        return None
    if text in ONE_LOOKALIKES:
        return 1
    folded = unicodedata.normalize("NFKC", text)
    return int(folded) if folded.isdigit() else None


def clean_title(text: str) -> str:
    """A heading title as printed, minus the spaces that line wrapping left inside Japanese words."""
    return remove_spaces_between_japanese(collapse_whitespace(text))


@dataclass(frozen=True)
class GoalHeading:
    number: int | None
    title: str
    # True when the number was read from a look-alike of 1 ('目標I').
    lookalike: bool


@dataclass(frozen=True)
class PolicyHeading:
    goal: int | None
    number: int | None
    title: str


@dataclass(frozen=True)
class InitiativeHeading:
    number: int | None
    title: str
    # True when the title was assembled from pieces split over several cells.
    joined: bool


def read_goal(line: Line) -> GoalHeading:
    text = line.body.strip()
    match = _GOAL.match(text)
    if match is None:
        return GoalHeading(None, clean_title(text), False)
    digits = match.group("number") or match.group("one") or ""
    return GoalHeading(number_value(digits), clean_title(match.group("title")), bool(match.group("one")))


def read_policy(line: Line) -> PolicyHeading:
    text = line.body.strip()
    match = _POLICY.match(text)
    if match is None:
        return PolicyHeading(None, None, clean_title(_POLICY_LABEL.sub("", text, count=1)))
    return PolicyHeading(
        number_value(match.group("goal") or ""),
        number_value(match.group("number")),
        clean_title(match.group("title")),
    )


def read_initiative(line: Line) -> InitiativeHeading:
    """Read '① title'. A title split over several cells is joined; a later cell that repeats the
    title from its circled number on is a complete copy and is preferred to the joined pieces."""
    pieces = line.filled[1:] if line.label == "取組" else line.filled
    if not pieces:
        return InitiativeHeading(None, "", False)
    number = circled_number(pieces[0][:1])
    complete = [piece for piece in pieces[1:] if number is not None and piece[:1] == pieces[0][:1]]
    if complete:
        title = max(complete, key=len)[1:]
        return InitiativeHeading(number, clean_title(title), False)
    first = pieces[0][1:] if number is not None else pieces[0]
    return InitiativeHeading(number, clean_title("".join([first, *pieces[1:]])), len(pieces) > 1)
