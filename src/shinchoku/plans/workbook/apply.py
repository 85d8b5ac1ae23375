"""Importing a plan workbook: one service, all or nothing.

:func:`import_plan_workbook` reads the file, checks it (every sheet, every reference, the
municipality, removals of items in use, years that are not the import's to change), computes the
changes against the plan in the database and, unless it is a dry run or there is nothing to
change, writes them in one transaction with one audit entry per changed sheet and a fresh search
index. A file that matches the plan changes nothing and records nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.apps import apps as django_apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from shinchoku.accounts.models import User
from shinchoku.accounts.permissions import can_import
from shinchoku.audit.services import record
from shinchoku.editions.snapshot import freeze_published_rounds
from shinchoku.evaluations.models import Entry, IndicatorValue, Round
from shinchoku.evaluations.services.project_evaluations import refresh_round_evaluations
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
from shinchoku.plans.workbook.checks import (
    find_municipality,
    locked_year_problems,
    removal_problems,
    shared_scale_problems,
    structure_problems,
)
from shinchoku.plans.workbook.diff import Change, count_changes, diff_documents
from shinchoku.plans.workbook.document import NodeRow, PlanDocument, PlanWorkbookError, Problem
from shinchoku.plans.workbook.layout import ACTION_LABELS, SHEETS, Place
from shinchoku.plans.workbook.read import read_plan_workbook
from shinchoku.plans.workbook.renames import apply_rename, rename_problems, stored_department
from shinchoku.plans.workbook.revisions import continued_projects, stored_span_problems
from shinchoku.plans.workbook.shared import link_shared_projects, shared_problems
from shinchoku.plans.workbook.snapshot import plan_document
from shinchoku.plans.workbook.validate import validate_document
from shinchoku.search.services import rebuild_search_index

AUDIT_ACTION = "import_plan_workbook"


@dataclass(frozen=True)
class PlanImport:
    """What an import did (or, for a dry run, would do)."""

    document: PlanDocument
    plan: Plan | None  # None: a dry run of a new plan
    changes: list[Change]
    written: bool
    published_years: tuple[int, ...] = ()

    @property
    def counts(self) -> dict[str, dict[str, int]]:
        return count_changes(self.changes)

    def summary(self) -> dict[str, Any]:
        """The machine-readable summary the command prints with --format json."""
        return {
            "plan": self.document.settings.title,
            "municipality": self.document.settings.municipality_name,
            "written": self.written,
            "counts": self.counts,
            "changes": [change.as_dict() for change in self.changes],
            "published_years": list(self.published_years),
            "errors": [],
        }


def preview_plan_workbook(
    actor: User | AnonymousUser | None, data: bytes, file_name: str, *, publish: bool = False
) -> PlanImport:
    """What importing ``data`` would change, checked as fully as the import; writes nothing."""
    return import_plan_workbook(actor, data, file_name, publish=publish, dry_run=True)


def import_plan_workbook(
    actor: User | AnonymousUser | None,
    data: bytes,
    file_name: str,
    *,
    publish: bool = False,
    dry_run: bool = False,
) -> PlanImport:
    """Import the plan workbook ``data`` (named ``file_name`` in messages), all or nothing.

    ``actor`` None is the command line; otherwise the 事務局 of the file's municipality or a
    superuser. Raises :class:`PlanWorkbookError` (every problem, nothing written) and
    PermissionDenied. The years of the 評価 and 実績 sheets become closed rounds, published only
    with ``publish`` (which also publishes the closed rounds of those years).
    """
    document = read_plan_workbook(data, file_name)
    problems = validate_document(document)
    if problems:
        raise PlanWorkbookError(problems)
    with transaction.atomic():
        municipality, problems = find_municipality(document.settings)
        if municipality is not None and not can_import(actor, municipality):
            raise PermissionDenied(
                f"ファイルの自治体「{municipality.name}」の計画を取り込めるのは、その自治体の事務局だけです。"
                "「計画」シートの自治体名・全国地方公共団体コードを確かめてください。"
            )
        if problems or municipality is None:
            raise PlanWorkbookError(problems)
        plan = (
            Plan.objects.select_for_update()
            .select_related("municipality", "rating_scale")
            .filter(municipality=municipality, title=document.settings.title)
            .first()
        )
        changes = diff_documents(plan_document(plan) if plan else None, document)
        continued, problems = continued_projects(municipality, document)
        problems += (
            stored_span_problems(plan, document)
            + removal_problems(plan, municipality, changes)
            + structure_problems(plan, document)
            + shared_scale_problems(plan, changes)
            + locked_year_problems(plan, changes)
            + rename_problems(municipality, document)
            + shared_problems(municipality, plan, document)
        )
        if problems:
            raise PlanWorkbookError(problems)
        to_publish = _years_to_publish(plan, document) if publish else ()
        if dry_run or (not changes and not to_publish):
            return PlanImport(document, plan, changes, written=False, published_years=tuple(to_publish))
        try:
            with transaction.atomic():
                plan = _Writer(municipality, plan, document, continued).write()
        except IntegrityError:  # the same plan or department created meanwhile by another import
            raise PlanWorkbookError(
                [
                    Problem(
                        Place("", file=file_name),
                        "同じ計画が同時に変更されたため、取り込みませんでした。もう一度取り込んでください。",
                    )
                ]
            ) from None
        # The shared projects of the years read are rated by the plan's rule before any is published.
        recorder = actor if isinstance(actor, User) else None
        for round_ in Round.objects.filter(plan=plan, fiscal_year__in=document.fiscal_years()).exclude(
            state=Round.State.PUBLISHED
        ):
            refresh_round_evaluations(recorder, round_)
        for year in sorted(to_publish):
            _publish(plan, year)
        _audit(actor, plan, file_name, changes, to_publish)
        rebuild_search_index(plan)
    return PlanImport(document, plan, changes, written=True, published_years=tuple(sorted(to_publish)))


def _years_to_publish(plan: Plan | None, document: PlanDocument) -> list[int]:
    years = document.fiscal_years()
    if plan is None:
        return sorted(years)
    states = dict(Round.objects.filter(plan=plan).values_list("fiscal_year", "state"))
    return sorted(year for year in years if states.get(year, Round.State.CLOSED) == Round.State.CLOSED)


def _publish(plan: Plan, year: int) -> None:
    Round.objects.filter(plan=plan, fiscal_year=year, state=Round.State.CLOSED).update(
        state=Round.State.PUBLISHED, published_at=timezone.now()
    )
    freeze_published_rounds(django_apps, [plan.pk])


def _audit(
    actor: User | AnonymousUser | None,
    plan: Plan,
    file_name: str,
    changes: list[Change],
    published: list[int] | tuple[int, ...],
) -> None:
    by_sheet: dict[str, list[Change]] = defaultdict(list)
    for change in changes:
        by_sheet[change.sheet].append(change)
    for sheet in SHEETS:
        if not by_sheet[sheet]:
            continue
        counts = count_changes(by_sheet[sheet])[sheet]
        told = "・".join(f"{ACTION_LABELS[action]} {count}件" for action, count in counts.items() if count)
        record(
            actor=actor,
            action=AUDIT_ACTION,
            target=plan,
            municipality=plan.municipality,
            summary=(
                f"{plan.title}: 計画の体系ファイル「{file_name}」の「{sheet}」シートを取り込みました({told})"
            ),
            changes={
                "sheet": sheet,
                "counts": counts,
                "items": [change.as_dict() for change in by_sheet[sheet]],
            },
        )
    if published:
        years = "、".join(f"{year}年度" for year in published)
        record(
            actor=actor,
            action="publish_round",
            target=plan,
            municipality=plan.municipality,
            summary=f"{plan.title}: 計画の体系ファイルから取り込んだ {years}を公表しました",
            changes={"published_years": {"before": None, "after": list(published)}},
        )


def _set(instance: Any, values: dict[str, Any]) -> bool:
    """Set ``values`` on ``instance``; whether any of them changed."""
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


class _Writer:
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
