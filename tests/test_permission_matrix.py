"""Every URL and API endpoint, for every role and for anonymous visitors: allowed or refused.

:data:`RULES` names, for each URL name of the project, the request to make and who may make it.
A URL without a rule fails :func:`test_every_url_has_a_rule`, so a new page cannot ship without
deciding who may use it. Refused means 403, 404 or (for anonymous visitors) the login page;
allowed means any other answer (a page, a download, a redirect after a POST).

The world: the tiny plan (tests/evaluations/tiny_plan.py) with the 2024 round in review, the
plan's 所属長 step switched on, and one 2024 entry in each workflow state.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from shinchoku.accounts.models import User
from shinchoku.audit.services import record
from shinchoku.evaluations.models import CommitteeOpinion, Entry, Round
from shinchoku.notifications.models import Notification
from shinchoku.plans.models import Plan, PlanNode, ProjectOwner
from tests.evaluations.services.personas import People, make_people
from tests.evaluations.tiny_plan import TinyPlan, build_tiny_plan, make_user
from tests.web.imports.desk_run import desk_run, open_item

ANONYMOUS = "anonymous"
PERSONAS = (
    "secretariat",
    "plan_secretariat",  # 事務局 of the same city limited to another plan (User.secretariat_plans)
    "editor",
    "other_editor",
    "approver",
    "committee",
    "viewer",
    "stranger",
)
EVERYONE = frozenset({ANONYMOUS, *PERSONAS})
SIGNED_IN = frozenset(PERSONAS)
CITY_STAFF = SIGNED_IN - {"stranger"}
SECRETARIAT = frozenset({"secretariat"})
SUPERUSERS: frozenset[str] = frozenset()  # none of the personas is a superuser
# Lists scoped to the reader's own city: the other city's 事務局 sees its own.
ANY_SECRETARIAT = frozenset({"secretariat", "stranger"})
# A 事務局 member limited to another plan manages nothing of the tiny plan but reads what every
# 事務局 member of the city reads (whole rounds, drafts, histories), and its header links lead it
# to its own plan.
READING_SECRETARIAT = frozenset({"secretariat", "plan_secretariat"})
ANY_PLANS_SECRETARIAT = ANY_SECRETARIAT | {"plan_secretariat"}
# Drafts of 生涯学習課: its editor and 所属長, and the 事務局.
LIFELONG_LEARNING = frozenset({"secretariat", "editor", "approver"})
LIFELONG_LEARNING_READERS = LIFELONG_LEARNING | {"plan_secretariat"}


@dataclass
class World:
    tiny: TinyPlan
    people: People
    draft: Entry  # 生涯学習課, 1-1-1-1
    submitted: Entry  # 生涯学習課, 1-1-1-3: waits for its 所属長
    department_approved: Entry  # 社協, 1-1-2-1: waits for the 事務局
    approved: Entry  # 共生福祉課, 1-1-1-2
    opinion: CommitteeOpinion
    written_by_secretariat: Entry  # 社協, 1-1-1-4: saved by the 事務局, waits for the 事務局
    colleague: User  # a second member of the 事務局
    plan_secretariat: User  # 事務局 of the city's other plan only: manages nothing of the tiny plan

    @property
    def review(self) -> Round:
        return self.tiny.collecting


@dataclass(frozen=True)
class Rule:
    allowed: frozenset[str]
    args: Callable[[World], list[int]] = lambda world: []
    method: str = "GET"
    data: Callable[[World], dict[str, str]] = field(default=lambda world: {})
    query: str = ""


def _plan(world: World) -> list[int]:
    return [world.tiny.plan.pk]


def _entry(name: str) -> Callable[[World], list[int]]:
    return lambda world: [getattr(world, name).pk]


def _versioned(name: str, **extra: str) -> Callable[[World], dict[str, str]]:
    return lambda world: {"version": str(getattr(world, name).version), **extra}


def _round(world: World) -> list[int]:
    return [world.review.pk]


def _editor_notice(world: World) -> list[int]:
    notice = Notification.objects.create(
        recipient=world.people.editor, kind="reminder", title="督促", body="本文", link="/staff/my/"
    )
    return [notice.pk]


def _workbook(world: World) -> list[int]:
    return [world.review.pk, world.tiny.departments["生涯学習課"].pk]


RULES: dict[str, Rule] = {
    # Public site, search, open data and the read API: published rounds, for everyone.
    "public:home": Rule(EVERYONE),
    "public:prefecture": Rule(EVERYONE, lambda w: [w.tiny.municipality.code[:2]]),
    "public:plan": Rule(EVERYONE, _plan),
    "public:dashboard": Rule(EVERYONE, _plan),
    "public:node": Rule(EVERYONE, lambda w: [w.tiny.plan.pk, w.tiny.policy.pk]),
    "public:project": Rule(EVERYONE, lambda w: [w.tiny.plan.pk, w.tiny.single.pk]),
    "public:department": Rule(EVERYONE, lambda w: [w.tiny.plan.pk, w.tiny.departments["社協"].pk]),
    "search:search": Rule(EVERYONE, query="?q=福祉"),
    "reports:download": Rule(EVERYONE, lambda w: [w.tiny.plan.pk, 2023, "csv"]),
    "opendata:national_csv": Rule(EVERYONE),
    "opendata:national_jsonl": Rule(EVERYONE),
    "api:openapi": Rule(EVERYONE),
    "api:municipalities": Rule(EVERYONE),
    "api:plans": Rule(EVERYONE),
    "api:plan": Rule(EVERYONE, _plan),
    "api:nodes": Rule(EVERYONE, _plan),
    "api:indicators": Rule(EVERYONE, _plan),
    "api:rounds": Rule(EVERYONE, _plan),
    "api:opinions": Rule(EVERYONE, lambda w: [w.tiny.plan.pk, 2023]),
    # A round in review holds every department's drafts: whole, it is for the 事務局 only.
    "api:round": Rule(READING_SECRETARIAT, lambda w: [w.tiny.plan.pk, 2024]),
    "api:entries": Rule(READING_SECRETARIAT, lambda w: [w.tiny.plan.pk, 2024]),
    "api:evaluations": Rule(READING_SECRETARIAT, lambda w: [w.tiny.plan.pk, 2024]),
    # Signing in and out.
    "web:login": Rule(EVERYONE),
    "web:logout": Rule(EVERYONE, method="POST"),
    "web:password_change": Rule(SIGNED_IN),
    # The staff's read pages: any signed-in user; what they show depends on who reads.
    "web:home": Rule(SIGNED_IN),
    "web:prefecture": Rule(SIGNED_IN, lambda w: [w.tiny.municipality.code[:2]]),
    "web:plan": Rule(SIGNED_IN, _plan),
    "web:dashboard": Rule(SIGNED_IN, _plan),
    "web:node": Rule(SIGNED_IN, lambda w: [w.tiny.plan.pk, w.tiny.policy.pk]),
    "web:project": Rule(SIGNED_IN, lambda w: [w.tiny.plan.pk, w.tiny.single.pk]),
    "web:department": Rule(SIGNED_IN, lambda w: [w.tiny.plan.pk, w.tiny.departments["社協"].pk]),
    # Users: the 事務局 of the city.
    "web:users": Rule(ANY_SECRETARIAT),
    "web:user_create": Rule(ANY_SECRETARIAT),
    "web:user_edit": Rule(SECRETARIAT, lambda w: [w.people.viewer.pk]),
    "web:user_unlock": Rule(SECRETARIAT, lambda w: [w.people.viewer.pk], method="POST"),
    "web:user_password_reset": Rule(SECRETARIAT, lambda w: [w.people.viewer.pk], method="POST"),
    "web:user_secretariat_plans": Rule(SECRETARIAT, lambda w: [w.colleague.pk], method="POST"),
    "web:staff_sheet_upload": Rule(ANY_SECRETARIAT),
    "web:staff_sheet_template": Rule(ANY_SECRETARIAT),
    "web:staff_sheet_commit": Rule(ANY_SECRETARIAT, method="POST"),
    # The plan workbook: each city's 事務局 for its own plans.
    "web:plan_workbook": Rule(ANY_SECRETARIAT),
    "web:plan_workbook_template": Rule(ANY_SECRETARIAT),
    "web:plan_workbook_download": Rule(SECRETARIAT, _plan),
    "web:plan_workbook_commit": Rule(ANY_SECRETARIAT, method="POST"),
    # Setting up a municipality: superusers only, none of the personas (the superuser's own use of
    # the page: tests/web/accounts/test_municipality_setup_page.py).
    "web:municipality_setup": Rule(SUPERUSERS),
    # Entries: a draft is seen by its department and the 事務局; an approved one by all staff.
    "web:my_entries": Rule(SIGNED_IN),
    "web:entry": Rule(LIFELONG_LEARNING_READERS, _entry("draft")),
    "web:entry_history": Rule(LIFELONG_LEARNING_READERS, _entry("draft")),
    "web:entry_approve_department": Rule(
        frozenset({"approver"}), _entry("submitted"), "POST", _versioned("submitted")
    ),
    "web:entry_approve": Rule(
        SECRETARIAT, _entry("department_approved"), "POST", _versioned("department_approved")
    ),
    "web:entry_return": Rule(
        frozenset({"secretariat", "approver"}),
        _entry("submitted"),
        "POST",
        _versioned("submitted", comment="数値を書いてください"),
    ),
    "web:entry_reopen": Rule(SECRETARIAT, _entry("approved"), "POST", _versioned("approved", reason="誤字")),
    # Dismissing a quality finding: the department's editors before submission, its 所属長 and the 事務局.
    "web:entry_dismiss_finding": Rule(
        LIFELONG_LEARNING,
        _entry("draft"),
        "POST",
        lambda w: {"check": "missing_reason", "field": "reason", "reason": "確認した"},
    ),
    # Rounds, the board, 施策評価: the 事務局.
    "web:round_management": Rule(ANY_PLANS_SECRETARIAT),
    "web:rounds": Rule(SECRETARIAT, _plan),
    "web:round_open": Rule(SECRETARIAT, _plan, "POST", lambda w: {"fiscal_year": "2025"}),
    "web:plan_settings": Rule(SECRETARIAT, _plan, "POST", lambda w: {"requires_department_approval": "on"}),
    "web:round": Rule(SECRETARIAT, _round),
    "web:round_deadline": Rule(SECRETARIAT, _round, "POST", lambda w: {"deadline": "2025-06-30"}),
    "web:round_start_collecting": Rule(SECRETARIAT, _round, "POST", lambda w: {"deadline": "2025-06-30"}),
    "web:round_start_review": Rule(SECRETARIAT, _round, "POST"),
    "web:round_close": Rule(SECRETARIAT, _round, "POST"),
    "web:round_publish": Rule(SECRETARIAT, _round, "POST"),
    "web:round_reopen": Rule(SECRETARIAT, _round, "POST", lambda w: {"reason": "やり直し"}),
    "web:round_entries": Rule(SECRETARIAT, _round),
    "web:round_quality": Rule(SECRETARIAT, _round),
    "web:round_entries_bulk": Rule(
        SECRETARIAT,
        _round,
        "POST",
        lambda w: {
            "action": "approve",
            "selected": f"{w.department_approved.pk}:{w.department_approved.version}",
        },
    ),
    "web:round_unsubmitted": Rule(SECRETARIAT, _round),
    "web:round_unsubmitted_csv": Rule(SECRETARIAT, _round),
    "web:node_evaluation": Rule(SECRETARIAT, lambda w: [w.review.pk, w.tiny.policy.pk]),
    # Reminders of a round: its 事務局 (the preview, the button, the schedule).
    "web:round_reminders": Rule(SECRETARIAT, _round),
    "web:round_reminders_send": Rule(SECRETARIAT, _round, "POST"),
    "web:round_reminder_schedule": Rule(
        SECRETARIAT, _round, "POST", lambda w: {"offsets": "-7, 0", "overdue_every": "7", "version": "0"}
    ),
    # お知らせ: everyone signed in reads their own; a notice is marked read by its recipient only.
    "web:notifications": Rule(SIGNED_IN),
    "web:notifications_read_all": Rule(SIGNED_IN, method="POST"),
    "web:notification_read": Rule(frozenset({"editor"}), _editor_notice, "POST"),
    "web:project_evaluation": Rule(SECRETARIAT, lambda w: [w.review.pk, w.tiny.shared.pk]),
    # Committee opinions: read by the city's staff, written by members, answered by the 事務局.
    "web:opinion_rounds": Rule(SIGNED_IN),  # each reader's own city
    "web:opinions": Rule(CITY_STAFF, _round),
    "web:opinion_write": Rule(
        frozenset({"committee"}),
        lambda w: [w.review.pk, w.tiny.policy.pk],
        "POST",
        lambda w: {"opinion": "意見"},
    ),
    "web:opinion_respond": Rule(
        SECRETARIAT,
        lambda w: [w.opinion.pk],
        "POST",
        lambda w: {"version": str(w.opinion.version), "response": "考え方"},
    ),
    # The plan editor: the 事務局 of the plan's city (the header link: any 事務局, to its own plans).
    "web:plan_editor": Rule(ANY_PLANS_SECRETARIAT),
    "web:plan_edit": Rule(SECRETARIAT, _plan),
    "web:plan_edit_scale": Rule(SECRETARIAT, _plan),
    "web:plan_edit_code": Rule(SECRETARIAT, lambda w: [w.tiny.plan.pk, w.tiny.codes["B"].pk]),
    "web:plan_edit_code_move": Rule(
        SECRETARIAT, lambda w: [w.tiny.plan.pk, w.tiny.codes["C"].pk], "POST", lambda w: {"direction": "up"}
    ),
    "web:plan_edit_code_remove": Rule(SECRETARIAT, lambda w: [w.tiny.plan.pk, w.tiny.codes["C"].pk], "POST"),
    "web:plan_edit_departments": Rule(SECRETARIAT, _plan),
    "web:plan_edit_department": Rule(SECRETARIAT, lambda w: [w.tiny.plan.pk, w.tiny.departments["社協"].pk]),
    "web:plan_edit_department_move": Rule(
        SECRETARIAT,
        lambda w: [w.tiny.plan.pk, w.tiny.departments["社協"].pk],
        "POST",
        lambda w: {"direction": "up"},
    ),
    "web:plan_edit_department_remove": Rule(
        SECRETARIAT, lambda w: [w.tiny.plan.pk, w.tiny.departments["社協"].pk], "POST"
    ),
    # Reorganisations (組織改編): the form pages (a POST shows the preview, see MORE_RULES).
    "web:plan_edit_departments_merge": Rule(SECRETARIAT, _plan),
    "web:plan_edit_department_rename": Rule(
        SECRETARIAT, lambda w: [w.tiny.plan.pk, w.tiny.departments["社協"].pk]
    ),
    "web:plan_edit_department_split": Rule(
        SECRETARIAT, lambda w: [w.tiny.plan.pk, w.tiny.departments["社協"].pk]
    ),
    "web:plan_edit_department_retire": Rule(
        SECRETARIAT, lambda w: [w.tiny.plan.pk, w.tiny.departments["社協"].pk]
    ),
    "web:plan_edit_tree": Rule(SECRETARIAT, _plan),
    "web:plan_edit_node": Rule(SECRETARIAT, lambda w: [w.tiny.plan.pk, w.tiny.single.pk]),
    "web:plan_edit_node_add": Rule(
        SECRETARIAT,
        lambda w: [w.tiny.plan.pk, w.tiny.initiatives[1].pk],
        "POST",
        lambda w: {"child-code": "1-1-2-9", "child-title": "新しい事業"},
    ),
    "web:plan_edit_node_move": Rule(
        SECRETARIAT, lambda w: [w.tiny.plan.pk, w.tiny.relisted.pk], "POST", lambda w: {"direction": "up"}
    ),
    "web:plan_edit_node_parent": Rule(
        SECRETARIAT,
        lambda w: [w.tiny.plan.pk, w.tiny.relisted.pk],
        "POST",
        lambda w: {"parent-parent": str(w.tiny.initiatives[0].pk)},
    ),
    "web:plan_edit_node_cross_list": Rule(
        SECRETARIAT,
        lambda w: [w.tiny.plan.pk, w.tiny.unrated.pk],
        "POST",
        lambda w: {"cross-parent": str(w.tiny.initiatives[0].pk), "cross-code": "1-1-1-9"},
    ),
    "web:plan_edit_node_owners": Rule(
        SECRETARIAT,
        lambda w: [w.tiny.plan.pk, w.tiny.unrated.pk],
        "POST",
        lambda w: {"owners-owner_0": str(w.tiny.departments["社協"].pk)},
    ),
    "web:plan_edit_node_remove": Rule(SECRETARIAT, lambda w: [w.tiny.plan.pk, w.tiny.relisted.pk], "POST"),
    # The tiny plan has no earlier plan: the 事務局's POST is answered with the refusal (400).
    "web:plan_edit_node_continuation": Rule(
        SECRETARIAT,
        lambda w: [w.tiny.plan.pk, w.tiny.single.pk],
        "POST",
        lambda w: {"continues-continues": ""},
    ),
    "web:plan_edit_node_shared": Rule(
        SECRETARIAT, lambda w: [w.tiny.plan.pk, w.tiny.single.pk], "POST", lambda w: {"shared-source": ""}
    ),
    "web:plan_edit_indicator_add": Rule(
        SECRETARIAT,
        lambda w: [w.tiny.plan.pk, w.tiny.unrated.pk],
        "POST",
        lambda w: {"indicator-label": "新しい指標", "indicator-direction": "up"},
    ),
    "web:plan_edit_indicator": Rule(SECRETARIAT, lambda w: [w.tiny.plan.pk, w.tiny.indicator.pk]),
    "web:plan_edit_indicator_targets": Rule(
        SECRETARIAT,
        lambda w: [w.tiny.plan.pk, w.tiny.indicator.pk],
        "POST",
        lambda w: {"targets-target_2025": "10"},
    ),
    "web:plan_edit_indicator_remove": Rule(
        SECRETARIAT, lambda w: [w.tiny.plan.pk, w.tiny.indicator.pk], "POST"
    ),
    # Corrections (正誤) of the published year: the 事務局 corrects, everyone reads the 正誤表.
    "public:corrections": Rule(EVERYONE, lambda w: [w.tiny.plan.pk, 2023]),
    "web:round_corrections": Rule(SECRETARIAT, lambda w: [w.tiny.published.pk]),
    "web:entry_correction": Rule(
        SECRETARIAT, lambda w: [Entry.objects.get(round=w.tiny.published, project=w.tiny.single).pk]
    ),
    "web:node_correction": Rule(SECRETARIAT, lambda w: [w.tiny.published.pk, w.tiny.single.pk]),
    "web:department_correction": Rule(
        SECRETARIAT, lambda w: [w.tiny.published.pk, w.tiny.departments["社協"].pk]
    ),
    # The department workbook: its editors and the 事務局.
    # The import review desk: the 事務局 of the plan (the other city's 事務局 lists its own runs).
    # Every 事務局 may open the list; it shows the runs of the plans each one manages only.
    "web:import_runs": Rule(ANY_PLANS_SECRETARIAT),
    "web:import_desk": Rule(SECRETARIAT, lambda w: [desk_run(w.tiny).pk]),
    "web:import_item_confirm": Rule(
        SECRETARIAT,
        lambda w: [open_item(w.tiny).pk],
        "POST",
        lambda w: {f"item{open_item(w.tiny).pk}-note": "原本で確認"},
    ),
    "web:workbook_download": Rule(frozenset({"secretariat", "editor"}), _workbook),
    "web:workbook_upload": Rule(frozenset({"secretariat", "editor"}), _workbook),
    "web:workbook_commit": Rule(frozenset({"secretariat", "editor"}), _workbook, "POST"),
}


def _url_names(resolver: URLResolver, namespace: str = "") -> Iterator[str]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
            )
            yield from _url_names(pattern, inner or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


# Second rules for URL names whose first rule does not show every decision: who reads an approved
# entry's history, separation of duties (nobody approves what they wrote, a 事務局 member resets
# no other 事務局 member's password).
NOBODY: frozenset[str] = frozenset()
MORE_RULES: list[tuple[str, Rule]] = [
    ("web:entry_history", Rule(READING_SECRETARIAT, _entry("approved"))),
    ("web:entry", Rule(CITY_STAFF, _entry("approved"))),
    (
        "web:entry_dismiss_finding",
        Rule(
            frozenset({"secretariat", "approver"}),
            _entry("submitted"),
            "POST",
            lambda w: {"check": "missing_reason", "field": "reason", "reason": "確認した"},
        ),
    ),
    (
        "web:entry_approve",
        Rule(NOBODY, _entry("written_by_secretariat"), "POST", _versioned("written_by_secretariat")),
    ),
    (
        "web:entry_return",
        Rule(
            SECRETARIAT,
            _entry("written_by_secretariat"),
            "POST",
            _versioned("written_by_secretariat", comment="再確認"),
        ),
    ),
    (
        "web:user_password_reset",
        Rule(
            NOBODY,
            lambda w: [w.colleague.pk],
            "POST",
            lambda w: {"reset-password": "kitamoto-2024-shinchoku"},
        ),
    ),
    ("web:user_unlock", Rule(SECRETARIAT, lambda w: [w.colleague.pk], method="POST")),
    # A reorganisation's preview and its commit (the same URL; ``confirm`` applies it).
    (
        "web:plan_edit_department_rename",
        Rule(
            SECRETARIAT,
            lambda w: [w.tiny.plan.pk, w.tiny.departments["社協"].pk],
            "POST",
            lambda w: {"name": "北本市社会福祉協議会", "from_year": "2025"},
        ),
    ),
    (
        "web:plan_edit_departments_merge",
        Rule(
            SECRETARIAT,
            _plan,
            "POST",
            lambda w: {
                "sources": [str(w.tiny.departments["社協"].pk)],
                "target": str(w.tiny.departments["共生福祉課"].pk),
                "from_year": "2026",
                "confirm": "1",
            },
        ),
    ),
    (
        "web:plan_edit_department_retire",
        Rule(
            SECRETARIAT,
            lambda w: [w.tiny.plan.pk, w.tiny.departments["社協"].pk],
            "POST",
            lambda w: {"from_year": "2026", "confirm": "1"},
        ),
    ),
    (
        "web:municipality_setup",
        Rule(
            SUPERUSERS,
            method="POST",
            data=lambda w: {"name": "上尾市", "code": "112194", "admin_username": "ageo-jimu"},
        ),
    ),
]


def test_every_url_has_a_rule() -> None:
    names = set(_url_names(get_resolver()))
    assert names - set(RULES) == set(), "add a rule to RULES for each new URL name"
    assert set(RULES) - names == set(), "remove the rules of URL names that no longer exist"


def build_world() -> World:
    tiny = build_tiny_plan()
    people = make_people(tiny)
    tiny.plan.requires_department_approval = True
    tiny.plan.save()
    Round.objects.filter(pk=tiny.collecting.pk).update(state=Round.State.REVIEW)
    tiny.collecting.refresh_from_db()
    lifelong = tiny.departments["生涯学習課"]
    extra = PlanNode.objects.create(
        plan=tiny.plan, parent=tiny.initiatives[0], level=3, position=3, code="1-1-1-3", title="出前講座"
    )
    ProjectOwner.objects.create(project=extra, department=lifelong, position=0)

    def entry(project: PlanNode, department: str, status: Entry.Status) -> Entry:
        return Entry.objects.create(
            round=tiny.collecting,
            project=project,
            department=tiny.departments[department],
            progress="実施した。",
            rating=tiny.codes["B"],
            next_year_goal="続ける。",
            status=status,
        )

    opinion = CommitteeOpinion.objects.create(
        round=tiny.collecting, node=tiny.policy, position=1, opinion="期待します。", author=people.committee
    )
    written_node = PlanNode.objects.create(
        plan=tiny.plan, parent=tiny.initiatives[0], level=3, position=4, code="1-1-1-4", title="見守り"
    )
    ProjectOwner.objects.create(project=written_node, department=tiny.departments["社協"], position=0)
    written = entry(written_node, "社協", Entry.Status.DEPARTMENT_APPROVED)
    record(actor=people.secretariat, action="save_entry", target=written, summary="下書き保存")
    return World(
        tiny=tiny,
        people=people,
        draft=Entry.objects.get(round=tiny.collecting, project=tiny.single),
        submitted=entry(extra, "生涯学習課", Entry.Status.SUBMITTED),
        department_approved=entry(tiny.unrated, "社協", Entry.Status.DEPARTMENT_APPROVED),
        approved=entry(tiny.shared, "共生福祉課", Entry.Status.APPROVED),
        opinion=opinion,
        written_by_secretariat=written,
        colleague=make_user("jimu2", tiny.municipality, role=User.Role.SECRETARIAT),
        plan_secretariat=_plan_secretariat(tiny),
    )


def _plan_secretariat(tiny: TinyPlan) -> User:
    """A 事務局 member limited to another plan of the tiny plan's city."""
    other = Plan.objects.create(
        municipality=tiny.municipality,
        title="北本市高齢者福祉計画",
        first_fiscal_year=2022,
        last_fiscal_year=2026,
        level_labels=["事業"],
        evaluation_level=0,
        rating_scale=tiny.plan.rating_scale,
    )
    user = make_user("korei", tiny.municipality, role=User.Role.SECRETARIAT)
    user.secretariat_plans.set([other])
    return user


