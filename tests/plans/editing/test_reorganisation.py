"""Reorganisations (組織改編) from a fiscal year: rename, merge, split and retire departments, with
their previews, refusals, audit records and the members and open entries that follow.

The tiny plan's 2023 round is published and its 2024 round is collecting (生涯学習課 has written
its 2024 entry); 社協 shares 1-1-1-2 with 共生福祉課 (the lead) and alone owns 1-1-2-1."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied

from shinchoku.audit.models import AuditEntry
from shinchoku.evaluations.models import Entry, Round
from shinchoku.evaluations.services.rounds import open_round
from shinchoku.plans.editing.base import PlanEditError
from shinchoku.plans.editing.reorganisation import (
    merge_departments,
    preview_merge,
    preview_rename,
    preview_retire,
    preview_split,
    rename_department,
    retire_department,
    split_department,
)
from shinchoku.plans.editing.tree import set_project_owners
from shinchoku.plans.models import Department, DepartmentNameChange, ProjectOwner
from shinchoku.search.models import SearchDocument
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan


def _owners(node_pk: int) -> list[str]:
    return list(
        ProjectOwner.objects.filter(project_id=node_pk)
        .order_by("position")
        .values_list("department__name", flat=True)
    )


def _fresh(department: Department) -> Department:
    return Department.objects.get(pk=department.pk)


# --- rename ------------------------------------------------------------------------------------


def test_a_rename_from_a_year_keeps_the_old_name_in_the_years_before(tiny: TinyPlan, people: People) -> None:
    department = tiny.departments["社協"]

    rename_department(
        people.secretariat, tiny.plan.pk, department.pk, name="北本市社会福祉協議会", from_year=2025
    )

    renamed = _fresh(department)
    assert renamed.name == "北本市社会福祉協議会"
    assert renamed.name_in(2023) == "社協"
    assert renamed.name_in(2024) == "社協"
    assert renamed.name_in(2025) == "北本市社会福祉協議会"
    record = AuditEntry.objects.get(action="rename_department")
    assert record.changes["name"] == {"before": "社協", "after": "北本市社会福祉協議会"}
    assert record.changes["from_year"] == {"before": None, "after": 2025}
    assert "令和7年度(2025年度)から" in record.summary
    # The years indexed (2023, 2024) are before the change: found under the name they had.
    documents = SearchDocument.objects.filter(department=department)
    assert documents.filter(key__contains="社協").exists()
    assert not documents.filter(key__contains="北本市社会福祉協議会").exists()


def test_a_second_rename_in_the_same_year_keeps_the_name_before_that_year(
    tiny: TinyPlan, people: People
) -> None:
    department = tiny.departments["社協"]
    rename_department(people.secretariat, tiny.plan.pk, department.pk, name="福祉協議会", from_year=2025)

    rename_department(people.secretariat, tiny.plan.pk, department.pk, name="社会福祉協議会", from_year=2025)

    assert list(DepartmentNameChange.objects.values_list("fiscal_year", "previous_name")) == [(2025, "社協")]
    assert _fresh(department).name_in(2024) == "社協"
    assert _fresh(department).name_in(2025) == "社会福祉協議会"


@pytest.mark.parametrize(
    ("name", "from_year", "field", "message"),
    [
        ("共生福祉課", 2025, "name", "「共生福祉課」という担当課がすでにあります"),
        ("社協", 2025, "name", "いまの名称と同じです"),
        ("  ", 2025, "name", "新しい名称を入力してください"),
        # 社協 appears in the published 2023 round: that year keeps its name.
        ("福祉協議会", 2023, "from_year", "変更年度は令和6年度(2024年度)以降にしてください"),
        ("福祉協議会", 1900, "from_year", "1989〜2200"),
    ],
)
def test_it_refuses_a_rename_that_cannot_be_made(
    tiny: TinyPlan, people: People, name: str, from_year: int, field: str, message: str
) -> None:
    with pytest.raises(PlanEditError, match=re.escape(message)) as refused:
        rename_department(
            people.secretariat, tiny.plan.pk, tiny.departments["社協"].pk, name=name, from_year=from_year
        )

    assert refused.value.field == field
    assert _fresh(tiny.departments["社協"]).name == "社協"
    assert not DepartmentNameChange.objects.exists()


def test_it_refuses_a_rename_from_before_the_last_rename(tiny: TinyPlan, people: People) -> None:
    department = tiny.departments["社協"]
    rename_department(people.secretariat, tiny.plan.pk, department.pk, name="福祉協議会", from_year=2026)

    with pytest.raises(PlanEditError, match=re.escape("令和8年度(2026年度)に名称を変えています")):
        rename_department(
            people.secretariat, tiny.plan.pk, department.pk, name="社会福祉協議会", from_year=2025
        )


def test_a_stale_rename_preview_is_refused(tiny: TinyPlan, people: People) -> None:
    department = tiny.departments["社協"]
    seen = preview_rename(
        people.secretariat, tiny.plan.pk, department.pk, name="福祉協議会", from_year=2025
    ).version
    Department.objects.filter(pk=department.pk).update(name="社会福祉協議会")

    with pytest.raises(PlanEditError, match="ほかの人が変更しました"):
        rename_department(
            people.secretariat, tiny.plan.pk, department.pk, name="福祉協議会", from_year=2025, seen=seen
        )


@pytest.mark.parametrize("persona", ["editor", "approver", "stranger"])
def test_only_the_secretariat_of_the_city_reorganises(tiny: TinyPlan, people: People, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        rename_department(
            getattr(people, persona),
            tiny.plan.pk,
            tiny.departments["社協"].pk,
            name="福祉協議会",
            from_year=2025,
        )
    with pytest.raises(PermissionDenied):
        retire_department(getattr(people, persona), tiny.plan.pk, tiny.departments["社協"].pk, from_year=2025)


# --- merge -------------------------------------------------------------------------------------


def test_a_merge_moves_projects_members_and_empty_drafts_and_retires_the_source(
    tiny: TinyPlan, people: People
) -> None:
    round_2025 = open_round(people.secretariat, tiny.plan.pk, 2025)
    source, target = tiny.departments["社協"], tiny.departments["共生福祉課"]
    preview = preview_merge(
        people.secretariat, tiny.plan.pk, source_ids=[source.pk], target_id=target.pk, from_year=2025
    )

    assert [(row["code"], row["source"], row["target"]) for row in preview.moves.project_rows()] == [
        ("1-1-1-2", "社協", "共生福祉課"),
        ("1-1-2-1", "社協", "共生福祉課"),
    ]
    assert [(row["username"], row["target"]) for row in preview.moves.member_rows()] == [
        (people.other_editor.username, "共生福祉課")
    ]
    assert len(preview.moves.entry_rows()) == 2

    merge_departments(
        people.secretariat,
        tiny.plan.pk,
        source_ids=[source.pk],
        target_id=target.pk,
        from_year=2025,
        seen=preview.version,
    )

    assert _owners(tiny.shared.pk) == ["共生福祉課"]
    assert _owners(tiny.unrated.pk) == ["共生福祉課"]
    assert list(people.other_editor.departments.values_list("name", flat=True)) == ["共生福祉課"]
    assert _fresh(source).retired_from_year == 2025
    moved = Entry.objects.filter(round=round_2025).values_list("project__code", "department__name")
    assert sorted(moved) == [("1-1-1-1", "生涯学習課"), ("1-1-1-2", "共生福祉課"), ("1-1-2-1", "共生福祉課")]
    # The published year keeps its entries with 社協.
    assert Entry.objects.filter(round=tiny.published, department=source).count() == 2
    record = AuditEntry.objects.get(action="merge_departments")
    assert record.changes["members"]["after"] == [f"{people.other_editor.username} 共生福祉課"]
    assert "「社協」を令和7年度(2025年度)から「共生福祉課」に統合しました" in record.summary


def test_a_merge_into_a_new_department_creates_it(tiny: TinyPlan, people: People) -> None:
    sources = [tiny.departments["社協"].pk, tiny.departments["生涯学習課"].pk]

    merged = merge_departments(
        people.secretariat, tiny.plan.pk, source_ids=sources, new_name="地域共生推進課", from_year=2025
    )

    assert merged.name == "地域共生推進課"
    assert merged.kind == Department.Kind.EXTERNAL  # the first source's kind
    assert _owners(tiny.single.pk) == ["地域共生推進課"]
    assert _owners(tiny.shared.pk) == ["共生福祉課", "地域共生推進課"]
    assert set(Department.objects.filter(retired_from_year=2025).values_list("name", flat=True)) == {
        "社協",
        "生涯学習課",
    }


def test_a_merge_keeps_the_lead_place_of_the_source(tiny: TinyPlan, people: People) -> None:
    merge_departments(
        people.secretariat,
        tiny.plan.pk,
        source_ids=[tiny.departments["共生福祉課"].pk],
        target_id=tiny.departments["生涯学習課"].pk,
        from_year=2025,
    )

    assert _owners(tiny.shared.pk) == ["生涯学習課", "社協"]


def test_a_merge_leaves_projects_ended_before_the_year_with_the_source(
    tiny: TinyPlan, people: People
) -> None:
    tiny.unrated.last_year = 2024
    tiny.unrated.save(update_fields=["last_year"])

    merge_departments(
        people.secretariat,
        tiny.plan.pk,
        source_ids=[tiny.departments["社協"].pk],
        target_id=tiny.departments["共生福祉課"].pk,
        from_year=2025,
    )

    assert _owners(tiny.unrated.pk) == ["社協"]


def test_it_refuses_a_merge_that_would_move_a_written_entry(tiny: TinyPlan, people: People) -> None:
    with pytest.raises(PlanEditError, match=re.escape("1-1-1-1 福祉教育(「生涯学習課」)")) as refused:
        merge_departments(
            people.secretariat,
            tiny.plan.pk,
            source_ids=[tiny.departments["生涯学習課"].pk],
            target_id=tiny.departments["共生福祉課"].pk,
            from_year=2024,
        )

    assert refused.value.field == "from_year"
    assert "翌年度" in str(refused.value)
    assert _owners(tiny.single.pk) == ["生涯学習課"]
    assert _fresh(tiny.departments["生涯学習課"]).retired_from_year is None


@pytest.mark.parametrize(
    ("sources", "target", "new_name", "field", "message"),
    [
        ([], "共生福祉課", "", "sources", "統合する担当課を選んでください"),
        (["社協"], "", "", "target", "統合先の担当課を選ぶか"),
        (["社協"], "", "新しい課", "sources", "二つ以上選んでください"),
        (["社協"], "共生福祉課", "新しい課", "new_name", "どちらか一方"),
        (["社協", "生涯学習課"], "", "共生福祉課", "new_name", "「共生福祉課」という担当課がすでにあります"),
    ],
)
def test_it_refuses_a_merge_that_is_not_complete(
    tiny: TinyPlan, people: People, sources: list[str], target: str, new_name: str, field: str, message: str
) -> None:
    with pytest.raises(PlanEditError, match=re.escape(message)) as refused:
        merge_departments(
            people.secretariat,
            tiny.plan.pk,
            source_ids=[tiny.departments[name].pk for name in sources],
            target_id=tiny.departments[target].pk if target else None,
            new_name=new_name,
            from_year=2025,
        )

    assert refused.value.field == field


def test_it_refuses_a_merge_into_a_retired_department(tiny: TinyPlan, people: People) -> None:
    Department.objects.filter(pk=tiny.departments["共生福祉課"].pk).update(retired_from_year=2025)

    with pytest.raises(
        PlanEditError, match=re.escape("「共生福祉課」は令和7年度(2025年度)から廃止されています")
    ):
        merge_departments(
            people.secretariat,
            tiny.plan.pk,
            source_ids=[tiny.departments["社協"].pk],
            target_id=tiny.departments["共生福祉課"].pk,
            from_year=2026,
        )


def test_a_merge_previewed_before_a_member_joined_is_refused(tiny: TinyPlan, people: People) -> None:
    source, target = tiny.departments["社協"], tiny.departments["共生福祉課"]
    seen = preview_merge(
        people.secretariat, tiny.plan.pk, source_ids=[source.pk], target_id=target.pk, from_year=2025
    ).version
    people.viewer.departments.add(source)

    with pytest.raises(PlanEditError, match="統合の内容は、画面を開いた後にほかの人が変更しました"):
        merge_departments(
            people.secretariat,
            tiny.plan.pk,
            source_ids=[source.pk],
            target_id=target.pk,
            from_year=2025,
            seen=seen,
        )
    assert _fresh(source).retired_from_year is None


# --- split -------------------------------------------------------------------------------------


def test_a_split_sends_each_project_and_member_where_the_person_chose(tiny: TinyPlan, people: People) -> None:
    round_2025 = open_round(people.secretariat, tiny.plan.pk, 2025)
    source = tiny.departments["社協"]
    arguments = {
        "new_names": ["地域福祉係", "ボランティアセンター"],
        "assignment": {tiny.shared.pk: "地域福祉係", tiny.unrated.pk: "ボランティアセンター"},
        "members": {people.other_editor.pk: "ボランティアセンター"},
        "from_year": 2025,
    }
    preview = preview_split(people.secretariat, tiny.plan.pk, source.pk, **arguments)  # type: ignore[arg-type]

    created = split_department(people.secretariat, tiny.plan.pk, source.pk, seen=preview.version, **arguments)  # type: ignore[arg-type]

    assert [each.name for each in created] == ["地域福祉係", "ボランティアセンター"]
    assert _owners(tiny.shared.pk) == ["共生福祉課", "地域福祉係"]
    assert _owners(tiny.unrated.pk) == ["ボランティアセンター"]
    assert list(people.other_editor.departments.values_list("name", flat=True)) == ["ボランティアセンター"]
    assert Entry.objects.get(round=round_2025, project=tiny.unrated).department.name == "ボランティアセンター"
    assert _fresh(source).retired_from_year == 2025
    assert AuditEntry.objects.filter(action="split_department").count() == 1


def test_it_refuses_a_split_that_leaves_a_project_unassigned(tiny: TinyPlan, people: People) -> None:
    with pytest.raises(PlanEditError, match="1-1-2-1 福祉協力校設置") as refused:
        split_department(
            people.secretariat,
            tiny.plan.pk,
            tiny.departments["社協"].pk,
            new_names=["地域福祉係", "ボランティアセンター"],
            assignment={tiny.shared.pk: "地域福祉係"},
            members={people.other_editor.pk: "地域福祉係"},
            from_year=2025,
        )

    assert refused.value.field == "assignment"
    assert not Department.objects.filter(name="地域福祉係").exists()


def test_it_refuses_a_split_into_fewer_than_two_or_repeated_names(tiny: TinyPlan, people: People) -> None:
    for names, message in ((["地域福祉係", ""], "二つ以上"), (["地域福祉係", "地域福祉係"], "二度入力")):
        with pytest.raises(PlanEditError, match=re.escape(message)):
            split_department(
                people.secretariat,
                tiny.plan.pk,
                tiny.departments["社協"].pk,
                new_names=names,
                assignment={},
                members={},
                from_year=2025,
            )


# --- retire ------------------------------------------------------------------------------------


def test_it_refuses_to_retire_a_department_that_still_owns_projects(tiny: TinyPlan, people: People) -> None:
    with pytest.raises(PlanEditError, match=r"1-1-1-2 地域資源を活かした情報の発信、.*1-1-2-1"):
        retire_department(people.secretariat, tiny.plan.pk, tiny.departments["社協"].pk, from_year=2025)

    assert _fresh(tiny.departments["社協"]).retired_from_year is None


def test_a_department_whose_projects_ended_is_retired_and_gets_no_entries_after(
    tiny: TinyPlan, people: People
) -> None:
    learning = tiny.departments["生涯学習課"]
    tiny.single.last_year = 2024
    tiny.single.save(update_fields=["last_year"])
    preview = preview_retire(people.secretariat, tiny.plan.pk, learning.pk, from_year=2025)
    assert any("所属は変わりません" in note for note in preview.notes)

    retire_department(people.secretariat, tiny.plan.pk, learning.pk, from_year=2025, seen=preview.version)

    assert _fresh(learning).retired_from_year == 2025
    assert AuditEntry.objects.get(action="retire_department").municipality == tiny.municipality


def test_opening_a_round_gives_a_retired_department_no_entries(tiny: TinyPlan, people: People) -> None:
    # Retired from 2025 while still owning 1-1-1-1 (as a workbook or a direct change may leave it).
    Department.objects.filter(pk=tiny.departments["生涯学習課"].pk).update(retired_from_year=2025)

    opened = open_round(people.secretariat, tiny.plan.pk, 2025)

    departments = set(Entry.objects.filter(round=opened).values_list("department__name", flat=True))
    assert departments == {"共生福祉課", "社協"}
    assert Round.objects.filter(plan=tiny.plan, fiscal_year=2025).exists()


def test_a_retired_department_cannot_be_given_a_project(tiny: TinyPlan, people: People) -> None:
    learning = tiny.departments["生涯学習課"]
    Department.objects.filter(pk=learning.pk).update(retired_from_year=2025)

    with pytest.raises(PlanEditError, match="「生涯学習課」は組織改編で廃止された担当課です") as refused:
        set_project_owners(people.secretariat, tiny.plan.pk, tiny.unrated.pk, [learning.pk])

    assert refused.value.field == "owners"
    # An owner already there stays choosable (the project keeps it until it is moved).
    set_project_owners(people.secretariat, tiny.plan.pk, tiny.single.pk, [learning.pk])
