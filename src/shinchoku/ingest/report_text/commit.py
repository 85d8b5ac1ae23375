"""Storing a parsed published report: the plan structure, the round and its entries.

:func:`store_report` upserts by natural keys (department name, node code, project × department),
so storing the same report twice leaves the database as it was. A value a person corrected since
the previous import of the round is kept (see :mod:`.corrections`). It writes nothing itself
outside the caller's transaction; :func:`shinchoku.ingest.services.import_report` supplies that,
the permission check, the audit record and the review items.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps as django_apps
from django.db.models import Model
from django.utils import timezone

from shinchoku.core.departments import is_outside_body
from shinchoku.core.ratings import ConsolidationRule
from shinchoku.core.text import search_key
from shinchoku.editions import models as editions
from shinchoku.editions.snapshot import freeze_published_rounds
from shinchoku.evaluations.models import Entry, NodeEvaluation, Round
from shinchoku.ingest.report_text.corrections import Correction, CorrectionGuard, Place
from shinchoku.ingest.report_text.document import ParsedProject, ParsedReport, TextBlock
from shinchoku.plans.models import (
    Department,
    Indicator,
    Municipality,
    Plan,
    PlanNode,
    ProjectOwner,
    RatingCode,
    RatingScale,
)

REPORT_TEXT_FORMAT = "report_text"  # ImportRun.source_format of these imports
# The levels of the 進捗状況報告書 this importer reads (目標 / 施策 / 取組 headings, 事業 rows);
# its pages are 施策, the level that carries the evaluation and the committee opinions.
REPORT_LEVEL_LABELS = ("基本目標", "施策", "取組", "事業")
REPORT_EVALUATION_LEVEL = 1
ENTRY_TEXT_FIELDS = ("final_target", "progress", "reason", "next_year_goal")
GOAL, POLICY, INITIATIVE, PROJECT = range(4)


@dataclass(frozen=True)
class ImportTarget:
    """Where a report goes: the municipality (by 全国地方公共団体コード) and the plan (by title).

    The period is used when the plan is created; an existing plan's period is widened to include
    the report's fiscal year if needed.
    """

    municipality_name: str
    municipality_code: str
    plan_title: str
    first_fiscal_year: int | None = None
    last_fiscal_year: int | None = None


@dataclass
class StoreResult:
    round: Round
    created: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    updated: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    changes: list[dict[str, Any]] = field(default_factory=list)
    # What this import wrote from the file, by object key (the next import's baseline).
    written: dict[str, dict[str, Any]] = field(default_factory=dict)
    kept: list[Correction] = field(default_factory=list)
    conflicts: list[Correction] = field(default_factory=list)
    # The names the published year shows as corrected (正誤), which no import touches: (the
    # corrected item as it read before, the corrected value), the latest correction of each field.
    corrected_names: list[tuple[str, str]] = field(default_factory=list)
    # The stored node of each project (by ``seq``) and each policy (by code).
    project_nodes: dict[int, PlanNode] = field(default_factory=dict)
    policy_nodes: dict[str, PlanNode] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _assign(instance: Model, values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Set ``values`` on ``instance``; return the fields that really changed (before → after)."""
    changed = {}
    for name, value in values.items():
        before = getattr(instance, name)
        if before != value:
            changed[name] = {"before": _jsonable(before), "after": _jsonable(value)}
            setattr(instance, name, value)
    return changed


def _plain(value: Any) -> Any:
    """A value as the import compares it with an earlier import's: a code for a rating or a node."""
    if isinstance(value, RatingCode | PlanNode):
        return value.code
    if isinstance(value, Decimal):  # 250 and 250.000 (as stored) are the same value
        return format(value.normalize(), "f")
    return value


def _jsonable(value: Any) -> Any:
    if isinstance(value, Model):
        return str(value)
    if value is None or isinstance(value, str | int | bool | list | dict):
        return value
    return str(value)


class RoundNotOursError(Exception):
    """The report's year already has a round that an import may not change (being collected,
    reviewed, or published from the system's own entries). The message is Japanese."""


