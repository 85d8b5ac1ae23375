"""``shinchoku quality`` on the imported seed report: its two blank numerals, and no other."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shinchoku.cli import main
from shinchoku.evaluations.models import Entry
from shinchoku.evaluations.services.quality import dismiss_finding
from shinchoku.ingest.report_text.commit import ImportTarget
from shinchoku.ingest.services import import_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed(db: None, seed_report_path: Path) -> None:
    import_report(actor=None, path=seed_report_path, target=ImportTarget("北本市", "112330", "地域福祉計画"))


def findings(capsys: pytest.CaptureFixture[str], *extra: str) -> list[dict[str, object]]:
    assert main(["quality", "--plan", "地域福祉計画", "--year", "R5", "--format", "json", *extra]) == 0
    document = json.loads(capsys.readouterr().out)
    assert list(document) == ["findings"]
    return list(document["findings"])


def test_it_finds_exactly_the_two_blank_numerals_of_the_seed(
    seed: None, capsys: pytest.CaptureFixture[str]
) -> None:
    blanks = [row for row in findings(capsys) if row["check"] == "blank_number"]
    assert [(row["project"], row["department"], row["field"]) for row in blanks] == [
        ("3-3-2-2", "高齢介護課", "progress"),
        ("3-3-2-2", "高齢介護課", "progress"),
    ]
    assert "会議 回開催" in str(blanks[0]["excerpt"])
    assert "訪問数 件" in str(blanks[1]["excerpt"])


def test_every_finding_names_its_project_department_field_check_and_excerpt(
    seed: None, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = findings(capsys)
    assert rows
    for row in rows:
        assert {"project", "department", "field", "check", "excerpt"} <= row.keys()


@pytest.mark.usefixtures("seed")
def test_a_dismissed_finding_is_no_longer_listed(capsys: pytest.CaptureFixture[str]) -> None:
    from shinchoku.accounts.models import User

    entry = Entry.objects.get(project__code="3-3-2-2", department__name="高齢介護課")
    admin = User.objects.create_superuser("admin", password="x-very-long-pass")
    entry.round.state = "review"
    entry.round.save()
    dismiss_finding(admin, entry.pk, "blank_number", "progress", "公表済みの報告書のとおり")
    assert not [row for row in findings(capsys) if row["check"] == "blank_number"]


def test_the_table_is_in_japanese(seed: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quality", "--plan", "地域福祉計画", "--year", "2023"]) == 0
    out = capsys.readouterr().out
    assert "確認事項" in out
    assert "数字の書き漏れ" in out
    assert "高齢介護課" in out


def test_an_unknown_year_is_refused_in_japanese(seed: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quality", "--plan", "地域福祉計画", "--year", "1999"]) == 2
    assert "年度の評価がありません" in capsys.readouterr().err
