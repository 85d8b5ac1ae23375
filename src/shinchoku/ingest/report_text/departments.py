"""Department names in the 事業主体 cell and in 【課名】 markers, checked against the document.

A department name ends in 課, 室, 社協, センター … ('市長公室', '社協'). The cell lists several,
separated by spaces or run together ('高齢介護課共生福祉課'), sometimes each followed by its own
rating letter ('共生福祉課B 市長公室B 社協A'), sometimes with wrap spaces inside one name
('くらし 安 全課'). A name that does not look like a department is resolved only against names
the same document prints elsewhere, and every such resolution is reported.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from shinchoku.core.text import count_japanese, edit_distance

DEPARTMENT_SUFFIXES = ("課", "室", "社協", "センター", "協議会", "委員会", "局", "事務所", "係")
# A letter written right after a department name: Latin, Greek, Cyrillic or full-width.
_LETTER = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ\u0370-\u03ff\u0400-\u04ff\u0600-\u06ff](?![A-Za-z])")
_WHITESPACE = re.compile(r"\s+")
# Names shorter than this are too short to tell a misread character from another department.
_MIN_REPAIRABLE_LENGTH = 5
# Wrap pieces are joined into one name only while they are this short: a department name is far
# shorter, and joining a long cell's pieces one by one would cost O(n²).
_MAX_WRAPPED_NAME = 40


def looks_like_department(name: str) -> bool:
    return count_japanese(name) >= 2 and name.endswith(DEPARTMENT_SUFFIXES)


def split_departments(token: str) -> list[tuple[str, str]] | None:
    """Split a whitespace-free token into (name, letter) pairs, each name as short as a department
    name can be; None unless the whole token is consumed ('生涯学習課社協' → [('生涯学習課', ''),
    ('社協', '')], '社協A' → [('社協', 'A')]).

    Each part is the shortest prefix that :func:`looks_like_department`. Trying every prefix
    would cost O(n²) on a long cell without a department in it (a 223 KB cell took 48 s), so the
    positions where a suffix ends and the running count of Japanese characters are computed once
    and each part is found from them: O(n log n) in all.
    """
    if not token:
        return None
    japanese = [0]  # japanese[i]: kana and kanji among token[:i]
    for char in token:
        japanese.append(japanese[-1] + count_japanese(char))
    ends, shortest = _suffix_ends(token)
    parts = []
    start = 0
    while start < len(token):
        end = _first_department_end(start, japanese, ends, shortest)
        if end is None:
            return None
        letter = _LETTER.match(token, end)
        parts.append((token[start:end], letter.group() if letter else ""))
        start = letter.end() if letter else end
    return parts


def _suffix_ends(token: str) -> tuple[list[int], dict[int, int]]:
    """The positions where a department suffix ends, ascending, and the length of the shortest
    suffix ending at each (a shorter one fits inside any name a longer one fits in)."""
    shortest: dict[int, int] = {}
    for suffix in DEPARTMENT_SUFFIXES:
        found = token.find(suffix)
        while found != -1:
            end = found + len(suffix)
            shortest[end] = min(shortest.get(end, len(suffix)), len(suffix))
            found = token.find(suffix, found + 1)
    return sorted(shortest), shortest


def _first_department_end(
    start: int, japanese: list[int], ends: list[int], shortest: dict[int, int]
) -> int | None:
    """The smallest ``end`` for which ``token[start:end]`` looks like a department, or None."""
    # The Japanese count of token[start:end] grows with end: the first end with two of them.
    enough = bisect.bisect_left(japanese, japanese[start] + 2)
    for index in range(bisect.bisect_left(ends, max(start + 2, enough)), len(ends)):
        end = ends[index]
        if end - shortest[end] >= start:  # the suffix lies inside the name (true from start + 4 on)
            return end
    return None


@dataclass
class OwnerCell:
    """What the 事業主体 cell says, in printed order. ``letters`` maps an owner to the letter
    printed after it; text that is not a department stays in ``owners`` as printed and is also
    listed in ``unknown``; ``resolved`` lists (printed, resolved) pairs for names matched to a
    department seen elsewhere in the document."""

    owners: list[str] = field(default_factory=list)
    letters: dict[str, str] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    resolved: list[tuple[str, str]] = field(default_factory=list)


class DepartmentDirectory:
    """The departments a document names in clean 事業主体 cells, used to repair the others."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self.names: list[str] = list(dict.fromkeys(names))

    @classmethod
    def from_owner_cells(cls, cells: Iterable[str]) -> DepartmentDirectory:
        names = []
        for cell in cells:
            for token in cell.split():
                names += [name for name, _ in split_departments(token) or []]
        return cls(names)

    def __contains__(self, name: str) -> bool:
        return name in self.names

    def closest(self, name: str, max_distance: int) -> str | None:
        """The one known department within ``max_distance`` edits of ``name``; None if none or several."""
        if len(name) < 2:
            return None
        # The distance is at least the difference in length: skip those without computing it, so a
        # long piece of text costs nothing per known name.
        candidates = {
            known
            for known in self.names
            if abs(len(name) - len(known)) <= max_distance and edit_distance(name, known) <= max_distance
        }
        return candidates.pop() if len(candidates) == 1 else None

    def read_owner_cell(self, cell: str) -> OwnerCell:
        """Read the 事業主体 cell. Wrap pieces are joined only when the join is a department and
        the following piece is not one on its own ('くらし 安 全課' → くらし安全課, but
        '子育を 高齢介護課' keeps 子育を apart as unknown)."""
        result = OwnerCell()
        pending = ""
        for token in cell.split():
            if (parts := split_departments(token)) and (not pending or self._keeps_apart(pending, token)):
                self._flush(pending, result)
                pending = ""
                self._add(parts, result)
            elif (
                len(pending) <= _MAX_WRAPPED_NAME
                and (parts := split_departments(pending + token)) is not None
            ):
                self._add(parts, result)
                pending = ""
            else:
                pending += token
        self._flush(pending, result)
        return result

    def _keeps_apart(self, pending: str, token: str) -> bool:
        if len(pending) > _MAX_WRAPPED_NAME:
            return True
        joined = split_departments(pending + token)
        if joined is None:
            return True
        return all(name not in self for name, _ in joined) and all(
            name in self for name, _ in split_departments(token) or []
        )

    def _flush(self, pending: str, result: OwnerCell) -> None:
        if not pending:
            return
        if known := self.closest(pending, 1):
            result.owners.append(known)
            result.resolved.append((pending, known))
        else:
            result.owners.append(pending)
            result.unknown.append(pending)

    @staticmethod
    def _add(parts: list[tuple[str, str]], result: OwnerCell) -> None:
        for name, letter in parts:
            if name not in result.owners:
                result.owners.append(name)
            if letter:
                result.letters[name] = letter

    def marker_department(self, name: str) -> tuple[str | None, bool]:
        """The department a 【name】 marker stands for, and whether it had to be repaired.

        A department-shaped name is kept as printed unless it is one character away from a known
        department of five or more characters ('子育で支援課' → 子育て支援課); another name within two
        edits of a known department is that department ('人権推選' → 人権推進課); anything else
        ('参考') is no marker.
        """
        compact = _WHITESPACE.sub("", name)
        if compact in self:
            return compact, False
        if looks_like_department(compact):
            known = self.closest(compact, 1) if len(compact) >= _MIN_REPAIRABLE_LENGTH else None
            return (known, True) if known else (compact, False)
        if count_japanese(compact) >= _MIN_REPAIRABLE_LENGTH - 1 and (known := self.closest(compact, 2)):
            return known, True
        return None, False
