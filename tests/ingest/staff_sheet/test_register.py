"""Registering every new row of a staff sheet, or none (ingest.staff_sheet.register)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from shinchoku.accounts.models import User
from shinchoku.audit.models import AuditEntry
from shinchoku.ingest.staff_sheet.register import (
    StaffSheetRejectedError,
    receive_staff_sheet,
    register_staff,
)
from shinchoku.ingest.workbook.storage import UploadExpiredError, store_upload
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan, make_user
from tests.ingest.staff_sheet.sheets import Row, csv_file, filled_template

ROWS: list[Row] = [
    ("kyosei1", "共生 一郎", "担当課(入力)", "共生福祉課"),
    ("shogai-kacho", "生涯 課長", "所属長(承認)", "生涯学習課、共生福祉課"),
    ("jimu2", "事務局 二郎", "事務局", None),
    ("shogai", "生涯 太郎", "担当課(入力)", "生涯学習課"),  # registered already: unchanged
]


def _receive(actor: User, tiny: TinyPlan, rows: list[Row]) -> str:
    received = receive_staff_sheet(
        actor, data=filled_template(tiny.municipality, rows), file_name="職員.xlsx"
    )
    return received.token


def test_every_new_row_becomes_a_user_who_must_change_the_one_time_password(
    tiny: TinyPlan, people: People
) -> None:
    token = _receive(people.secretariat, tiny, ROWS)

    issued = register_staff(people.secretariat, token=token, file_name="職員.xlsx")

    assert [item.user.username for item in issued] == ["kyosei1", "shogai-kacho", "jimu2"]
    for item in issued:
        user = User.objects.get(pk=item.user.pk)
        assert user.check_password(item.password)
        assert user.must_change_password
        assert user.municipality == tiny.municipality
    approver = User.objects.get(username="shogai-kacho")
    assert approver.role == User.Role.APPROVER
    assert {department.name for department in approver.departments.all()} == {"生涯学習課", "共生福祉課"}
    assert User.objects.get(username="jimu2").role == User.Role.SECRETARIAT
    assert len({item.password for item in issued}) == 3


def test_each_user_gets_one_audit_entry_by_the_secretariat_without_the_password(
    tiny: TinyPlan, people: People
) -> None:
    issued = register_staff(
        people.secretariat, token=_receive(people.secretariat, tiny, ROWS), file_name="x.xlsx"
    )

    records = AuditEntry.objects.filter(action="create_user")
    assert sorted(records.values_list("object_id", flat=True)) == sorted(str(item.user.pk) for item in issued)
    assert {record.actor for record in records} == {people.secretariat}
    written = " ".join(f"{record.summary}{record.changes}" for record in AuditEntry.objects.all())
    assert not any(item.password in written for item in issued)
    assert not any(item.password in User.objects.get(pk=item.user.pk).password for item in issued)


def test_a_file_with_one_error_registers_nobody(tiny: TinyPlan, people: People) -> None:
    data = filled_template(tiny.municipality, [*ROWS, ("bad", "", "管理者", "")])
    received = receive_staff_sheet(people.secretariat, data=data, file_name="職員.xlsx")
    assert received.token == ""

    with pytest.raises(StaffSheetRejectedError) as rejected:
        register_staff(people.secretariat, token=store_upload(data), file_name="職員.xlsx")

    assert "「管理者」という役割はありません" in str(rejected.value)
    assert not User.objects.filter(username__in=["kyosei1", "shogai-kacho", "jimu2", "bad"]).exists()
    assert not AuditEntry.objects.filter(action="create_user").exists()


def test_a_login_id_taken_between_preview_and_commit_registers_nobody(tiny: TinyPlan, people: People) -> None:
    token = _receive(people.secretariat, tiny, ROWS)
    make_user("jimu2", people.stranger.municipality)

    with pytest.raises(StaffSheetRejectedError, match="jimu2"):
        register_staff(people.secretariat, token=token, file_name="職員.xlsx")

    assert not User.objects.filter(username__in=["kyosei1", "shogai-kacho"]).exists()


def test_a_kept_file_is_registered_once(tiny: TinyPlan, people: People) -> None:
    token = _receive(people.secretariat, tiny, ROWS)
    register_staff(people.secretariat, token=token, file_name="職員.xlsx")

    with pytest.raises(UploadExpiredError):
        register_staff(people.secretariat, token=token, file_name="職員.xlsx")


@pytest.mark.parametrize("persona", ["editor", "approver", "committee", "viewer"])
def test_only_the_secretariat_registers_staff(tiny: TinyPlan, people: People, persona: str) -> None:
    actor = getattr(people, persona)
    data = filled_template(tiny.municipality, ROWS)

    with pytest.raises(PermissionDenied):
        receive_staff_sheet(actor, data=data, file_name="職員.xlsx")
    with pytest.raises(PermissionDenied):
        register_staff(actor, token=store_upload(data), file_name="職員.xlsx")


def test_another_citys_secretariat_registers_into_its_own_city_where_the_departments_are_unknown(
    tiny: TinyPlan, people: People
) -> None:
    received = receive_staff_sheet(
        people.stranger, data=filled_template(tiny.municipality, ROWS[:1]), file_name="職員.xlsx"
    )

    assert not received.preview.can_commit
    assert "「共生福祉課」という担当課はありません" in str(received.preview.all_problems[0])


def test_registered_secretariat_members_keep_their_passwords(tiny: TinyPlan, people: People) -> None:
    colleague = make_user("jimu3", tiny.municipality, role=User.Role.SECRETARIAT)
    rows: list[Row] = [("jimu3", "", "事務局", ""), ("new1", "", "閲覧のみ", "")]

    issued = register_staff(
        people.secretariat, token=_receive(people.secretariat, tiny, rows), file_name="x.xlsx"
    )

    assert [item.user.username for item in issued] == ["new1"]
    colleague.refresh_from_db()
    assert colleague.check_password("correct horse battery")
    assert not colleague.must_change_password


def test_a_csv_row_with_control_characters_and_a_formula_is_stored_as_clean_text(
    tiny: TinyPlan, people: People
) -> None:
    data = csv_file([("g1", '=HYPERLINK("http://x")\x07', "閲覧のみ", "")], encoding="cp932")
    token = receive_staff_sheet(people.secretariat, data=data, file_name="職員.csv").token

    register_staff(people.secretariat, token=token, file_name="職員.csv")

    assert User.objects.get(username="g1").display_name == '=HYPERLINK("http://x")'
