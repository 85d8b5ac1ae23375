"""The one way to read the structure a round shows: its published snapshot, or the live tables.

A published round reads the :class:`~shinchoku.editions.models.PublishedStructure` taken when it
was published (why a snapshot: see that model), so no later edit of the plan changes what it
showed. Any other round reads the live tables as they apply to its fiscal year: only the nodes
active that year (:meth:`PlanNode.is_active_in`) and the departments under the name they had
that year (:meth:`Department.name_in`). Without a round, the live tables as they are now.

Everything is returned as unsaved model instances built from rows (``Model.from_db``), so the
selectors and reports that read models keep working; none of them must be saved.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Model, Q

from shinchoku.core.reorganisation import name_in_year
from shinchoku.editions.models import PublishedStructure
from shinchoku.evaluations.models import Round
from shinchoku.plans.models import (
    Department,
    Indicator,
    IndicatorTarget,
    Municipality,
    Plan,
    PlanNode,
    ProjectOwner,
    RatingCode,
)

M = TypeVar("M", bound=Model)

# A round's snapshot, once read, is kept on the round object: a page asks for it more than once.
_CACHED = "_published_structure_data"


@dataclass(frozen=True)
class RoundStructure:
    """The structure one round shows.

    ``plan`` is the plan as the round shows it (for a published round an unsaved copy with the
    stored title, period, level names and rules); ``node_rows`` are value rows of
    ``node_names`` (``PlanNode`` attnames) in tree-level order; ``ownerships`` are
    (project, department) pairs, lead department first; ``departments`` carry the names of the
    round's year.
    """

    plan: Plan
    published: bool
    db: str
    node_names: list[str]
    node_rows: list[tuple[Any, ...]]
    ownerships: list[tuple[int, int]]
    departments: list[Department]
    codes: list[RatingCode]


def published_data(round_: Round | None) -> dict[str, Any] | None:
    """The stored snapshot of a published round (one query, then kept on the round), else None."""
    if round_ is None or not round_.is_published:
        return None
    if not hasattr(round_, _CACHED):
        found = PublishedStructure.objects.filter(round_id=round_.pk).values_list("data", flat=True).first()
        setattr(round_, _CACHED, found)
    data: dict[str, Any] | None = getattr(round_, _CACHED)
    return data


def load_published(rounds: Iterable[Round]) -> None:
    """Read the snapshots of the published ``rounds`` in one query and keep each on its round, so
    that :func:`published_data` and the functions below ask nothing more of them."""
    wanted = {round_.pk: round_ for round_ in rounds if round_.is_published and not hasattr(round_, _CACHED)}
    if not wanted:
        return
    found = dict(PublishedStructure.objects.filter(round_id__in=list(wanted)).values_list("round_id", "data"))
    for pk, round_ in wanted.items():
        setattr(round_, _CACHED, found.get(pk))


def as_shown(round_: Round, department: Department | None, code: RatingCode | None) -> tuple[Any, Any]:
    """A department and a rating code as the published ``round_`` showed them (the department's
    name of that year, the code's definition then); as given for any other round."""
    data = published_data(round_)
    if data is None:
        return department, code
    if department is not None:
        row = next((row for row in data["departments"] if row["id"] == department.pk), None)
        department = _make(Department, row) if row is not None else department
    if code is not None:
        stored = next((row for row in data["codes"] if row["id"] == code.pk), None)
        code = _make(RatingCode, stored) if stored is not None else code
    return department, code


def forget_cached(round_: Round) -> None:
    """Drop the snapshot kept on ``round_`` (after a correction changed it)."""
    if hasattr(round_, _CACHED):
        delattr(round_, _CACHED)


def structure_of(plan: Plan, round_: Round | None, *, scope: Collection[int] | None = None) -> RoundStructure:
    """The structure ``round_`` of ``plan`` shows (``scope``: those node ids only).

    One query for a published round; four for any other (nodes, ownerships, departments with
    their earlier names, rating codes), as the loaders ran before.
    """
    data = published_data(round_)
    if data is not None:
        return _from_snapshot(plan, data, scope)
    return _from_tables(plan, round_.fiscal_year if round_ is not None else None, scope)


def plan_as_shown(plan: Plan, round_: Round | None) -> Plan:
    """``plan`` as ``round_`` shows it: for a published round an unsaved copy with its stored
    attributes (title, period, level names, evaluation level, rules, municipality name)."""
    data = published_data(round_)
    return plan if data is None else _plan_copy(plan, data)


def codes_of(round_: Round) -> list[RatingCode]:
    """The rating codes ``round_`` shows, best first (a published round's as published)."""
    data = published_data(round_)
    if data is None:
        return list(RatingCode.objects.filter(scale_id=round_.plan.rating_scale_id).order_by("position"))
    return [_make(RatingCode, row) for row in data["codes"]]


def shown_row(round_: Round, kind: str, target_id: int) -> dict[str, Any] | None:
    """The stored row of a node (``kind`` "node") or a department ("department") in a published
    round's snapshot; None when the round is not published or the snapshot lacks it."""
    data = published_data(round_)
    rows = (data or {}).get("nodes" if kind == "node" else "departments", [])
    found: dict[str, Any] | None = next((row for row in rows if row["id"] == target_id), None)
    return found


def shows_node(round_: Round | None, node_id: int) -> bool:
    """False when ``round_`` is published and its frozen structure lacks the node (added, or
    ended, after the year was published); no query beyond the snapshot's."""
    data = published_data(round_)
    return data is None or any(row["id"] == node_id for row in data["nodes"])


def node_rows_below(plan: Plan, round_: Round | None) -> list[tuple[int, int | None, int | None]]:
    """(id, parent id, original id) of every node the round shows: what a page needs to work
    out the part of the tree below a node."""
    data = published_data(round_)
    if data is None:
        return list(
            _live_nodes(plan, round_.fiscal_year if round_ else None).values_list(
                "pk", "parent_id", "listing_of_id"
            )
        )
    return [(row["id"], row["parent_id"], row["listing_of_id"]) for row in data["nodes"]]


def indicators_of(
    plan: Plan, round_: Round | None, node_ids: Collection[int] | None = None, *, with_targets: bool = True
) -> list[Indicator]:
    """The indicators of the round's nodes (``node_ids``: of those only) with their interim
    targets as ``targets`` ({fiscal year: value}; on the live tables only ``with_targets``), in
    node and position order; one query on the live tables (two with the targets), none for a
    published round."""
    data = published_data(round_)
    if data is not None:
        chosen = [row for row in data["indicators"] if node_ids is None or row["node_id"] in node_ids]
        made = []
        for row in chosen:
            indicator = _make(Indicator, {k: v for k, v in row.items() if k != "interim_targets"})
            indicator.targets = {year: Decimal(value) for year, value in row["interim_targets"]}  # type: ignore[attr-defined]
            made.append(indicator)
        return made
    rows = Indicator.objects.filter(node__plan=plan).order_by("node_id", "position", "pk")
    if node_ids is not None:
        rows = rows.filter(node_id__in=list(node_ids))
    indicators = list(rows)
    targets: dict[int, dict[int, Decimal]] = defaultdict(dict)
    stored = IndicatorTarget.objects.filter(indicator_id__in=[indicator.pk for indicator in indicators])
    for indicator_id, year, value in (
        stored.values_list("indicator_id", "fiscal_year", "value") if with_targets else ()
    ):
        targets[indicator_id][year] = value
    for indicator in indicators:
        indicator.targets = targets[indicator.pk]  # type: ignore[attr-defined]
    return indicators


def _live_nodes(plan: Plan, year: int | None) -> Any:
    nodes = PlanNode.objects.filter(plan_id=plan.pk)
    if year is not None:
        nodes = nodes.filter(
            Q(first_year__isnull=True) | Q(first_year__lte=year),
            Q(last_year__isnull=True) | Q(last_year__gte=year),
        )
    return nodes


def _from_tables(plan: Plan, year: int | None, scope: Collection[int] | None) -> RoundStructure:
    chosen = _live_nodes(plan, year)
    if scope is not None:
        chosen = chosen.filter(pk__in=list(scope))
    names = [f.attname for f in PlanNode._meta.concrete_fields]
    rows = list(chosen.order_by("level", "position", "pk").values_list(*names))
    ownerships = ProjectOwner.objects.filter(project__plan_id=plan.pk)
    if scope is not None:
        ownerships = ownerships.filter(project_id__in=list(scope))
    kept = {row[0] for row in rows}
    pairs = [
        (project_id, department_id)
        for project_id, department_id in ownerships.order_by("project_id", "position").values_list(
            "project_id", "department_id"
        )
        if project_id in kept
    ]
    codes = list(RatingCode.objects.filter(scale_id=plan.rating_scale_id).order_by("position"))
    return RoundStructure(plan, False, chosen.db, names, rows, pairs, _live_departments(plan, year), codes)


def _live_departments(plan: Plan, year: int | None) -> list[Department]:
    """The departments of the plan's municipality, named as in ``year``: one query, the earlier
    names joined in (a department renamed twice comes on two rows)."""
    departments = Department.objects.filter(municipality_id=plan.municipality_id).order_by()
    if year is None:
        return list(departments)
    names = [f.attname for f in Department._meta.concrete_fields]
    found: dict[int, Department] = {}
    changes: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for *row, changed_in, previous in departments.values_list(
        *names, "name_changes__fiscal_year", "name_changes__previous_name"
    ):
        department = found.get(row[0])
        if department is None:
            department = found[row[0]] = Department.from_db(departments.db, names, row)
        if changed_in is not None:
            changes[department.pk].append((changed_in, previous))
    for department in found.values():
        department.name = name_in_year(department.name, changes[department.pk], year)
    return list(found.values())


def _from_snapshot(plan: Plan, data: Mapping[str, Any], scope: Collection[int] | None) -> RoundStructure:
    shown = _plan_copy(plan, data)
    names = [f.attname for f in PlanNode._meta.concrete_fields]
    nodes = [row for row in data["nodes"] if scope is None or row["id"] in scope]
    rows = [tuple(row.get(name) for name in names) for row in nodes]
    kept = {row["id"] for row in nodes}
    pairs = [(project, department) for project, department, _ in data["ownerships"] if project in kept]
    departments = [_make(Department, row) for row in data["departments"]]
    codes = [_make(RatingCode, row) for row in data["codes"]]
    return RoundStructure(shown, True, DEFAULT_DB_ALIAS, names, rows, pairs, departments, codes)


def _plan_copy(plan: Plan, data: Mapping[str, Any]) -> Plan:
    copy = _make(Plan, data["plan"])
    copy.municipality = _make(Municipality, data["municipality"])
    return copy


def _make(model: type[M], row: Mapping[str, Any]) -> M:
    """An unsaved-looking instance of ``model`` from a stored row (fields the row lacks, added
    after it was stored, take their defaults)."""
    fields = {f.attname: f for f in model._meta.concrete_fields if f.attname in row}
    values = {
        name: Decimal(row[name])
        if row[name] is not None and field.get_internal_type() == "DecimalField"
        else row[name]
        for name, field in fields.items()
    }
    instance = model(**values)
    instance._state.adding = False
    instance._state.db = DEFAULT_DB_ALIAS
    return instance
