"""Department names in the 事業主体 cell, checked against the names the document prints."""

from __future__ import annotations

from shinchoku.ingest.report_text.departments import DepartmentDirectory, split_departments

DIRECTORY = DepartmentDirectory(
    ["共生福祉課", "子育て支援課", "くらし安全課", "高齢介護課", "人権推進課", "社協"]
)


def test_it_splits_names_run_together_with_their_letters() -> None:
    assert split_departments("生涯学習課社協") == [("生涯学習課", ""), ("社協", "")]
    assert split_departments("共生福祉課Bくらし安全課A") == [("共生福祉課", "B"), ("くらし安全課", "A")]
    assert split_departments("子育て支援記") is None


def test_it_reads_an_owner_cell_in_printed_order() -> None:
    cell = DIRECTORY.read_owner_cell("共生福祉課C くらし 安 全課 社協A")
    assert cell.owners == ["共生福祉課", "くらし安全課", "社協"]
    assert cell.letters == {"共生福祉課": "C", "社協": "A"}
    assert (cell.unknown, cell.resolved) == ([], [])


def test_it_resolves_one_misread_character_against_known_names() -> None:
    cell = DIRECTORY.read_owner_cell("子育て支援記")
    assert cell.owners == ["子育て支援課"]
    assert cell.resolved == [("子育て支援記", "子育て支援課")]


def test_it_keeps_text_that_is_no_department_apart_from_the_next_name() -> None:
    cell = DIRECTORY.read_owner_cell("子育を 高齢介護課")
    assert cell.owners == ["子育を", "高齢介護課"]
    assert cell.unknown == ["子育を"]


def test_it_tells_department_markers_from_other_bracketed_words() -> None:
    assert DIRECTORY.marker_department("共生福祉課") == ("共生福祉課", False)
    assert DIRECTORY.marker_department("人権推選") == ("人権推進課", True)
    assert DIRECTORY.marker_department("政策推進課") == ("政策推進課", False)
    assert DIRECTORY.marker_department("参考") == (None, False)
