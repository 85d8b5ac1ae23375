"""The README's walkthrough end to end, each step in its own process: generate the demo, then
``shinchoku remind --now`` with SHINCHOKU_SMTP_HOST/PORT pointing at a loopback SMTP server."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.smtp import MailServer

HIDDEN = {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SHINCHOKU_TEST_DATABASE", "SHINCHOKU_SECRET_KEY"}
DUE_DEPARTMENTS = """
    SELECT COUNT(DISTINCT entry.department_id) FROM evaluations_entry AS entry
    JOIN evaluations_round AS round ON round.id = entry.round_id
    WHERE round.state = 'collecting' AND entry.status IN ('draft', 'returned')
"""


def shinchoku(*arguments: str, environment: dict[str, str]) -> str:
    finished = subprocess.run(
        [sys.executable, "-m", "shinchoku.cli", *arguments],
        capture_output=True,
        text=True,
        env=environment,
        timeout=600,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    return finished.stdout


def test_remind_now_against_the_demo_mails_each_department_with_entries_due_once_a_day(
    tmp_path: Path, mail_server: MailServer
) -> None:
    environment = {key: value for key, value in os.environ.items() if key not in HIDDEN}
    environment["SHINCHOKU_DATA_DIR"] = str(tmp_path / "data")
    shinchoku("demo", "--no-serve", environment=environment)
    with sqlite3.connect(tmp_path / "data" / "shinchoku.sqlite3") as database:
        (departments_due,) = database.execute(DUE_DEPARTMENTS).fetchone()
    assert departments_due >= 2

    environment |= {"SHINCHOKU_SMTP_HOST": mail_server.host, "SHINCHOKU_SMTP_PORT": str(mail_server.port)}
    printed = shinchoku("remind", "--now", environment=environment)
    received = mail_server.take()
    assert len(received) == departments_due
    for mail in received:
        assert mail.subject.startswith("【提出のお願い】")
        assert "提出期限" in mail.subject
        assert "提出期限は " in mail.body
        assert "/staff/my/" in mail.body
        assert any(address.endswith(".example.lg.jp") for address in mail.recipients)
    assert printed.count("送りました") == departments_due

    again = shinchoku("remind", "--now", environment=environment)
    assert mail_server.take() == []
    assert again.count("本日は送信済みです") == departments_due
