"""Corrections (正誤) of a published year: the 事務局 of the plan corrects an entry or a name with a
reason, the year stays published, and the correction is kept beside the audit record."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from shinchoku.audit.models import AuditEntry
from shinchoku.editions.models import Correction, PublishedStructure
from shinchoku.editions.services import correct_entry, correct_name
from shinchoku.evaluations import selectors
from shinchoku.evaluations.models import Entry, NodeEvaluation
from shinchoku.evaluations.services.errors import EntryValidationError, StaleRecordError, WorkflowError
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan


def _entry(tiny: TinyPlan, department: str = "生涯学習課") -> Entry:
    return Entry.objects.get(round=tiny.published, project=tiny.single, department__name=department)


def test_it_corrects_a_published_rating_and_keeps_the_year_published(tiny: TinyPlan, people: People) -> None:
    entry = _entry(tiny)

    [correction] = correct_entry(
        people.secretariat, entry.pk, {"rating": "B"}, "集計の誤りのため", version=entry.version
    )

    entry.refresh_from_db()
    tiny.published.refresh_from_db()
    assert entry.rating == tiny.codes["B"]
    assert tiny.published.is_published
    assert (correction.previous_value, correction.corrected_value) == ("A", "B")
    assert correction.reason == "集計の誤りのため"
    assert correction.corrected_by == people.secretariat
    assert "1-1-1-1 福祉教育(生涯学習課)" in correction.place
    audit = AuditEntry.objects.get(action="correct_entry")
    assert audit.changes["rating"] == {"before": "A", "after": "B"}
    assert audit.changes["correction_reason"]["after"] == "集計の誤りのため"


def test_a_corrected_rating_of_a_shared_project_re_rates_the_project(tiny: TinyPlan, people: People) -> None:
    Entry.objects.filter(round=tiny.published).update(status=Entry.Status.APPROVED)  # as published
    entry = Entry.objects.get(round=tiny.published, project=tiny.shared, department__name="社協")
    evaluation = NodeEvaluation.objects.get(round=tiny.published, node=tiny.shared)
    assert evaluation.rating == tiny.codes["B"]

    correct_entry(
        people.secretariat, entry.pk, {"rating": "C"}, "社協の評価の転記誤り", version=entry.version
    )

    evaluation.refresh_from_db()
    assert evaluation.rating == tiny.codes["C"]


def test_it_corrects_texts_and_records_one_correction_per_field(tiny: TinyPlan, people: People) -> None:
    entry = _entry(tiny)

    made = correct_entry(
        people.secretariat,
        entry.pk,
        {"progress": "訂正後の進捗", "reason": entry.reason},
        "誤字の訂正",
        version=entry.version,
    )

    assert [(c.field, c.corrected_value) for c in made] == [("progress", "訂正後の進捗")]
    assert Correction.objects.filter(round=tiny.published).count() == 1


@pytest.mark.parametrize("who", ["editor", "committee", "stranger", "viewer"])
def test_it_refuses_anyone_but_the_plans_secretariat(tiny: TinyPlan, people: People, who: str) -> None:
    entry = _entry(tiny)
    with pytest.raises(PermissionDenied):
        correct_entry(getattr(people, who), entry.pk, {"rating": "B"}, "理由", version=entry.version)
    with pytest.raises(PermissionDenied):
        correct_name(
            getattr(people, who),
            tiny.published.pk,
            kind="node",
            target_id=tiny.single.pk,
            values={"title": "別の名前"},
            expected={"title": tiny.single.title},
            reason="理由",
        )
    assert not Correction.objects.exists()


def test_it_refuses_a_stale_form(tiny: TinyPlan, people: People) -> None:
    entry = _entry(tiny)
    correct_entry(people.secretariat, entry.pk, {"progress": "一度目"}, "一度目の訂正", version=entry.version)

    with pytest.raises(StaleRecordError):
        correct_entry(
            people.secretariat, entry.pk, {"progress": "二度目"}, "古い画面から", version=entry.version
        )
    with pytest.raises(StaleRecordError):
        correct_name(
            people.secretariat,
            tiny.published.pk,
            kind="node",
            target_id=tiny.single.pk,
            values={"title": "新しい名前"},
            expected={"title": "この画面が見ていた古い名前"},
            reason="理由",
        )


def test_it_refuses_a_correction_without_a_reason_or_of_an_unpublished_year(
    tiny: TinyPlan, people: People
) -> None:
    entry = _entry(tiny)
    with pytest.raises(EntryValidationError) as refused:
        correct_entry(people.secretariat, entry.pk, {"rating": "B"}, "  \u202e ", version=entry.version)
    assert "訂正の理由" in refused.value.errors["reason"]
    draft = Entry.objects.get(round=tiny.collecting, project=tiny.single)
    with pytest.raises(WorkflowError, match="公表されていません"):
        correct_entry(people.secretariat, draft.pk, {"rating": "B"}, "理由", version=draft.version)


def test_it_corrects_a_name_in_the_published_year_only(tiny: TinyPlan, people: People) -> None:
    department = tiny.departments["社協"]

    [correction] = correct_name(
        people.secretariat,
        tiny.published.pk,
        kind="department",
        target_id=department.pk,
        values={"name": "北本市社会福祉協議会"},
        expected={"name": "社協"},
        reason="正式名称に訂正",
    )

    assert correction.place == "担当課「社協」の名称"
    department.refresh_from_db()
    assert department.name == "社協"  # the live plan is not changed
    stored = PublishedStructure.objects.get(round=tiny.published).data
    assert {row["name"] for row in stored["departments"]} >= {"北本市社会福祉協議会"}
    tiny.published.refresh_from_db()
    owners = selectors.plan_tree(tiny.plan, tiny.published)
    names = {owner.name for root in owners.roots for owner in _owners(root)}
    assert "北本市社会福祉協議会" in names
    assert AuditEntry.objects.filter(action="correct_name").exists()


def _owners(node: selectors.TreeNode) -> list[object]:
    found = list(node.owners)
    for child in node.children:
        found += _owners(child)
    return found
