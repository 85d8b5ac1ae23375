"""The rating scale in the plan editor: codes added, changed, reordered and removed, each with an
audit record; a code an evaluation uses keeps its code and mark and stays."""

from __future__ import annotations

import pytest

from shinchoku.audit.models import AuditEntry
from shinchoku.plans.editing.base import PlanEditError
from shinchoku.plans.editing.scale import (
    add_rating_code,
    move_rating_code,
    remove_rating_code,
    update_rating_code,
)
from shinchoku.plans.models import RatingCode
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan


def _order(tiny: TinyPlan) -> list[str]:
    return list(RatingCode.objects.filter(scale=tiny.plan.rating_scale).values_list("code", flat=True))


def test_the_secretariat_adds_a_non_rating_code_at_the_end(tiny: TinyPlan, people: People) -> None:
    code = add_rating_code(
        people.secretariat,
        tiny.plan.pk,
        code="未着手",
        label="未着手",
        definition="事業に着手していない",
        is_rating=False,
    )

    assert _order(tiny) == ["A", "B", "C", "未着手"]
    assert code.is_rating is False
    record = AuditEntry.objects.get(action="add_rating_code")
    assert record.summary == "北本市地域福祉計画: 評価基準に記号「未着手」を追加しました"
    assert record.changes["is_rating"] == {"before": None, "after": "いいえ"}


def test_it_refuses_a_code_the_scale_already_has(tiny: TinyPlan, people: People) -> None:
    with pytest.raises(PlanEditError, match="記号「A」はすでにあります") as refused:
        add_rating_code(people.secretariat, tiny.plan.pk, code=" A ")

    assert refused.value.field == "code"


def test_an_unused_code_may_be_renamed_and_unmarked(tiny: TinyPlan, people: People) -> None:
    spare = add_rating_code(people.secretariat, tiny.plan.pk, code="D")

    update_rating_code(
        people.secretariat,
        tiny.plan.pk,
        spare.pk,
        code="評価困難",
        label="評価困難",
        definition="",
        is_rating=False,
    )

    spare.refresh_from_db()
    assert (spare.code, spare.is_rating) == ("評価困難", False)
    record = AuditEntry.objects.get(action="update_rating_code")
    assert record.changes["code"] == {"before": "D", "after": "評価困難"}


def test_a_code_in_use_keeps_its_code_but_its_label_may_change(tiny: TinyPlan, people: People) -> None:
    a = tiny.codes["A"]
    with pytest.raises(
        PlanEditError, match="記号「A」は評価に使われているため、記号は変えられません"
    ) as refused:
        update_rating_code(
            people.secretariat, tiny.plan.pk, a.pk, code="S", label=a.label, definition="", is_rating=True
        )
    assert refused.value.field == "code"
    with pytest.raises(PlanEditError, match="「評価として数える」は変えられません"):
        update_rating_code(
            people.secretariat, tiny.plan.pk, a.pk, code="A", label=a.label, definition="", is_rating=False
        )

    update_rating_code(
        people.secretariat,
        tiny.plan.pk,
        a.pk,
        code="A",
        label="順調",
        definition="予定どおり",
        is_rating=True,
    )

    a.refresh_from_db()
    assert (a.code, a.label, a.definition) == ("A", "順調", "予定どおり")


def test_codes_move_up_and_down_with_the_order_in_the_record(tiny: TinyPlan, people: People) -> None:
    move_rating_code(people.secretariat, tiny.plan.pk, tiny.codes["C"].pk, "up")

    assert _order(tiny) == ["A", "C", "B"]
    record = AuditEntry.objects.get(action="move_rating_code")
    assert record.changes == {"order": {"before": ["A", "B", "C"], "after": ["A", "C", "B"]}}
    with pytest.raises(PlanEditError, match="記号「A」はこれ以上上に動かせません"):
        move_rating_code(people.secretariat, tiny.plan.pk, tiny.codes["A"].pk, "up")


def test_an_unused_code_is_removed_and_one_in_use_stays(tiny: TinyPlan, people: People) -> None:
    spare = add_rating_code(people.secretariat, tiny.plan.pk, code="D")
    remove_rating_code(people.secretariat, tiny.plan.pk, spare.pk)
    assert _order(tiny) == ["A", "B", "C"]
    assert AuditEntry.objects.get(action="remove_rating_code").summary.endswith("記号「D」を削除しました")

    with pytest.raises(PlanEditError, match="記号「B」は評価に使われているため、削除できません"):
        remove_rating_code(people.secretariat, tiny.plan.pk, tiny.codes["B"].pk)
    assert _order(tiny) == ["A", "B", "C"]


def test_it_refuses_a_code_of_another_scale(tiny: TinyPlan, people: People) -> None:
    from shinchoku.plans.models import RatingScale

    other = RatingScale.objects.create(municipality=tiny.municipality, name="別の基準")
    foreign = RatingCode.objects.create(scale=other, code="◎", position=0)

    with pytest.raises(PlanEditError, match="この計画の評価基準にない記号です"):
        remove_rating_code(people.secretariat, tiny.plan.pk, foreign.pk)
    assert RatingCode.objects.filter(pk=foreign.pk).exists()
