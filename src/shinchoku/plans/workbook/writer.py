"""Writing a checked plan workbook into the database: the plan, its scale, departments, tree,
owners, indicators and the past years' evaluations, targets and values.

:class:`PlanWriter` is used by :func:`shinchoku.plans.workbook.apply.import_plan_workbook` inside its
transaction, after every check passed; it writes rows, it decides nothing.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from shinchoku.evaluations.models import Entry, IndicatorValue, Round
from shinchoku.plans.editing.project_years import ask_in_open_years, settle_years_outside
from shinchoku.plans.models import (
    Department,
    Indicator,
    IndicatorTarget,
    Municipality,
    Plan,
    PlanNode,
    ProjectOwner,
    RatingCode,
    RatingScale,
)
from shinchoku.plans.workbook.document import NodeRow, PlanDocument
from shinchoku.plans.workbook.renames import apply_rename, stored_department
from shinchoku.plans.workbook.shared import link_shared_projects


def _set(instance: Any, values: dict[str, Any]) -> bool:
    """Set ``values`` on ``instance``; whether any of them changed."""
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


class PlanWriter:
    """Writes a checked document over the plan (created when None). Call inside a transaction."""

    def __init__(
        self,
        municipality: Municipality,
        plan: Plan | None,
        document: PlanDocument,
        continued: dict[str, PlanNode | None],
    ) -> None:
        """``continued``: each row's project of an earlier plan (see ``revisions.continued_projects``)."""
        self.municipality, self.plan, self.document = municipality, plan, document
        self.continued = continued

    def write(self) -> Plan:
        plan = self._plan()
        self._codes(plan)
        departments = self._departments()
        nodes = self._nodes(plan, departments)
        self._remove_departments(departments)
        indicators = self._indicators(plan, nodes)
        self._evaluations(plan, nodes, departments)
        self._values(plan, indicators)
        self._targets(indicators)
        return plan

    def _plan(self) -> Plan:
        settings = self.document.settings
        values: dict[str, Any] = {
            "first_fiscal_year": settings.first_fiscal_year,
            "last_fiscal_year": settings.last_fiscal_year,
            "level_labels": list(settings.level_labels),
            "evaluation_level": settings.evaluation_level,
            "multi_department_rule": settings.multi_department_rule,
        }
        if settings.achievement_formula is not None:
            values["achievement_formula"] = settings.achievement_formula
        if settings.requires_department_approval is not None:
            values["requires_department_approval"] = settings.requires_department_approval
        plan = self.plan
        if plan is None:
            scale = RatingScale.objects.create(
                municipality=self.municipality, name=f"{settings.title}の評価基準"
            )
            plan = Plan(municipality=self.municipality, title=settings.title, rating_scale=scale, **values)
            plan.save()
        elif _set(plan, values):
            plan.save()
        return plan

    def _codes(self, plan: Plan) -> None:
        existing = {code.code: code for code in RatingCode.objects.filter(scale_id=plan.rating_scale_id)}
        for position, row in enumerate(self.document.codes):
            values = {
                "label": row.label,
                "definition": row.definition,
                "is_rating": row.is_rating,
                "position": position,
            }
            code = existing.pop(row.code, None)
            if code is None:
                RatingCode.objects.create(scale_id=plan.rating_scale_id, code=row.code, **values)
            elif _set(code, values):
                code.save()
        RatingCode.objects.filter(pk__in=[code.pk for code in existing.values()]).delete()

    def _departments(self) -> dict[str, Department]:
        existing = {d.name: d for d in Department.objects.filter(municipality=self.municipality)}
        self.unlisted = dict(existing)
        found = {}
        for position, row in enumerate(self.document.departments):
            department = stored_department(row, existing)
            self.unlisted.pop(department.name if department else row.name, None)
            renamed = department is not None and apply_rename(department, row)
            contacts = {
                field: value
                for field, value in (("email", row.email), ("extension", row.extension))
                if value is not None
            }
            if department is None:
                department = Department.objects.create(
                    municipality=self.municipality,
                    name=row.name,
                    kind=row.kind,
                    position=position,
                    **contacts,
                )
                apply_rename(department, row)
            elif _set(department, {"kind": row.kind, "position": position} | contacts) or renamed:
                department.save()
            found[row.name] = department
        return found

    def _remove_departments(self, departments: dict[str, Department]) -> None:
        Department.objects.filter(pk__in=[d.pk for d in self.unlisted.values()]).delete()

    def _nodes(self, plan: Plan, departments: dict[str, Department]) -> dict[str, PlanNode]:
        existing = {node.code: node for node in PlanNode.objects.filter(plan=plan)}
        ranks: dict[str, int] = defaultdict(int)
        positions = {}
        for row in self.document.nodes:
            ranks[row.parent_code] += 1
            positions[row.code] = ranks[row.parent_code]
        nodes: dict[str, PlanNode] = {}
        respanned: list[PlanNode] = []  # stored projects whose years change
        for level in sorted({row.level for row in self.document.nodes}):
            # Level by level, so that each level's parents have their ids; new nodes in one insert.
            new: list[PlanNode] = []
            for row in (row for row in self.document.nodes if row.level == level):
                values = {
                    "parent": nodes[row.parent_code] if row.parent_code else None,
                    "level": row.level,
                    "title": row.title,
                    "description": row.description,
                    "final_target": row.final_target,
                    "position": positions[row.code],
                } | self._revision(row)
                node = existing.pop(row.code, None)
                if (
                    node is not None
                    and row.span is not None
                    and row.span != (node.first_year, node.last_year)
                ):
                    settle_years_outside(node, *row.span)  # checked before: only blank drafts go
                    respanned.append(node)
                if node is None:
                    node = PlanNode(plan=plan, code=row.code, **values)
                    new.append(node)
                elif _set(node, values):
                    node.save()
                nodes[row.code] = node
            PlanNode.objects.bulk_create(new)
        for row in self.document.nodes:
            node = nodes[row.code]
            if _set(node, {"listing_of": nodes[row.listing_of] if row.listing_of else None}):
                node.save(update_fields=["listing_of"])
        link_shared_projects(self.municipality, self.document, nodes)
        self._owners(nodes, departments)
        for node in respanned:  # with its owners as the file leaves them
            ask_in_open_years(node)
        removed = list(existing.values())
        PlanNode.objects.filter(pk__in=[n.pk for n in removed]).update(listing_of=None, shared_from=None)
        for node in sorted(removed, key=lambda n: -n.level):
            node.delete()
        return nodes

    def _revision(self, row: NodeRow) -> dict[str, Any]:
        """The row's years and continued project, for the columns the file has."""
        values: dict[str, Any] = {}
        if row.span is not None:
            values["first_year"], values["last_year"] = row.span
        if row.code in self.continued:
            values["continues"] = self.continued[row.code]
        return values

    def _owners(self, nodes: dict[str, PlanNode], departments: dict[str, Department]) -> None:
        current: dict[int, list[int]] = defaultdict(list)
        for project_id, department_id in (
            ProjectOwner.objects.filter(project__plan=self.plan)
            .order_by("position", "pk")
            .values_list("project_id", "department_id")
            if self.plan
            else []
        ):
            current[project_id].append(department_id)
        replaced: list[int] = []
        created: list[ProjectOwner] = []
        for row in self.document.nodes:
            node = nodes[row.code]
            wanted = [departments[name].pk for name in row.owners]
            if current.get(node.pk, []) == wanted:
                continue
            replaced.append(node.pk)
            created += [
                ProjectOwner(project=node, department_id=pk, position=position)
                for position, pk in enumerate(wanted)
            ]
        ProjectOwner.objects.filter(project_id__in=replaced).delete()
        ProjectOwner.objects.bulk_create(created)

    def _indicators(self, plan: Plan, nodes: dict[str, PlanNode]) -> dict[tuple[str, str], Indicator]:
        existing = {
            (i.node.code, i.label): i
            for i in Indicator.objects.filter(node__plan=plan).select_related("node")
        }
        ranks: dict[str, int] = defaultdict(int)
        found = {}
        new: list[Indicator] = []
        for row in self.document.indicators:
            position = ranks[row.project_code]
            ranks[row.project_code] += 1
            values = {
                "position": position,
                "unit": row.unit,
                "baseline_value": row.baseline_value,
                "baseline_year": row.baseline_year,
                "target_value": row.target_value,
                "target_year": row.target_year,
                "direction": row.direction,
            }
            indicator = existing.pop(row.key, None)
            if indicator is None:
                indicator = Indicator(node=nodes[row.project_code], label=row.label, **values)
                new.append(indicator)
            elif _set(indicator, values):
                indicator.save()
            found[row.key] = indicator
        Indicator.objects.bulk_create(new)
        Indicator.objects.filter(pk__in=[i.pk for i in existing.values()]).delete()
        return found

    def _rounds(self, plan: Plan) -> dict[int, Round]:
        rounds = {r.fiscal_year: r for r in Round.objects.filter(plan=plan)}
        for year in sorted(self.document.fiscal_years()):
            if year not in rounds:
                rounds[year] = Round.objects.create(plan=plan, fiscal_year=year, state=Round.State.CLOSED)
        return rounds

    def _evaluations(
        self, plan: Plan, nodes: dict[str, PlanNode], departments: dict[str, Department]
    ) -> None:
        rows = self.document.evaluations
        rounds = self._rounds(plan)
        if not rows:
            return
        codes = {code.code: code for code in RatingCode.objects.filter(scale_id=plan.rating_scale_id)}
        years = {row.fiscal_year for row in rows}
        existing = {
            (entry.round.fiscal_year, entry.project_id, entry.department_id): entry
            for entry in Entry.objects.filter(round__plan=plan, round__fiscal_year__in=years).select_related(
                "round"
            )
        }
        new: list[Entry] = []
        for row in rows:
            node, department = nodes[row.project_code], departments[row.department]
            values = {
                "progress": row.progress,
                "rating": codes[row.rating] if row.rating else None,
                "reason": row.reason,
                "next_year_goal": row.next_year_goal,
            }
            entry = existing.get((row.fiscal_year, node.pk, department.pk))
            if entry is None:
                new.append(
                    Entry(
                        round=rounds[row.fiscal_year],
                        project=node,
                        department=department,
                        status=Entry.Status.APPROVED,
                        **values,
                    )
                )
            elif _set(entry, values):
                entry.version += 1
                entry.save()
        Entry.objects.bulk_create(new)

    def _targets(self, indicators: dict[tuple[str, str], Indicator]) -> None:
        """The interim targets, when the sheet is there: created, changed and removed to match it."""
        rows = self.document.targets
        if rows is None:
            return
        existing = {
            (t.indicator_id, t.fiscal_year): t
            for t in IndicatorTarget.objects.filter(indicator_id__in=[i.pk for i in indicators.values()])
        }
        new: list[IndicatorTarget] = []
        for row in rows:
            indicator = indicators[(row.project_code, row.label)]
            target = existing.pop((indicator.pk, row.fiscal_year), None)
            if target is None:
                new.append(IndicatorTarget(indicator=indicator, fiscal_year=row.fiscal_year, value=row.value))
            elif target.value != row.value:
                target.value = row.value
                target.save(update_fields=["value"])
        IndicatorTarget.objects.bulk_create(new)
        IndicatorTarget.objects.filter(pk__in=[t.pk for t in existing.values()]).delete()

    def _values(self, plan: Plan, indicators: dict[tuple[str, str], Indicator]) -> None:
        rows = self.document.values
        if not rows:
            return
        existing = {
            (v.indicator_id, v.fiscal_year): v
            for v in IndicatorValue.objects.filter(indicator__node__plan=plan)
        }
        for row in rows:
            indicator = indicators[(row.project_code, row.label)]
            value = existing.get((indicator.pk, row.fiscal_year))
            if value is None:
                IndicatorValue.objects.create(
                    indicator=indicator, fiscal_year=row.fiscal_year, value=row.value
                )
            elif value.value != row.value:
                value.value = row.value
                value.save(update_fields=["value"])
