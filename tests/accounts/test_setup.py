"""Setting up a municipality and its first 事務局 member (accounts.setup)."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied

from shinchoku.accounts.models import User
from shinchoku.accounts.setup import SetupError, set_up_municipality
from shinchoku.audit.models import AuditEntry
from shinchoku.audit.services import SYSTEM_ACTOR_LABEL
from shinchoku.plans.models import Municipality
from tests.evaluations.tiny_plan import make_user

pytestmark = pytest.mark.django_db
AGEO = {"name": "上尾市", "code": "112194", "admin_username": "ageo-jimu"}


def test_it_creates_the_municipality_and_a_secretariat_member_who_must_change_the_one_time_password() -> None:
    outcome = set_up_municipality(None, **AGEO, admin_display_name="上尾 花子")

    city = Municipality.objects.get(code="112194")
    admin = User.objects.get(username="ageo-jimu")
    assert (city.name, outcome.municipality_created, outcome.admin_created) == ("上尾市", True, True)
    assert admin.municipality == city
    assert admin.role == User.Role.SECRETARIAT
    assert admin.is_staff
    assert admin.display_name == "上尾 花子"
    assert admin.must_change_password
    assert outcome.password is not None
    assert admin.check_password(outcome.password)
    assert "登録しました" in outcome.describe()


def test_it_records_both_creations_with_the_system_as_actor_and_never_the_password() -> None:
    outcome = set_up_municipality(None, **AGEO)

    records = AuditEntry.objects.order_by("pk")
    assert [entry.action for entry in records] == ["create_municipality", "create_user"]
    assert {entry.actor_label for entry in records} == {SYSTEM_ACTOR_LABEL}
    assert all(entry.municipality == outcome.municipality for entry in records)
    assert outcome.password is not None
    assert not any(outcome.password in f"{entry.summary}{entry.changes}" for entry in records)


def test_running_it_again_changes_nothing_and_keeps_the_password() -> None:
    first = set_up_municipality(None, **AGEO)
    admin = User.objects.get(username="ageo-jimu")
    records = AuditEntry.objects.count()

    again = set_up_municipality(None, **AGEO)

    assert not again.changed
    assert again.password is None
    assert "変更はありません" in again.describe()
    assert "パスワードは変更していません" in again.describe()
    assert AuditEntry.objects.count() == records
    assert first.password is not None
    assert User.objects.get(pk=admin.pk).check_password(first.password)


def test_a_five_digit_code_gets_its_check_digit_and_counts_as_the_same_municipality() -> None:
    set_up_municipality(None, **AGEO)

    again = set_up_municipality(None, **(AGEO | {"code": "11219"}))

    assert not again.changed


def test_reset_password_issues_a_new_one_time_password_and_audits_it() -> None:
    first = set_up_municipality(None, **AGEO)
    admin = User.objects.get(username="ageo-jimu")
    admin.must_change_password = False
    admin.save()

    again = set_up_municipality(None, **AGEO, reset_password=True)

    admin.refresh_from_db()
    assert again.password is not None
    assert again.password != first.password
    assert admin.check_password(again.password)
    assert admin.must_change_password
    assert "新しい一時パスワード" in again.describe()
    assert AuditEntry.objects.filter(action="reset_password", object_id=str(admin.pk)).count() == 1


def test_a_second_login_id_for_an_existing_municipality_adds_another_secretariat_member() -> None:
    set_up_municipality(None, **AGEO)

    outcome = set_up_municipality(None, **(AGEO | {"admin_username": "ageo-jimu2"}))

    assert not outcome.municipality_created
    assert outcome.admin_created
    assert User.objects.filter(municipality=outcome.municipality, role=User.Role.SECRETARIAT).count() == 2


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"code": "112195"}, "検査数字が正しくありません(正しくは 112194)"),
        ({"code": "11-219"}, "5桁または6桁の数字"),
        ({"name": "  "}, "自治体名を指定してください"),
        ({"admin_username": ""}, "ログインIDを指定してください"),
        ({"admin_username": "上尾事務局"}, "使えない文字があります"),
        ({"admin_username": "a" * 151}, "150文字以内"),
        ({"name": "市" * 101}, "自治体名は100文字以内"),
        ({"admin_display_name": "名" * 101}, "表示名は100文字以内"),
    ],
)
def test_it_refuses_malformed_input_in_japanese_and_creates_nothing(
    changes: dict[str, str], expected: str
) -> None:
    with pytest.raises(SetupError, match=re.escape(expected)):
        set_up_municipality(None, **(AGEO | changes))

    assert not Municipality.objects.exists()
    assert not User.objects.exists()


def test_it_refuses_a_code_used_by_another_name() -> None:
    set_up_municipality(None, **AGEO)

    with pytest.raises(SetupError, match=re.escape("112194 はすでに「上尾市」に使われています")):
        set_up_municipality(None, **(AGEO | {"name": "桶川市"}))


def test_it_refuses_a_name_registered_under_another_code() -> None:
    Municipality.objects.create(name="上尾市", code="112330")

    with pytest.raises(SetupError, match="すでに全国地方公共団体コード 112330 で登録されています"):
        set_up_municipality(None, **AGEO)
    assert Municipality.objects.count() == 1


def test_it_refuses_a_login_id_taken_in_another_municipality_and_creates_no_municipality() -> None:
    make_user("ageo-jimu", Municipality.objects.create(name="北本市", code="112330"))

    with pytest.raises(SetupError, match=re.escape("「北本市」の利用者が使っています")):
        set_up_municipality(None, **AGEO)
    assert not Municipality.objects.filter(code="112194").exists()


def test_it_refuses_the_login_id_of_a_superuser_without_a_municipality() -> None:
    User.objects.create_superuser("ageo-jimu", password="correct horse battery")

    with pytest.raises(SetupError, match="自治体に属さない利用者"):
        set_up_municipality(None, **AGEO)


def test_it_refuses_a_member_of_the_municipality_who_is_not_secretariat() -> None:
    set_up_municipality(None, **AGEO)
    viewer = make_user("ageo-etsuran", Municipality.objects.get(code="112194"), role=User.Role.VIEWER)

    with pytest.raises(SetupError, match=re.escape("役割が「閲覧のみ」です")):
        set_up_municipality(None, **(AGEO | {"admin_username": viewer.username}), reset_password=True)
    viewer.refresh_from_db()
    assert viewer.check_password("correct horse battery")


def test_only_the_command_line_and_superusers_may_set_up() -> None:
    city = Municipality.objects.create(name="北本市", code="112330")
    secretariat = make_user("jimu", city, role=User.Role.SECRETARIAT)
    superuser = User.objects.create_superuser("root", password="correct horse battery")

    with pytest.raises(PermissionDenied):
        set_up_municipality(secretariat, **AGEO)
    outcome = set_up_municipality(superuser, **AGEO)

    assert AuditEntry.objects.filter(action="create_municipality", actor=superuser).exists()
    assert outcome.admin_created


def test_typed_control_characters_are_cleaned_from_the_names() -> None:
    outcome = set_up_municipality(
        None, **(AGEO | {"name": "上尾\x07市"}), admin_display_name="上尾\u202e花子"
    )

    assert outcome.municipality.name == "上尾市"
    assert outcome.admin.display_name == "上尾花子"
