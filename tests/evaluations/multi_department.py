"""A 3-level plan (基本方針 → 施策 → 事業) whose projects have one, two or three departments, for the
tests of the multi-department rule: one round collecting, every entry a draft not yet rated.

- ``pair``: 共生福祉課 (lead) and 社協;
- ``trio``: 生涯学習課 (lead), 共生福祉課 and 社協;
- ``pair_again``: 社協 (lead) and 生涯学習課;
- ``alone``: 生涯学習課 only.
Each department has an editor (``editors`` by department name) who writes and submits its
entries; ``secretariat`` approves them.
"""

from __future__ import annotations

from dataclasses import dataclass

from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Entry, Round
from shinchoku.evaluations.services import EntryDraft, approve_entry, submit_entry
from shinchoku.plans.models import Department, Plan, PlanNode, ProjectOwner, RatingCode
from tests.evaluations.tiny_plan import build_tiny_city, make_user

SCALE = (
    ("S", "大変順調", "目標を上回って進んでいる"),
    ("A", "順調", "計画どおりに進んでいる"),
    ("B", "やや遅れ", "一部に遅れがある"),
    ("C", "遅れ", "計画より遅れている"),
)


@dataclass
class MultiDepartmentPlan:
    plan: Plan
    round: Round
    codes: dict[str, RatingCode]
    departments: dict[str, Department]
    policy: PlanNode
    pair: PlanNode
    trio: PlanNode
    pair_again: PlanNode
    alone: PlanNode
    secretariat: User
    editors: dict[str, User]

    @property
    def shared(self) -> list[PlanNode]:
        return [self.pair, self.trio, self.pair_again]

    def entry(self, project: PlanNode, department: str) -> Entry:
        return Entry.objects.get(round=self.round, project=project, department=self.departments[department])

    def rate(self, project: PlanNode, department: str, code: str, *, approve: bool = True) -> Entry:
        """The department's editor submits ``code`` for ``project``; the 事務局 approves it."""
        entry = self.entry(project, department)
        draft = EntryDraft(
            progress="実施した。", rating=code, reason="理由を記載。", next_year_goal="継続する。"
        )
        entry = submit_entry(self.editors[department], entry.pk, version=entry.version, draft=draft)
        if approve:
            entry = approve_entry(self.secretariat, entry.pk, version=entry.version)
        return entry


def build_multi_department_plan(rule: str) -> MultiDepartmentPlan:
    city = build_tiny_city("S–C", SCALE)
    plan = Plan.objects.create(
        municipality=city.municipality,
        title="北本市協働推進計画",
        first_fiscal_year=2024,
        last_fiscal_year=2028,
        level_labels=["基本方針", "施策", "事業"],
        evaluation_level=1,
        rating_scale=city.scale,
        multi_department_rule=rule,
    )
    goal = PlanNode.objects.create(plan=plan, level=0, position=1, code="1", title="協働のまちづくり")
    policy = PlanNode.objects.create(
        plan=plan, parent=goal, level=1, position=1, code="1-1", title="担い手の育成"
    )
    departments = city.departments
    owners = {
        "pair": ["共生福祉課", "社協"],
        "trio": ["生涯学習課", "共生福祉課", "社協"],
        "pair_again": ["社協", "生涯学習課"],
        "alone": ["生涯学習課"],
    }
    round_ = Round.objects.create(plan=plan, fiscal_year=2024, state=Round.State.COLLECTING)
    projects: dict[str, PlanNode] = {}
    for position, (name, names) in enumerate(owners.items(), start=1):
        project = PlanNode.objects.create(
            plan=plan,
            parent=policy,
            level=2,
            position=position,
            code=f"1-1-{position}",
            title=f"協働事業{position}",
        )
        projects[name] = project
        for rank, department in enumerate(names):
            ProjectOwner.objects.create(project=project, department=departments[department], position=rank)
            Entry.objects.create(round=round_, project=project, department=departments[department])
    editors = {}
    for name, department in departments.items():
        editor = make_user(f"editor-{department.pk}", city.municipality, role=User.Role.EDITOR)
        editor.departments.add(department)
        editors[name] = editor
    secretariat = make_user("jimukyoku", city.municipality, role=User.Role.SECRETARIAT)
    return MultiDepartmentPlan(
        plan,
        round_,
        city.codes,
        departments,
        policy,
        projects["pair"],
        projects["trio"],
        projects["pair_again"],
        projects["alone"],
        secretariat,
        editors,
    )
