"""``shinchoku remind`` in process: what it prints (Japanese text or JSON) and its dry run."""

from __future__ import annotations

import json

import pytest

from shinchoku.cli import main
from shinchoku.notifications.models import ReminderSent
from tests.evaluations.tiny_plan import TinyPlan


def test_a_dry_run_in_json_lists_each_department_its_recipients_and_entries_and_sends_nothing(
    due: TinyPlan, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["remind", "--now", "--dry-run", "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    (round_,) = printed["rounds"]
    assert round_["deadline"] == "2025-05-30"
    departments = {item["department"]: item for item in round_["departments"]}
    assert set(departments) == {"生涯学習課", "社協"}
    assert departments["社協"]["entries"] == ["1-1-1-2", "1-1-2-1"]
    assert departments["社協"]["to"] == ["shakyo-hanako@shakyo.example.jp"]
    assert departments["社協"]["state"] == "would_send"
    assert not ReminderSent.objects.exists()


def test_the_text_output_says_in_japanese_what_would_be_sent(
    due: TinyPlan, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["remind", "--now", "--dry-run"]) == 0
    printed = capsys.readouterr().out
    assert "提出期限 2025年5月30日(金)" in printed
    assert (
        "社協: 未提出 2 件 — 送ります(--dry-run のため送っていません): shakyo-hanako@shakyo.example.jp"
        in printed
    )


def test_a_day_without_a_scheduled_reminder_says_so(
    tiny: TinyPlan, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["remind"]) == 0  # the tiny plan's collecting round has no deadline
    assert capsys.readouterr().out.strip() == "今日送る督促はありません。"
