"""The 事務局 creating and changing its municipality's users (accounts.services)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from shinchoku.accounts import services
from shinchoku.accounts.models import User
from shinchoku.audit.models import AuditEntry
from shinchoku.plans.models import Department
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan

Role = User.Role
PASSWORD = "kitamoto-2024-shinchoku"


def _create(actor: User, **changes: Any) -> User:
    arguments: dict[str, Any] = {
        "username": "kosodate",
        "display_name": "子育て 三郎",
        "role": Role.VIEWER,
        "department_ids": [],
        "password": PASSWORD,
    }
    return services.create_user(actor, **(arguments | changes))


def _update(actor: User, user: User, **changes: Any) -> User:
    arguments: dict[str, Any] = {
        "display_name": user.display_name,
        "role": user.role,
        "department_ids": [department.pk for department in user.departments.all()],
        "is_active": user.is_active,
    }
    return services.update_user(actor, user.pk, **(arguments | changes))


def _refusal(field: str, call: Any, *args: Any, **kwargs: Any) -> str:
    with pytest.raises(ValidationError) as error:
        call(*args, **kwargs)
    return " ".join(error.value.message_dict[field])


def test_the_secretariat_creates_an_editor_of_a_department(people: People, tiny: TinyPlan) -> None:
    department = tiny.departments["共生福祉課"]

    user = _create(people.secretariat, role=Role.EDITOR, department_ids=[department.pk])

    assert user.municipality == tiny.municipality
    assert list(user.departments.all()) == [department]
    assert user.check_password(PASSWORD)
    entry = AuditEntry.objects.get(action="create_user")
    assert entry.actor == people.secretariat
    assert entry.changes["role"]["after"] == "担当課(入力)"
    assert entry.changes["departments"]["after"] == ["共生福祉課"]
    assert "password" not in entry.changes
    assert PASSWORD not in str(entry.changes)


@pytest.mark.parametrize("role", [Role.EDITOR, Role.APPROVER])
def test_editors_and_approvers_need_a_department(people: People, role: Role) -> None:
    message = _refusal("departments", _create, people.secretariat, role=role)

    assert f"役割が「{role.label}」の利用者には、所属を1つ以上選んでください。" == message
    assert not User.objects.filter(username="kosodate").exists()


@pytest.mark.parametrize("role", [Role.SECRETARIAT, Role.COMMITTEE, Role.VIEWER])
def test_the_other_roles_refuse_a_department(people: People, tiny: TinyPlan, role: Role) -> None:
    department = tiny.departments["社協"]

    message = _refusal("departments", _create, people.secretariat, role=role, department_ids=[department.pk])

    assert f"役割が「{role.label}」の利用者は所属を持ちません" in message


def test_a_department_of_another_city_is_refused(people: People) -> None:
    elsewhere = Department.objects.create(municipality=people.stranger.municipality, name="福祉課")

    message = _refusal(
        "departments", _create, people.secretariat, role=Role.EDITOR, department_ids=[elsewhere.pk]
    )

    assert "この自治体にない所属" in message


def test_a_login_id_in_use_and_a_weak_password_are_refused_together(people: People) -> None:
    with pytest.raises(ValidationError) as error:
        _create(people.secretariat, username="shogai", password="1234")

    assert "すでに使われています" in error.value.message_dict["username"][0]
    assert error.value.message_dict["password"]


@pytest.mark.parametrize("who", ["editor", "approver", "committee", "viewer"])
def test_only_the_secretariat_creates_users(people: People, who: str) -> None:
    with pytest.raises(PermissionDenied):
        _create(getattr(people, who))


def test_the_secretariat_changes_a_users_role_and_departments_with_before_and_after(
    people: People, tiny: TinyPlan
) -> None:
    approver_of = tiny.departments["社協"]

    _update(people.secretariat, people.editor, role=Role.APPROVER, department_ids=[approver_of.pk])

    user = User.objects.get(pk=people.editor.pk)
    assert user.role == Role.APPROVER
    assert list(user.departments.all()) == [approver_of]
    changes = AuditEntry.objects.get(action="update_user").changes
    assert changes["role"] == {"before": "担当課(入力)", "after": "所属長(承認)"}
    assert changes["departments"] == {"before": ["生涯学習課"], "after": ["社協"]}


def test_a_deactivated_user_is_recorded_and_can_no_longer_sign_in(client: Client, people: People) -> None:
    _update(people.secretariat, people.viewer, is_active=False)

    assert AuditEntry.objects.get(action="update_user").changes == {
        "is_active": {"before": True, "after": False}
    }
    assert not client.login(username="etsuran", password="correct horse battery")


def test_saving_without_a_change_records_nothing(people: People) -> None:
    _update(people.secretariat, people.viewer)

    assert not AuditEntry.objects.filter(action="update_user").exists()


def test_nobody_demotes_themselves(people: People) -> None:
    message = _refusal("role", _update, people.secretariat, people.secretariat, role=Role.VIEWER)

    assert message == "自分の役割は変更できません。ほかの事務局の職員に依頼してください。"
    assert User.objects.get(pk=people.secretariat.pk).role == Role.SECRETARIAT


def test_nobody_deactivates_themselves(people: People) -> None:
    message = _refusal("is_active", _update, people.secretariat, people.secretariat, is_active=False)

    assert "自分を無効にすることはできません" in message
    assert User.objects.get(pk=people.secretariat.pk).is_active


def test_the_secretariat_may_rename_itself(people: People) -> None:
    _update(people.secretariat, people.secretariat, display_name="事務局 一郎(共生福祉課)")

    assert str(User.objects.get(pk=people.secretariat.pk)) == "事務局 一郎(共生福祉課)"


def test_users_of_another_city_cannot_be_changed(people: People) -> None:
    with pytest.raises(PermissionDenied):
        _update(people.stranger, people.viewer, display_name="乗っ取り")

    assert User.objects.get(pk=people.viewer.pk).display_name == ""


def test_the_secretariat_cannot_change_a_superuser(people: People, tiny: TinyPlan) -> None:
    admin = User.objects.create_superuser("admin", password=PASSWORD, municipality=tiny.municipality)

    with pytest.raises(PermissionDenied):
        _update(people.secretariat, admin, is_active=False)
