"""Opening a year asks only for the projects active in it and the departments not retired by then."""

from __future__ import annotations

from shinchoku.audit.models import AuditEntry
from shinchoku.evaluations.models import Round
from shinchoku.evaluations.services import open_round
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan


def _owners_asked(round_: Round) -> set[tuple[str, str]]:
    entries = round_.entries.select_related("project", "department")
    return {(entry.project.code, entry.department.name) for entry in entries}


def test_opening_a_year_skips_projects_ended_before_it_and_those_not_yet_started(
    tiny: TinyPlan, people: People
) -> None:
    tiny.single.last_year = 2024
    tiny.single.save()
    tiny.unrated.first_year = 2026
    tiny.unrated.save()

    opened = open_round(people.secretariat, tiny.plan.pk, 2025)

    assert _owners_asked(opened) == {("1-1-1-2", "共生福祉課"), ("1-1-1-2", "社協")}
    later = open_round(people.secretariat, tiny.plan.pk, 2026)
    assert ("1-1-2-1", "社協") in _owners_asked(later)
    assert ("1-1-1-1", "生涯学習課") not in _owners_asked(later)


def test_opening_a_year_skips_a_department_retired_from_that_year(tiny: TinyPlan, people: People) -> None:
    retired = tiny.departments["社協"]
    retired.retired_from_year = 2025
    retired.save()

    opened = open_round(people.secretariat, tiny.plan.pk, 2025)

    assert _owners_asked(opened) == {("1-1-1-1", "生涯学習課"), ("1-1-1-2", "共生福祉課")}


def test_the_audit_record_counts_the_entries_actually_created(tiny: TinyPlan, people: People) -> None:
    tiny.single.last_year = 2024
    tiny.single.save()

    opened = open_round(people.secretariat, tiny.plan.pk, 2025)

    assert opened.entries.count() == 3
    assert "3 件" in AuditEntry.objects.get(action="open_round").summary
