"""Checks that need the database: removals of items in use, years that are not the import's to
change, and who may import."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook

from shinchoku.accounts.models import User
from shinchoku.audit.models import AuditEntry
from shinchoku.evaluations.models import Entry, Round
from shinchoku.plans.models import Department, Plan, PlanNode, RatingCode, RatingScale
from shinchoku.plans.workbook.apply import import_plan_workbook
from shinchoku.plans.workbook.document import PlanWorkbookError
from shinchoku.plans.workbook.example import EXAMPLE_TITLE
from shinchoku.plans.workbook.export import export_plan_workbook
from tests.plans.workbook.helpers import edited, example_bytes, make_city, row_of, secretariat_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan() -> Plan:
    make_city()
    import_plan_workbook(None, example_bytes(), "example.xlsx")
    return Plan.objects.get(title=EXAMPLE_TITLE)


def _refused(plan: Plan, edit: object, *words: str) -> None:
    before = AuditEntry.objects.count()
    data = edited(export_plan_workbook(None, plan), edit)  # type: ignore[arg-type]
    with pytest.raises(PlanWorkbookError) as raised:
        import_plan_workbook(None, data, "edited.xlsx")
    text = str(raised.value)
    assert all(word in text for word in words), text
    assert AuditEntry.objects.count() == before


def _delete_row(sheet: str, key: str, column: int = 1) -> object:
    def edit(book: Workbook) -> None:
        book[sheet].delete_rows(row_of(book, sheet, column, key))

    return edit


def test_it_refuses_to_remove_a_project_that_has_evaluations(plan: Plan) -> None:
    def edit(book: Workbook) -> None:
        for sheet, column in (("評価", 2), ("実績", 1), ("指標", 1)):
            while True:
                try:
                    book[sheet].delete_rows(row_of(book, sheet, column, "2-2-1"))
                except AssertionError:
                    break
        book["体系"].delete_rows(row_of(book, "体系", 1, "2-2-1"))

    _refused(plan, edit, "「体系」シート", "「2-2-1」が削除されています", "評価が入力されている")
    assert PlanNode.objects.filter(plan=plan, code="2-2-1").exists()


def test_it_refuses_to_remove_an_indicator_that_has_values(plan: Plan) -> None:
    def edit(book: Workbook) -> None:
        book["実績"].delete_rows(row_of(book, "実績", 1, "1-1-2"))
        book["指標"].delete_rows(row_of(book, "指標", 1, "1-1-2"))

    _refused(plan, edit, "「指標」シート", "1-1-2 / サロンの数", "実績値が入力されている")


def test_it_refuses_to_remove_a_department_that_has_evaluations(plan: Plan) -> None:
    def edit(book: Workbook) -> None:
        book["担当課"].delete_rows(row_of(book, "担当課", 1, "危機管理課"))
        book["体系"].cell(row_of(book, "体系", 1, "2-2-1"), 6).value = "福祉課"
        book["評価"].delete_rows(row_of(book, "評価", 3, "危機管理課"))

    _refused(plan, edit, "「担当課」シート", "危機管理課", "評価が入力されている")


def test_it_removes_an_unused_department_code_and_indicator(plan: Plan) -> None:
    Department.objects.create(municipality=plan.municipality, name="使わない課", position=9)
    RatingCode.objects.create(scale=plan.rating_scale, code="D", position=9)

    def edit(book: Workbook) -> None:
        book["指標"].delete_rows(row_of(book, "指標", 1, "2-2-1"))
        book["実績"].delete_rows(row_of(book, "実績", 1, "2-2-1"))

    data = edited(export_plan_workbook(None, plan), lambda book: None)
    data = edited(data, _delete_row("担当課", "使わない課"))  # type: ignore[arg-type]
    data = edited(data, _delete_row("評価基準", "D"))  # type: ignore[arg-type]
    outcome = import_plan_workbook(None, data, "edited.xlsx")
    assert {(c.sheet, c.action, c.key) for c in outcome.changes} == {
        ("担当課", "removed", "使わない課"),
        ("評価基準", "removed", "D"),
    }
    assert not Department.objects.filter(name="使わない課").exists()
    assert not RatingCode.objects.filter(code="D").exists()


def test_it_refuses_to_remove_a_rating_code_still_given_in_the_database(plan: Plan) -> None:
    def edit(book: Workbook) -> None:
        book["評価基準"].delete_rows(row_of(book, "評価基準", 1, "C"))
        book["評価"].cell(row_of(book, "評価", 5, "C"), 5).value = "B"

    # The evaluations are changed first (one import), the code removed after (the next one).
    _refused(plan, edit, "「評価基準」シート", "「C」が削除されています", "この記号の評価がある")
    assert RatingCode.objects.filter(scale=plan.rating_scale, code="C").exists()


def test_it_changes_a_closed_year_but_refuses_a_published_one(plan: Plan) -> None:
    def edit(book: Workbook) -> None:
        book["評価"].cell(row_of(book, "評価", 2, "1-1-2"), 5).value = "A"

    data = edited(export_plan_workbook(None, plan), edit)
    Round.objects.filter(plan=plan).update(state=Round.State.PUBLISHED)
    with pytest.raises(PlanWorkbookError, match="公表済の年度は取込で変えられません"):
        import_plan_workbook(None, data, "edited.xlsx")
    Round.objects.filter(plan=plan).update(state=Round.State.CLOSED)
    import_plan_workbook(None, data, "edited.xlsx")
    entry = Entry.objects.get(project__code="1-1-2")
    assert entry.rating is not None
    assert entry.rating.code == "A"
    assert entry.version == 2


def test_it_refuses_evaluations_for_a_year_still_being_collected(plan: Plan) -> None:
    Round.objects.create(plan=plan, fiscal_year=2025, state=Round.State.COLLECTING)

    def edit(book: Workbook) -> None:
        book["評価"].append(["令和7年度", "1-1-2", "社会福祉協議会", "", "A", "", ""])

    _refused(plan, edit, "「評価」シート", "照会中の年度", "まだ締め切られていない")


def test_the_secretariat_of_the_municipality_imports_and_is_named_in_the_audit() -> None:
    city = make_city()
    user = secretariat_of(city)
    import_plan_workbook(user, example_bytes(), "example.xlsx")
    assert set(AuditEntry.objects.values_list("actor", flat=True)) == {user.pk}


@pytest.mark.parametrize(
    "role", [User.Role.EDITOR, User.Role.APPROVER, User.Role.COMMITTEE, User.Role.VIEWER]
)
def test_it_refuses_staff_who_are_not_the_secretariat(role: str) -> None:
    city = make_city()
    user = User.objects.create_user(username="u", password="x-long-password-1", municipality=city, role=role)
    with pytest.raises(PermissionDenied):
        import_plan_workbook(user, example_bytes(), "example.xlsx")
    assert not Plan.objects.exists()


def test_it_refuses_the_secretariat_of_another_municipality() -> None:
    make_city()
    other = make_city("北本市", "112330")
    with pytest.raises(PermissionDenied):
        import_plan_workbook(secretariat_of(other), example_bytes(), "example.xlsx")
    with pytest.raises(PermissionDenied):
        import_plan_workbook(secretariat_of(other, "jimu2"), example_bytes(), "example.xlsx", dry_run=True)


def test_a_superuser_imports_for_any_municipality() -> None:
    make_city()
    admin = User.objects.create_superuser(username="root", password="x-long-password-1")
    import_plan_workbook(admin, example_bytes(), "example.xlsx")
    assert Plan.objects.filter(title=EXAMPLE_TITLE).exists()


def test_it_refuses_to_move_an_evaluated_project_off_the_last_level_or_make_it_a_cross_listing(
    plan: Plan,
) -> None:
    def edit(book: Workbook) -> None:
        book["体系"].cell(row_of(book, "体系", 1, "1-1-2"), 8).value = "1-1-1"
        book["指標"].delete_rows(row_of(book, "指標", 1, "1-1-2"))
        book["実績"].delete_rows(row_of(book, "実績", 1, "1-1-2"))
        book["評価"].delete_rows(row_of(book, "評価", 2, "1-1-2"))

    _refused(plan, edit, "「体系」シート 5行目 H列(再掲元の番号)", "「1-1-2」には評価が入力されている")


def test_it_refuses_a_period_that_leaves_out_an_evaluated_year(plan: Plan) -> None:
    def edit(book: Workbook) -> None:
        book["計画"]["B5"].value = "令和7年度"
        for row in range(book["評価"].max_row, 1, -1):
            book["評価"].delete_rows(row)
        for row in range(book["実績"].max_row, 1, -1):
            book["実績"].delete_rows(row)

    _refused(plan, edit, "「計画」シート 5行目 B列(値)", "2024年度の評価がある")


def test_a_municipality_code_typed_as_a_number_keeps_its_leading_zero() -> None:
    make_city("札幌市", "011002")
    data = edited(
        example_bytes(),
        lambda book: [book["計画"].__setitem__("B2", "札幌市"), book["計画"].__setitem__("B3", 11002)],
    )
    import_plan_workbook(None, data, "sapporo.xlsx")
    assert Plan.objects.get().municipality.code == "011002"


def test_the_same_plan_created_meanwhile_by_another_import_stops_this_one_cleanly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from shinchoku.plans.workbook import apply

    city = make_city()
    compare = apply.diff_documents

    def compare_then_race(*args: object) -> object:
        changes = compare(*args)  # type: ignore[arg-type]
        # In this test the other import's rows share our transaction, so they roll back with it.
        scale = RatingScale.objects.create(municipality=city, name="他の取込")  # another import's commit
        Plan.objects.create(
            municipality=city,
            title=EXAMPLE_TITLE,
            first_fiscal_year=2024,
            last_fiscal_year=2028,
            level_labels=["基本方針", "施策", "事業"],
            evaluation_level=1,
            rating_scale=scale,
        )
        return changes

    monkeypatch.setattr(apply, "diff_documents", compare_then_race)
    with pytest.raises(PlanWorkbookError, match="同時に変更された"):
        import_plan_workbook(None, example_bytes(), "example.xlsx")
    assert not AuditEntry.objects.exists()


def test_it_refuses_to_change_a_scale_another_plan_shares(plan: Plan) -> None:
    Plan.objects.create(
        municipality=plan.municipality,
        title="見本市高齢者福祉計画",
        first_fiscal_year=2024,
        last_fiscal_year=2026,
        level_labels=["施策", "事業"],
        evaluation_level=0,
        rating_scale=plan.rating_scale,
    )

    def edit(book: Workbook) -> None:
        book["評価基準"].cell(row_of(book, "評価基準", 1, "S"), 3).value = "目標を大きく上回った"

    _refused(plan, edit, "「評価基準」シート", "「見本市高齢者福祉計画」と共有している")
