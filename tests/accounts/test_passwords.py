"""Changing one's own password, and the 事務局 setting a new one for someone who forgot theirs."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied, ValidationError

from shinchoku.accounts import services, throttle
from shinchoku.accounts.models import User
from shinchoku.audit.models import AuditEntry
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import make_user

PASSWORD = "correct horse battery"
NEW_PASSWORD = "kitamoto-2024-shinchoku"


def _messages(error: pytest.ExceptionInfo[ValidationError], field: str) -> list[str]:
    return list(error.value.message_dict[field])


def test_a_member_changes_their_own_password_with_an_audit_record(people: People) -> None:
    services.change_password(people.viewer, current_password=PASSWORD, new_password=NEW_PASSWORD)

    assert authenticate(username="etsuran", password=NEW_PASSWORD) == people.viewer
    assert authenticate(username="etsuran", password=PASSWORD) is None
    entry = AuditEntry.objects.get(action="change_password")
    assert entry.actor == people.viewer
    assert entry.changes == {}


def test_the_current_password_must_be_right(people: People) -> None:
    with pytest.raises(ValidationError) as error:
        services.change_password(people.viewer, current_password="wrong", new_password=NEW_PASSWORD)

    assert _messages(error, "current_password") == ["現在のパスワードが違います。"]
    assert not AuditEntry.objects.filter(action="change_password").exists()


def test_a_weak_new_password_is_refused_in_japanese(people: People) -> None:
    with pytest.raises(ValidationError) as error:
        services.change_password(people.viewer, current_password=PASSWORD, new_password="abc")

    messages = " ".join(_messages(error, "new_password"))
    assert "短すぎ" in messages
    assert authenticate(username="etsuran", password=PASSWORD) == people.viewer


def test_the_secretariat_resets_a_password_and_lifts_the_sign_in_limits(people: People) -> None:
    for _ in range(throttle.PAIR_LIMIT):
        authenticate(username="shogai", password="wrong")

    services.reset_password(people.secretariat, people.editor.pk, password=NEW_PASSWORD)

    assert authenticate(username="shogai", password=NEW_PASSWORD) == people.editor
    entry = AuditEntry.objects.get(action="reset_password")
    assert entry.actor == people.secretariat
    assert "password" not in entry.changes
    assert NEW_PASSWORD not in str(entry.changes) + entry.summary


def test_the_secretariat_changes_its_own_password_only_with_the_current_one(people: People) -> None:
    with pytest.raises(ValidationError) as error:
        services.reset_password(people.secretariat, people.secretariat.pk, password=NEW_PASSWORD)

    assert "パスワード変更" in _messages(error, "password")[0]


@pytest.mark.parametrize("who", ["editor", "stranger"])
def test_only_the_secretariat_of_the_users_city_may_reset_a_password(people: People, who: str) -> None:
    with pytest.raises(PermissionDenied):
        services.reset_password(getattr(people, who), people.viewer.pk, password=NEW_PASSWORD)

    assert User.objects.get(pk=people.viewer.pk).check_password(PASSWORD)


def test_a_secretariat_member_cannot_reset_another_secretariat_members_password(people: People) -> None:
    colleague = make_user("jimu2", people.secretariat.municipality, role=User.Role.SECRETARIAT)

    with pytest.raises(PermissionDenied) as refused:
        services.reset_password(people.secretariat, colleague.pk, password=NEW_PASSWORD)

    assert "システム管理者だけ" in str(refused.value)
    assert User.objects.get(pk=colleague.pk).check_password(PASSWORD)
    assert not AuditEntry.objects.filter(action="reset_password").exists()


def test_a_superuser_resets_a_secretariat_members_password(people: People) -> None:
    admin = make_user("admin", people.secretariat.municipality, role=User.Role.VIEWER)
    User.objects.filter(pk=admin.pk).update(is_superuser=True)
    admin.refresh_from_db()

    services.reset_password(admin, people.secretariat.pk, password=NEW_PASSWORD)

    assert authenticate(username="jimu", password=NEW_PASSWORD) == people.secretariat


def test_demoting_a_colleague_to_reset_their_password_is_refused(people: People) -> None:
    colleague = make_user("jimu2", people.secretariat.municipality, role=User.Role.SECRETARIAT)

    with pytest.raises(ValidationError) as refused:
        services.update_user(
            people.secretariat,
            colleague.pk,
            display_name="",
            role=User.Role.VIEWER,
            department_ids=[],
            is_active=True,
        )

    assert "システム管理者だけ" in _messages(refused, "role")[0]
    assert User.objects.get(pk=colleague.pk).role == User.Role.SECRETARIAT
