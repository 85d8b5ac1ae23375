"""Which recorded changes may leave public pages cached: every ``record()`` call that passes
``affects_public`` is in a module listed here, with why, so that marking a new kind of change as
not public is a conscious decision (a wrong mark would leave public pages showing old data); and
every call names the municipality its change belongs to (without one, a change makes every city's
pages stale)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from shinchoku.accounts.services import create_user
from shinchoku.audit.models import AuditEntry
from shinchoku.audit.services import record
from shinchoku.plans.models import Municipality
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan

SOURCE = Path(__file__).resolve().parents[2] / "src" / "shinchoku"

# module → why its changes may be marked as not reaching a public page.
MARKED_NOT_PUBLIC = {
    "accounts/services.py": "accounts: sign-ins, passwords, lockouts, users",
    "accounts/secretariat_plans.py": "accounts: the plans a 事務局 member looks after",
    "demo/accounts.py": "accounts of the demo",
    "evaluations/services/committee.py": "opinions on a round not published (round_.is_published)",
    "evaluations/services/entries.py": "entries of a round not published (round.is_published)",
    "evaluations/services/indicators.py": "actuals of a year not published: withheld from public pages",
    "evaluations/services/node_evaluations.py": "evaluations of a round not published",
    "evaluations/services/project_evaluations.py": "evaluations of a round not published",
    "evaluations/services/quality.py": "quality findings: staff pages only",
    "evaluations/services/rounds.py": "steps of a round before publication",
    "ingest/review/services.py": "review items of an import: staff pages only",
    "notifications/services/reminders.py": "reminders: mail and staff pages only",
    "notifications/services/schedules.py": "reminder schedules: staff pages only",
}


def record_calls() -> Iterator[tuple[str, ast.Call]]:
    """Every call of ``record`` (the audit service) in the source, with its module."""
    for path in sorted(SOURCE.rglob("*.py")):
        module = path.relative_to(SOURCE).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "record":
                yield module, node


def keywords(call: ast.Call) -> set[str]:
    return {keyword.arg for keyword in call.keywords if keyword.arg is not None}


def test_only_the_listed_modules_mark_changes_as_not_public() -> None:
    marking = {module for module, call in record_calls() if "affects_public" in keywords(call)}

    assert marking == set(MARKED_NOT_PUBLIC)


def test_every_recorded_change_names_its_municipality() -> None:
    calls = list(record_calls())
    without = [f"{module}:{call.lineno}" for module, call in calls if "municipality" not in keywords(call)]

    assert len(calls) > 30
    assert without == []


def test_an_account_change_is_recorded_for_its_city_as_not_public(tiny: TinyPlan, people: People) -> None:
    create_user(
        people.secretariat,
        username="atarashii",
        display_name="新人",
        role="viewer",
        department_ids=[],
        password="zq8-Lv4r-Kp2w-Tx7m",
    )

    entry = AuditEntry.objects.get(action="create_user")
    assert entry.municipality == tiny.municipality
    assert not entry.affects_public


def test_a_change_is_public_unless_marked(tiny: TinyPlan) -> None:
    city = Municipality.objects.create(name="鴻巣市", code="112178")

    entry = record(actor=None, action="test_change", target=city, summary="変更", municipality=city)

    assert entry.affects_public
