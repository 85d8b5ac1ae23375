"""Taking the snapshot of a round's structure when it is published (see
:class:`~shinchoku.editions.models.PublishedStructure` for why a snapshot).

The functions take the model registry (``django.apps.apps``, or a migration's historical
``apps``) so that the data migration that snapshots the rounds published before this app existed
takes exactly the same copy as :func:`shinchoku.evaluations.services.rounds.publish_round`.
Only value rows are read (no model methods), and the pure rules of
:mod:`shinchoku.core.reorganisation` decide what was active and how a department was named.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.apps.registry import Apps

from shinchoku.core.reorganisation import is_active_in, name_in_year

SNAPSHOT_VERSION = 1
PLAN_FIELDS = (
    "id",
    "municipality_id",
    "rating_scale_id",
    "title",
    "first_fiscal_year",
    "last_fiscal_year",
    "level_labels",
    "evaluation_level",
    "requires_department_approval",
    "multi_department_rule",
    "achievement_formula",
)
CODE_FIELDS = ("id", "scale_id", "code", "label", "definition", "position", "is_rating")
DEPARTMENT_FIELDS = ("id", "municipality_id", "name", "kind", "position")


def structure_data(registry: Apps, round_id: int) -> dict[str, Any]:
    """The JSON of the structure the round ``round_id`` shows in its fiscal year.

    Nodes are those active in the year (開始年度〜終了年度), in tree-level order, with every
    concrete field; ownerships keep the order of the owners; departments (all of the
    municipality's, as the loaders read them) carry the name they had that year; decimals are kept
    as strings, exactly.
    """
    round_model = registry.get_model("evaluations", "Round")
    year, plan_id = round_model.objects.filter(pk=round_id).values_list("fiscal_year", "plan_id").get()
    plan = registry.get_model("plans", "Plan").objects.filter(pk=plan_id).values(*PLAN_FIELDS).get()
    municipality = (
        registry.get_model("plans", "Municipality")
        .objects.filter(pk=plan["municipality_id"])
        .values("id", "name", "code")
        .get()
    )
    codes = list(
        registry.get_model("plans", "RatingCode")
        .objects.filter(scale_id=plan["rating_scale_id"])
        .order_by("position", "pk")
        .values(*CODE_FIELDS)
    )
    node_model = registry.get_model("plans", "PlanNode")
    names = [field.attname for field in node_model._meta.concrete_fields]
    nodes = [
        _plain(row)
        for row in node_model.objects.filter(plan_id=plan_id)
        .order_by("level", "position", "pk")
        .values(*names)
        if is_active_in(year, first_year=row.get("first_year"), last_year=row.get("last_year"))
    ]
    kept = {node["id"] for node in nodes}
    ownerships = [
        [project_id, department_id, position]
        for project_id, department_id, position in registry.get_model("plans", "ProjectOwner")
        .objects.filter(project__plan_id=plan_id)
        .order_by("project_id", "position")
        .values_list("project_id", "department_id", "position")
        if project_id in kept
    ]
    return {
        "version": SNAPSHOT_VERSION,
        "fiscal_year": year,
        "municipality": municipality,
        "plan": plan,
        "codes": codes,
        "nodes": nodes,
        "ownerships": ownerships,
        "departments": _departments(registry, plan["municipality_id"], year),
        "indicators": _indicators(registry, kept),
    }


def _departments(registry: Apps, municipality_id: int, year: int) -> list[dict[str, Any]]:
    changes: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for department_id, changed_in, previous in (
        registry.get_model("plans", "DepartmentNameChange")
        .objects.filter(department__municipality_id=municipality_id)
        .values_list("department_id", "fiscal_year", "previous_name")
    ):
        changes[department_id].append((changed_in, previous))
    rows = (
        registry.get_model("plans", "Department")
        .objects.filter(municipality_id=municipality_id)
        .order_by("position", "name", "pk")
        .values(*DEPARTMENT_FIELDS)
    )
    return [{**row, "name": name_in_year(row["name"], changes[row["id"]], year)} for row in rows]


def _indicators(registry: Apps, node_ids: set[int]) -> list[dict[str, Any]]:
    model = registry.get_model("plans", "Indicator")
    names = [field.attname for field in model._meta.concrete_fields]
    indicators = [
        _plain(row)
        for row in model.objects.filter(node_id__in=node_ids)
        .order_by("node_id", "position", "pk")
        .values(*names)
    ]
    targets: dict[int, list[list[Any]]] = defaultdict(list)
    for indicator_id, fiscal_year, value in (
        registry.get_model("plans", "IndicatorTarget")
        .objects.filter(indicator_id__in=[row["id"] for row in indicators])
        .order_by("indicator_id", "fiscal_year")
        .values_list("indicator_id", "fiscal_year", "value")
    ):
        targets[indicator_id].append([fiscal_year, str(value)])
    return [{**row, "interim_targets": targets[row["id"]]} for row in indicators]


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """A value row JSON can hold exactly: decimals as their strings."""
    return {key: str(value) if isinstance(value, Decimal) else value for key, value in row.items()}


def take_snapshot(registry: Apps, round_id: int) -> Any:
    """Store the structure of ``round_id`` as its published structure, replacing any earlier one."""
    model = registry.get_model("editions", "PublishedStructure")
    model.objects.filter(round_id=round_id).delete()
    return model.objects.create(round_id=round_id, data=structure_data(registry, round_id))


def freeze_published_rounds(registry: Apps, plan_ids: list[int] | None = None) -> int:
    """Snapshot every published round (of ``plan_ids`` only, when given) that has none yet: for
    the rounds written published at once (the seed importer, the plan workbook's past years, the
    demo, and the rounds published before this app existed). Returns how many were taken."""
    taken = registry.get_model("editions", "PublishedStructure").objects.values("round_id")
    rounds = (
        registry.get_model("evaluations", "Round").objects.filter(state="published").exclude(pk__in=taken)
    )
    if plan_ids is not None:
        rounds = rounds.filter(plan_id__in=plan_ids)
    ids = list(rounds.order_by("pk").values_list("pk", flat=True))
    for round_id in ids:
        take_snapshot(registry, round_id)
    return len(ids)