def _check_round_is_ours(round_: Round) -> None:
    """Refuse ``round_`` unless an earlier import of a report created it (then re-importing is
    idempotent). An open round holds the departments' drafts: publishing it or overwriting them
    from a file would publish and destroy work in progress."""
    if (
        round_.state == Round.State.PUBLISHED
        and round_.imports.filter(source_format=REPORT_TEXT_FORMAT).exists()
    ):
        return
    if round_.state == Round.State.PUBLISHED:
        why = "公表済の年度をシステムで作成したもので、取込で上書きすると公表した内容が変わります"
    else:
        why = "まだ公表されておらず、担当課の下書きや確認中の評価を上書き・公表してしまいます"
    raise RoundNotOursError(
        f"「{round_.plan.title}」の{round_.fiscal_year_label}は「{round_.get_state_display()}」の年度として"
        f"既にあります。この年度は{why}。取り込みませんでした。"
        "報告書の取込は、まだ年度のない計画・年度か、以前に取り込んだ年度に対してだけ行えます。"
    )


def _whole_project_target(project: ParsedProject) -> list[TextBlock]:
    """The blocks of the project's 計画最終年度までの目標 when they belong to the whole project: a
    project of several departments whose target names no department. Else none (when some blocks
    are named, an unnamed one may be a department's, so it stays with the lead as before)."""
    blocks = list(project.final_target)
    if project.relisted:  # a 再掲 row repeats its original's texts: the original holds them
        return []
    if len(project.owners) > 1 and blocks and all(block.department is None for block in blocks):
        return blocks
    return []


def _join_blocks(blocks: list[TextBlock]) -> str:
    return "\n".join(block.text for block in blocks if block.text).strip()


