"""The municipality's departments in the plan editor: added, renamed, marked as outside bodies,
reordered and removed when unused, each with an audit record."""

from __future__ import annotations

import pytest

from shinchoku.audit.models import AuditEntry
from shinchoku.plans.editing.base import PlanEditError
from shinchoku.plans.editing.departments import (
    add_department,
    move_department,
    remove_department,
    update_department,
)
from shinchoku.plans.models import Department
from shinchoku.search.models import SearchDocument
from shinchoku.search.services import rebuild_search_index
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan


def _names(tiny: TinyPlan) -> list[str]:
    return list(Department.objects.filter(municipality=tiny.municipality).values_list("name", flat=True))


def test_the_secretariat_adds_an_outside_body(tiny: TinyPlan, people: People) -> None:
    added = add_department(people.secretariat, tiny.plan.pk, name="シルバー人材センター", kind="external")

    assert _names(tiny)[-1] == "シルバー人材センター"
    assert added.kind == Department.Kind.EXTERNAL
    record = AuditEntry.objects.get(action="add_department")
    assert record.changes["kind"] == {"before": None, "after": "外部団体"}
    assert record.municipality == tiny.municipality


@pytest.mark.parametrize(
    ("name", "kind", "field", "message"),
    [
        ("社協", "division", "name", "「社協」という担当課がすでにあります"),
        ("  ", "division", "name", "名称を入力してください"),
        ("子育て支援課", "ministry", "kind", "「市の組織」か「外部団体」から選んでください"),
    ],
)
def test_it_refuses_a_department_that_cannot_be_added(
    tiny: TinyPlan, people: People, name: str, kind: str, field: str, message: str
) -> None:
    with pytest.raises(PlanEditError, match=message) as refused:
        add_department(people.secretariat, tiny.plan.pk, name=name, kind=kind)

    assert refused.value.field == field
    assert len(_names(tiny)) == 3


def test_renaming_a_department_rebuilds_the_search_so_the_new_name_is_found(
    tiny: TinyPlan, people: People
) -> None:
    rebuild_search_index(tiny.plan)
    department = tiny.departments["社協"]

    update_department(
        people.secretariat, tiny.plan.pk, department.pk, name="北本市社会福祉協議会", kind="external"
    )

    assert "北本市社会福祉協議会" in SearchDocument.objects.filter(department=department).first().key  # type: ignore[union-attr]
    record = AuditEntry.objects.get(action="update_department")
    assert record.changes == {"name": {"before": "社協", "after": "北本市社会福祉協議会"}}


def test_departments_move_up_and_down(tiny: TinyPlan, people: People) -> None:
    move_department(people.secretariat, tiny.plan.pk, tiny.departments["社協"].pk, "up")

    assert _names(tiny) == ["共生福祉課", "社協", "生涯学習課"]
    with pytest.raises(PlanEditError, match="「共生福祉課」はこれ以上上に動かせません"):
        move_department(people.secretariat, tiny.plan.pk, tiny.departments["共生福祉課"].pk, "up")


def test_an_unused_department_is_removed_and_a_used_one_stays(tiny: TinyPlan, people: People) -> None:
    spare = add_department(people.secretariat, tiny.plan.pk, name="子育て支援課")
    remove_department(people.secretariat, tiny.plan.pk, spare.pk)
    assert "子育て支援課" not in _names(tiny)
    assert AuditEntry.objects.filter(action="remove_department").count() == 1

    with pytest.raises(PlanEditError, match="「生涯学習課」には担当する事業・評価・所属する利用者があるため"):
        remove_department(people.secretariat, tiny.plan.pk, tiny.departments["生涯学習課"].pk)
    assert "生涯学習課" in _names(tiny)


def test_it_refuses_a_department_of_another_city(tiny: TinyPlan, people: People) -> None:
    foreign = Department.objects.create(municipality=people.stranger.municipality, name="福祉課")

    with pytest.raises(PlanEditError, match="この自治体にない担当課です"):
        update_department(people.secretariat, tiny.plan.pk, foreign.pk, name="乗っ取り", kind="division")
    foreign.refresh_from_db()
    assert foreign.name == "福祉課"


def test_a_department_gets_its_shared_address_and_extension(tiny: TinyPlan, people: People) -> None:
    department = tiny.departments["社協"]
    update_department(
        people.secretariat,
        tiny.plan.pk,
        department.pk,
        name="社協",
        kind=department.kind,
        email="info@shakyo.example.jp",
        extension="内線 301",
    )
    department.refresh_from_db()
    assert (department.email, department.extension) == ("info@shakyo.example.jp", "内線 301")
    record = AuditEntry.objects.get(action="update_department")
    assert record.changes["email"] == {"before": "", "after": "info@shakyo.example.jp"}


def test_a_department_address_that_is_not_one_is_refused(tiny: TinyPlan, people: People) -> None:
    with pytest.raises(PlanEditError, match="メールアドレスとして読めません") as refused:
        add_department(people.secretariat, tiny.plan.pk, name="子育て支援課", email="kosodate at city")
    assert refused.value.field == "email"
