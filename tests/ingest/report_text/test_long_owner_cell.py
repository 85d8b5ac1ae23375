"""A long 事業主体 cell costs work in proportion to its length, not its square (issue 11: a
223 KB cell took 48 s). The tests count the characters examined, never the time."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from shinchoku.core.text import count_japanese, edit_distance
from shinchoku.ingest.report_text import departments
from shinchoku.ingest.report_text.departments import DepartmentDirectory, split_departments

LENGTH = 20_000
DIRECTORY = DepartmentDirectory(["共生福祉課", "子育て支援課", "くらし安全課", "高齢介護課", "社協"])


def _counting(monkeypatch: pytest.MonkeyPatch, name: str, real: Callable[..., int]) -> list[int]:
    """Replace ``departments.<name>`` by ``real`` recording the characters each call examines."""
    examined: list[int] = []

    def counted(*texts: str, **options: int) -> int:
        examined.append(len(texts[0]) * max(1, len(texts[1]) if len(texts) > 1 else 1))
        return real(*texts, **options)

    monkeypatch.setattr(departments, name, counted)
    return examined


@pytest.mark.parametrize(
    "cell",
    [
        "あ" * LENGTH,  # unbroken text without any department suffix
        "福祉の" * (LENGTH // 3) + "課",  # one absurdly long "name"
        "くらし " * (LENGTH // 4),  # many wrap pieces that never join into a department
        "高齢介護課" * (LENGTH // 5),  # thousands of departments run together
    ],
)
def test_reading_a_long_owner_cell_examines_each_character_a_bounded_number_of_times(
    monkeypatch: pytest.MonkeyPatch, cell: str
) -> None:
    japanese = _counting(monkeypatch, "count_japanese", count_japanese)
    distances = _counting(monkeypatch, "edit_distance", edit_distance)
    DIRECTORY.read_owner_cell(cell)
    assert sum(japanese) <= 4 * len(cell)
    assert sum(distances) <= 100 * len(DIRECTORY.names) * 50


def _split_by_trying_every_prefix(token: str) -> list[tuple[str, str]] | None:
    """The former quadratic reading, kept as the oracle for small tokens."""
    parts, start = [], 0
    while start < len(token):
        end = next(
            (
                end
                for end in range(start + 2, len(token) + 1)
                if departments.looks_like_department(token[start:end])
            ),
            None,
        )
        if end is None:
            return None
        letter = departments._LETTER.match(token, end)
        parts.append((token[start:end], letter.group() if letter else ""))
        start = letter.end() if letter else end
    return parts or None


def test_the_fast_split_finds_the_same_shortest_names_as_trying_every_prefix() -> None:
    pieces = [
        "課",
        "室",
        "社協",
        "センター",
        "協議会",
        "委員会",
        "局",
        "事務所",
        "係",
        "福祉",
        "あ",
        "a",
        "A",
        "Ｂ",
        "ン",
    ]
    chooser = random.Random(11)
    tokens = ["".join(chooser.choices(pieces, k=chooser.randint(0, 12))) for _ in range(3000)]
    for token in tokens:
        assert split_departments(token) == _split_by_trying_every_prefix(token), token
