"""The staff sheet's optional メールアドレス and 内線 columns, after the four original ones."""

from __future__ import annotations

from shinchoku.accounts.models import User
from shinchoku.ingest.staff_sheet.layout import HEADERS, REQUIRED_HEADERS
from shinchoku.ingest.staff_sheet.preview import preview_staff_sheet
from shinchoku.ingest.staff_sheet.register import receive_staff_sheet, register_staff
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan
from tests.ingest.staff_sheet.sheets import csv_file, filled_template


def test_the_original_headers_stay_first_and_the_contacts_come_after_them() -> None:
    assert HEADERS == ("ログインID", "氏名", "役割", "所属", "メールアドレス", "内線", "担当する計画")
    assert HEADERS[:4] == REQUIRED_HEADERS


def test_new_users_are_registered_with_the_address_and_extension_of_their_row(
    tiny: TinyPlan, people: People
) -> None:
    rows = [("kyosei1", "共生 一郎", "担当課(入力)", "共生福祉課", "kyosei1@city.example.lg.jp", "2105")]
    received = receive_staff_sheet(
        people.secretariat, data=filled_template(tiny.municipality, rows), file_name="職員.xlsx"
    )
    register_staff(people.secretariat, token=received.token, file_name="職員.xlsx")
    user = User.objects.get(username="kyosei1")
    assert (user.email, user.extension) == ("kyosei1@city.example.lg.jp", "2105")


def test_a_sheet_without_the_contact_columns_is_read_as_before(tiny: TinyPlan, people: People) -> None:
    data = csv_file([("kyosei1", "共生 一郎", "担当課(入力)", "共生福祉課")], headers=REQUIRED_HEADERS)
    preview = preview_staff_sheet(tiny.municipality.pk, data=data, file_name="職員.csv")
    assert preview.can_commit
    assert preview.rows[0].email == ""


def test_a_malformed_address_is_an_error_naming_its_cell(tiny: TinyPlan, people: People) -> None:
    data = csv_file([("kyosei1", "共生 一郎", "担当課(入力)", "共生福祉課", "kyosei1 at city", "")])
    preview = preview_staff_sheet(tiny.municipality.pk, data=data, file_name="職員.csv")
    assert not preview.can_commit
    (problem,) = preview.all_problems
    assert "「kyosei1 at city」はメールアドレスとして読めません" in str(problem)
    assert "E列(メールアドレス)" in str(problem)