class _Store:
    """One store operation; holds lookups so that the whole report costs a few queries per table."""

    def __init__(self, report: ParsedReport, target: ImportTarget, overwrite: bool) -> None:
        self.report = report
        self.target = target
        self.overwrite = overwrite
        self.result: StoreResult
        self.guard: CorrectionGuard
        self.node_codes: dict[int, str] = {}
        self.year_names: dict[int, str] = {}  # department id → its name in the report's year

    # -- small helpers -------------------------------------------------------------------------
    def _stored(self, instance: Model, names: list[str]) -> dict[str, Any]:
        """The stored values of ``names`` in plain form, without a query per foreign key."""
        stored = {}
        for name in names:
            if name == "rating":
                code_id = getattr(instance, "rating_id")  # noqa: B009 - Entry or NodeEvaluation
                stored[name] = next((c.code for c in self.codes.values() if c.pk == code_id), None)
            elif name in ("parent", "listing_of"):
                stored[name] = self.node_codes.get(getattr(instance, f"{name}_id"))
            else:
                stored[name] = _plain(getattr(instance, name))
        return stored

    def _upsert(
        self,
        model_label: str,
        instance: Model,
        values: dict[str, Any],
        created: bool,
        key: str,
        place: Place,
    ) -> None:
        plain = {name: _plain(value) for name, value in values.items()}
        if created:
            self.guard.allowed(key, place, plain, plain)
            self.result.created[model_label] += 1
            return
        allowed = self.guard.allowed(key, place, plain, self._stored(instance, list(values)))
        changes = _assign(instance, {name: value for name, value in values.items() if name in allowed})
        if changes:
            if isinstance(instance, Entry | NodeEvaluation):
                instance.version += 1
            instance.save()
            self.result.updated[model_label] += 1
            self.result.changes.append({"object": f"{model_label}:{instance.pk}", "changes": changes})

    # -- structure -----------------------------------------------------------------------------
    def run(self) -> StoreResult:
        municipality = self._municipality()
        plan = self._plan(municipality)
        round_, created = Round.objects.get_or_create(
            plan=plan,
            fiscal_year=self.report.fiscal_year,
            defaults={"state": Round.State.PUBLISHED, "published_at": timezone.now()},
        )
        self.result = StoreResult(round=round_)
        if created:
            self.result.created["round"] += 1
        else:
            _check_round_is_ours(round_)
        previous = round_.imports.filter(source_format=REPORT_TEXT_FORMAT).order_by("-pk").first()
        self.guard = CorrectionGuard(previous.written if previous else {}, self.overwrite)
        self.plan, self.round = plan, round_
        self.codes = {code.code: code for code in self._rating_codes(plan)}
        self.departments = self._departments_by_year_name(municipality)
        self.municipality = municipality
        self.nodes = {node.code: node for node in PlanNode.objects.filter(plan=plan)}
        self.node_codes = {node.pk: code for code, node in self.nodes.items()}
        self._store_tree()
        self.result.written = self.guard.written
        self.result.kept = self.guard.kept
        self.result.conflicts = self.guard.conflicts
        # The year the report publishes shows the structure it printed, frozen by the first import
        # (see editions); a later import leaves it as it is: a published year changes only by a
        # correction (正誤).
        freeze_published_rounds(django_apps, [plan.pk])
        self.result.corrected_names = _corrected_names(round_)
        return self.result

    def _municipality(self) -> Municipality:
        municipality, _ = Municipality.objects.get_or_create(
            code=self.target.municipality_code, defaults={"name": self.target.municipality_name}
        )
        return municipality

    def _plan(self, municipality: Municipality) -> Plan:
        year = self.report.fiscal_year
        plan = Plan.objects.filter(municipality=municipality, title=self.target.plan_title).first()
        if plan is None:
            scale = RatingScale.objects.create(
                municipality=municipality, name=f"{self.target.plan_title}の評価基準"
            )
            return Plan.objects.create(
                municipality=municipality,
                title=self.target.plan_title,
                first_fiscal_year=min(self.target.first_fiscal_year or year, year),
                last_fiscal_year=max(self.target.last_fiscal_year or year, year),
                # The shape of the 進捗状況報告書 this importer reads: its pages are 施策.
                level_labels=list(REPORT_LEVEL_LABELS),
                evaluation_level=REPORT_EVALUATION_LEVEL,
                rating_scale=scale,
            )
        widened = {
            "first_fiscal_year": min(plan.first_fiscal_year, year),
            "last_fiscal_year": max(plan.last_fiscal_year, year),
        }
        if _assign(plan, widened):
            plan.save()
        return plan

    def _rating_codes(self, plan: Plan) -> list[RatingCode]:
        existing = {code.code: code for code in plan.rating_scale.codes.all()}
        for position, item in enumerate(self.report.legend):
            code = existing.get(item.code)
            if code is None:
                existing[item.code] = RatingCode.objects.create(
                    scale=plan.rating_scale,
                    code=item.code,
                    label=item.code,
                    definition=item.definition,
                    position=position,
                )
            elif item.definition and code.definition != item.definition:
                code.definition = item.definition
                code.save(update_fields=["definition"])
        return list(existing.values())

    def _departments_by_year_name(self, municipality: Municipality) -> dict[str, Department]:
        """The municipality's departments by name, a department renamed since (組織改編) also by
        the name it had in the report's year: a re-import finds it instead of creating it again."""
        departments = list(
            Department.objects.filter(municipality=municipality).prefetch_related("name_changes")
        )
        self.year_names = {dept.pk: dept.name_in(self.report.fiscal_year) for dept in departments}
        by_name = {dept.name: dept for dept in departments}
        return by_name | {self.year_names[dept.pk]: dept for dept in departments}

    def _department(self, name: str) -> Department:
        department = self.departments.get(name)
        if department is None:
            kind = Department.Kind.EXTERNAL if is_outside_body(name) else Department.Kind.DIVISION
            department = Department.objects.create(
                municipality=self.municipality, name=name, kind=kind, position=len(self.departments)
            )
            self.departments[name] = department
            self.result.created["department"] += 1
        return department

    def _node(
        self, code: str, *, parent: PlanNode | None, level: int, position: int, line: int, **values: Any
    ) -> PlanNode:
        values |= {"parent": parent, "level": level, "position": position}
        node = self.nodes.get(code)
        created = node is None
        if node is None:
            node = PlanNode.objects.create(plan=self.plan, code=code, **values)
            self.nodes[code] = node
            self.node_codes[node.pk] = code
        self._upsert("node", node, values, created, f"node:{code}", self._place(line, code, values))
        return node

    @staticmethod
    def _place(line: int, code: str, values: dict[str, Any], detail: str = "") -> Place:
        """The file line and a label of an object the import writes (「事業1-1-2「名称」 共生福祉課」)."""
        level = REPORT_LEVEL_LABELS[values.get("level", PROJECT)]
        label = f"{level}{code}「{values.get('title', '')}」" + (f" {detail}" if detail else "")
        return Place(line, label)

    def _store_tree(self) -> None:
        report = self.report
        goals = {
            goal.number: self._node(
                str(goal.number),
                parent=None,
                level=GOAL,
                position=goal.number,
                line=goal.line,
                title=goal.title,
            )
            for goal in report.goals
        }
        policies: dict[str, PlanNode] = {}
        for policy in report.policies:
            policies[policy.code] = self._node(
                policy.code,
                parent=goals[policy.goal],
                level=POLICY,
                position=policy.number,
                line=policy.line,
                title=policy.title,
                description=policy.description,
            )
            self.result.policy_nodes[policy.code] = policies[policy.code]
            self._evaluation(policies[policy.code], policy.rating, policy.line)
        initiatives: dict[tuple[str, int], PlanNode] = {}
        for initiative in report.initiatives:
            initiatives[(initiative.policy, initiative.number)] = self._node(
                f"{initiative.policy}-{initiative.number}",
                parent=policies[initiative.policy],
                level=INITIATIVE,
                position=initiative.number,
                line=initiative.line,
                title=initiative.title,
            )
        positions: dict[tuple[str, int], int] = defaultdict(int)
        relisted: list[tuple[ParsedProject, PlanNode]] = []
        for project in report.projects:
            key = (project.policy, project.initiative)
            positions[key] += 1
            # The project's own target, not the lead department's: no 【課名】 the source lacks.
            whole = _join_blocks(_whole_project_target(project))
            node = self._node(
                f"{project.policy}-{project.initiative}-{positions[key]}",
                parent=initiatives[key],
                level=PROJECT,
                position=positions[key],
                line=project.line,
                title=project.name,
                description=project.content,
                **({"final_target": whole} if whole else {}),
            )
            self.result.project_nodes[project.seq] = node
            self._owners(node, project)
            if project.relisted:
                relisted.append((project, node))
                continue
            self._entries(node, project)
            self._indicators(node, project)
        for project, node in relisted:
            original = self.result.project_nodes.get(project.original_seq or 0)
            place = self._place(project.line, node.code, {"title": node.title})
            self._upsert("node", node, {"listing_of": original}, False, f"listing:{node.code}", place)

    def _owners(self, node: PlanNode, project: ParsedProject) -> None:
        wanted = [self._department(name) for name in project.owners]
        current = list(node.ownerships.select_related("department").order_by("position"))
        names = self.year_names
        stored = {"owners": [names.get(o.department_id, o.department.name) for o in current]}
        place = self._place(project.line, node.code, {"title": node.title})
        if not self.guard.allowed(f"owners:{node.code}", place, {"owners": list(project.owners)}, stored):
            return
        if [owner.department_id for owner in current] == [dept.pk for dept in wanted]:
            return
        node.ownerships.all().delete()
        ProjectOwner.objects.bulk_create(
            ProjectOwner(project=node, department=dept, position=position)
            for position, dept in enumerate(wanted)
        )
        self.result.updated["owners"] += 1

    def _evaluation(self, node: PlanNode, rating: str | None, line: int) -> None:
        code = self.codes.get(rating) if rating else None
        values = {"rating": code, "rule": ConsolidationRule.AS_PUBLISHED.value}
        evaluation, created = NodeEvaluation.objects.get_or_create(
            round=self.round, node=node, defaults=values
        )
        place = self._place(line, node.code, {"title": node.title, "level": node.level}, "評価")
        self._upsert("node_evaluation", evaluation, values, created, f"evaluation:{node.code}", place)

    # -- entries -------------------------------------------------------------------------------
    def _entries(self, node: PlanNode, project: ParsedProject) -> None:
        owners = project.owners
        lead = owners[0] if owners else None
        texts: dict[str, dict[str, list[TextBlock]]] = defaultdict(lambda: defaultdict(list))
        owner_keys = {search_key(name): name for name in owners}
        # A target printed once for the whole project is stored on the project (see _store_tree).
        whole = _whole_project_target(project)
        for field_name in ENTRY_TEXT_FIELDS:
            for block in getattr(project, field_name):
                if field_name == "final_target" and whole:
                    continue
                owner = owner_keys.get(search_key(block.department)) if block.department else lead
                if owner is None and block.department:
                    # A 【課名】 block for a department that is not an owner stays with the lead, labelled.
                    owner, block = lead, TextBlock(None, f"【{block.department}】\n{block.text}")
                if owner is not None:
                    texts[owner][field_name].append(block)
        for name in owners:
            rating = project.ratings_by_owner.get(name)
            if rating is None and len(owners) == 1:
                rating = project.rating
            if not texts.get(name) and rating is None:
                continue
            values: dict[str, Any] = {
                field_name: _join_blocks(texts[name][field_name]) for field_name in ENTRY_TEXT_FIELDS
            }
            values["rating"] = self.codes.get(rating) if rating else None
            values["status"] = Entry.Status.APPROVED  # a published report holds approved entries only
            entry, created = Entry.objects.get_or_create(
                round=self.round, project=node, department=self.departments[name], defaults=values
            )
            place = self._place(project.line, node.code, {"title": node.title}, name)
            self._upsert("entry", entry, values, created, f"entry:{node.code}:{name}", place)
        if len(owners) > 1 and project.rating is not None:
            self._evaluation(node, project.rating, project.line)

    def _indicators(self, node: PlanNode, project: ParsedProject) -> None:
        for position, parsed in enumerate(project.indicators):
            values = {
                "position": position,
                "unit": parsed.unit,
                "baseline_value": parsed.baseline_value,
                "baseline_year": parsed.baseline_year,
                "target_value": parsed.target_value,
                "target_year": parsed.target_year,
                "direction": parsed.direction,
            }
            indicator, created = Indicator.objects.get_or_create(
                node=node, label=parsed.label, defaults=values
            )
            place = self._place(project.line, node.code, {"title": node.title}, parsed.label)
            key = f"indicator:{node.code}:{parsed.label}"
            self._upsert("indicator", indicator, values, created, key, place)


def store_report(report: ParsedReport, target: ImportTarget, *, overwrite: bool = False) -> StoreResult:
    """Store ``report`` under ``target``; call inside a transaction (see ``import_report``).

    A field a person changed since the previous import of the round is kept; ``overwrite``
    writes the file's value where the file changed too (a conflict)."""
    return _Store(report, target, overwrite).run()


def _corrected_names(round_: Round) -> list[tuple[str, str]]:
    """The name corrections (正誤) of ``round_``: they live in its frozen structure, which a
    re-import leaves as it is, so the import reports them as kept. Entry corrections change the
    entry itself and are reported by the :class:`CorrectionGuard` instead."""
    latest: dict[tuple[str, int, str], tuple[str, str]] = {}
    names = editions.Correction.objects.filter(
        round=round_, kind__in=[editions.Correction.Kind.NODE, editions.Correction.Kind.DEPARTMENT]
    )
    for row in names.order_by("corrected_at", "pk"):
        first = latest.get((row.kind, row.target_id, row.field))
        latest[row.kind, row.target_id, row.field] = (first[0] if first else row.place, row.corrected_value)
    return list(latest.values())