def _is_refused(response: object, persona: str) -> bool:
    status = getattr(response, "status_code", 0)
    if status in (403, 404):
        return True
    location = str(getattr(response, "headers", {}).get("Location", ""))
    return persona == ANONYMOUS and status == 302 and location.startswith(reverse("web:login"))


def _check(name: str, rule: Rule, persona: str) -> None:
    world = build_world()
    client = Client()
    if persona == "plan_secretariat":
        client.force_login(world.plan_secretariat)
    elif persona != ANONYMOUS:
        client.force_login(getattr(world.people, persona))
    url = reverse(name, args=rule.args(world)) + rule.query
    response = client.post(url, rule.data(world)) if rule.method == "POST" else client.get(url)

    expected = "allowed" if persona in rule.allowed else "refused"
    actual = "refused" if _is_refused(response, persona) else "allowed"
    assert response.status_code < 500
    assert actual == expected, f"{persona} {rule.method} {url} → {response.status_code}"


@pytest.mark.parametrize("persona", [ANONYMOUS, *PERSONAS])
@pytest.mark.parametrize("name", sorted(RULES))
def test_each_role_is_allowed_or_refused_as_the_rule_says(name: str, persona: str, db: None) -> None:
    _check(name, RULES[name], persona)


@pytest.mark.parametrize("persona", [ANONYMOUS, *PERSONAS])
@pytest.mark.parametrize("index", range(len(MORE_RULES)), ids=[name for name, _ in MORE_RULES])
def test_each_role_is_allowed_or_refused_as_the_second_rules_say(index: int, persona: str, db: None) -> None:
    name, rule = MORE_RULES[index]
    _check(name, rule, persona)
