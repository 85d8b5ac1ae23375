"""The quality findings of a round's entries (see :mod:`shinchoku.core.quality`), with the
dismissals recorded against them.

Findings are computed each time from the entries, last year's entries of the same plan, the
projects' indicators and the plan's scale and formula: seven queries whatever the size of the round.
Which entries a person may read is decided by the caller (``visible``); this never widens it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Q

from shinchoku.core.indicators import Direction
from shinchoku.core.quality import CHECKS, TEXT_FIELDS, EntryFacts, Finding, IndicatorFacts, check_entry
from shinchoku.evaluations.models import Entry, IndicatorValue, QualityDismissal, Round
from shinchoku.plans.models import Department, Indicator, IndicatorTarget
from shinchoku.plans.scales import core_scale


@dataclass(frozen=True)
class ShownFinding:
    """A finding as a page shows it: open, or dismissed with who said why."""

    finding: Finding
    dismissal: QualityDismissal | None

    @property
    def is_open(self) -> bool:
        return self.dismissal is None


@dataclass(frozen=True)
class EntryFindings:
    entry: Entry
    findings: list[ShownFinding]

    @property
    def open(self) -> list[ShownFinding]:
        return [shown for shown in self.findings if shown.is_open]

    @property
    def open_count(self) -> int:
        return len(self.open)


def _texts(entry: Entry) -> dict[str, str]:
    return {name: getattr(entry, name) for name in TEXT_FIELDS}


def _indicator_facts(round_: Round, projects: set[int] | None) -> dict[int, list[IndicatorFacts]]:
    """The indicators of ``projects`` (all the plan's nodes when None) by node id, each with the
    round's actual and the target in force that year (its interim target, else its final one).
    Read as values: a round of thousands of entries would otherwise spend its time building
    model instances."""
    year = round_.fiscal_year
    scope = Q(node__plan_id=round_.plan_id) if projects is None else Q(node_id__in=projects)
    ids = Indicator.objects.filter(scope).values("pk")
    actuals = dict(
        IndicatorValue.objects.filter(indicator_id__in=ids, fiscal_year=year).values_list(
            "indicator_id", "value"
        )
    )
    interim = dict(
        IndicatorTarget.objects.filter(indicator_id__in=ids, fiscal_year=year).values_list(
            "indicator_id", "value"
        )
    )
    rows = (
        Indicator.objects.filter(scope)
        .order_by("node_id", "position")
        .values_list("pk", "node_id", "label", "target_value", "direction", "baseline_value")
    )
    by_project: dict[int, list[IndicatorFacts]] = defaultdict(list)
    for pk, node_id, label, target, direction, baseline in rows:
        facts = IndicatorFacts(
            label, actuals.get(pk), interim.get(pk, target), Direction(direction), baseline
        )
        by_project[node_id].append(facts)
    return by_project


def round_findings(round_: Round, visible: Q | None = None) -> list[EntryFindings]:
    """Every entry of ``round_`` that ``visible`` leaves (all when None), in the plan's order,
    with its findings; entries without findings are included with an empty list."""
    plan = round_.plan
    entries = list(
        Entry.objects.filter(round=round_)
        .filter(visible if visible is not None else Q())
        .select_related("project", "department", "rating")
        .order_by("project_id", "department__position", "department_id")
    )
    scale = core_scale(plan.rating_scale.codes.order_by("position"))
    # The whole round needs no list of ids (a long IN clause costs more than it saves).
    projects = None if visible is None else {entry.project_id for entry in entries}
    previous = Entry.objects.filter(round__plan=plan, round__fiscal_year=round_.fiscal_year - 1)
    dismissed = QualityDismissal.objects.filter(entry__round=round_)
    if projects is not None:
        previous = previous.filter(project_id__in=projects)
        dismissed = dismissed.filter(entry_id__in=[entry.pk for entry in entries])
    last_year = {
        (project_id, department_id): dict(zip(TEXT_FIELDS, texts, strict=True))
        for project_id, department_id, *texts in previous.values_list(
            "project_id", "department_id", *TEXT_FIELDS
        )
    }
    indicators = _indicator_facts(round_, projects)
    dismissals = {
        (dismissal.entry_id, dismissal.check_id, dismissal.field): dismissal
        for dismissal in dismissed.select_related("dismissed_by")
    }
    result = []
    for entry in entries:
        facts = EntryFacts(
            texts=_texts(entry),
            rating=entry.rating.code if entry.rating else None,
            last_year=last_year.get((entry.project_id, entry.department_id)),
            indicators=indicators.get(entry.project_id, []),
        )
        findings = check_entry(facts, scale, plan.achievement_formula)
        shown = [
            ShownFinding(finding, dismissals.get((entry.pk, finding.check, finding.field)))
            for finding in findings
        ]
        result.append(EntryFindings(entry, shown))
    return result


def entry_findings(entry: Entry) -> EntryFindings:
    """The findings of one entry (the entry page and its review)."""
    return round_findings(entry.round, Q(pk=entry.pk))[0]


@dataclass(frozen=True)
class DepartmentCounts:
    """Open findings of one department per check (in the order of :data:`CHECKS`), with its entries."""

    department: Department
    counts: list[int]
    entries: list[EntryFindings]

    @property
    def total(self) -> int:
        return sum(self.counts)


def counts_by_department(findings: list[EntryFindings]) -> list[DepartmentCounts]:
    """The open findings of ``findings`` counted per department and check; departments in the
    order of their first entry, entries with open findings only."""
    per_department: dict[int, Counter[str]] = defaultdict(Counter)
    departments: dict[int, Department] = {}
    listed: dict[int, list[EntryFindings]] = defaultdict(list)
    for item in findings:
        departments.setdefault(item.entry.department_id, item.entry.department)
        for shown in item.open:
            per_department[item.entry.department_id][shown.finding.check] += 1
        if item.open:
            listed[item.entry.department_id].append(item)
    return [
        DepartmentCounts(department, [per_department[key][check.id] for check in CHECKS], listed[key])
        for key, department in departments.items()
        if listed[key]
    ]


@dataclass(frozen=True)
class OpenCounts:
    """Open findings of a round per entry id and per department id, for the board."""

    by_entry: dict[int, int]
    by_department: dict[int, int]

    @property
    def total(self) -> int:
        return sum(self.by_department.values())


def open_counts(round_: Round) -> OpenCounts:
    """How many open findings each entry and each department of ``round_`` has."""
    by_entry: dict[int, int] = {}
    by_department: Counter[int] = Counter()
    for item in round_findings(round_):
        by_entry[item.entry.pk] = item.open_count
        by_department[item.entry.department_id] += item.open_count
    return OpenCounts(by_entry, dict(by_department))
