"""Lock-out after repeated failed logins, through the authentication backend and its services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from shinchoku.accounts import services
from shinchoku.accounts.models import User
from shinchoku.audit.models import AuditEntry
from tests.evaluations.services.personas import People

PASSWORD = "correct horse battery"  # make_user's password


def _fail(user: User, times: int) -> None:
    for _ in range(times):
        assert authenticate(username=user.username, password="wrong") is None


def _reload(user: User) -> User:
    return User.objects.get(pk=user.pk)


def audit_actions(user: User) -> list[str]:
    entries = AuditEntry.objects.filter(object_type="accounts.User", object_id=str(user.pk))
    return list(entries.order_by("id").values_list("action", flat=True))


def test_each_wrong_password_is_counted_and_audited(people: People) -> None:
    _fail(people.editor, 3)

    assert _reload(people.editor).failed_logins == 3
    assert audit_actions(people.editor) == ["fail_login"] * 3


def test_five_wrong_passwords_in_a_row_lock_the_account_for_fifteen_minutes(people: People) -> None:
    before = timezone.now()
    _fail(people.editor, services.MAX_FAILED_LOGINS)

    user = _reload(people.editor)
    assert services.MAX_FAILED_LOGINS == 5
    assert user.locked_until is not None
    assert before + timedelta(minutes=15) <= user.locked_until <= timezone.now() + timedelta(minutes=15)
    assert audit_actions(user)[-1] == "lock_user"
    assert AuditEntry.objects.filter(action="lock_user").get().changes["locked_until"]["before"] is None


def test_a_locked_account_cannot_sign_in_even_with_the_right_password(people: People) -> None:
    _fail(people.editor, services.MAX_FAILED_LOGINS)

    assert authenticate(username=people.editor.username, password=PASSWORD) is None
    assert "login" not in audit_actions(people.editor)


def test_trying_while_locked_does_not_extend_the_lock(people: People) -> None:
    _fail(people.editor, services.MAX_FAILED_LOGINS)
    locked_until = _reload(people.editor).locked_until

    _fail(people.editor, services.MAX_FAILED_LOGINS)

    assert _reload(people.editor).locked_until == locked_until


def test_the_account_signs_in_again_once_the_lock_has_ended(people: People) -> None:
    _fail(people.editor, services.MAX_FAILED_LOGINS)
    User.objects.filter(pk=people.editor.pk).update(locked_until=timezone.now() - timedelta(seconds=1))

    assert authenticate(username=people.editor.username, password=PASSWORD) == people.editor


def test_a_successful_login_resets_the_count(people: People) -> None:
    _fail(people.editor, services.MAX_FAILED_LOGINS - 1)

    assert authenticate(username=people.editor.username, password=PASSWORD) == people.editor
    _fail(people.editor, services.MAX_FAILED_LOGINS - 1)

    user = _reload(people.editor)
    assert user.failed_logins == services.MAX_FAILED_LOGINS - 1
    assert user.locked_until is None
    assert audit_actions(user).count("login") == 1


def test_an_unknown_username_locks_nothing_and_records_nothing(people: People) -> None:
    assert authenticate(username="nobody", password="wrong") is None

    assert not AuditEntry.objects.filter(object_type="accounts.User").exists()


def test_a_deactivated_account_cannot_sign_in_with_the_right_password(people: People) -> None:
    User.objects.filter(pk=people.editor.pk).update(is_active=False)

    assert authenticate(username=people.editor.username, password=PASSWORD) is None


def test_the_test_client_login_honours_the_lock_too(client: Client, people: People) -> None:
    _fail(people.editor, services.MAX_FAILED_LOGINS)

    assert client.login(username=people.editor.username, password=PASSWORD) is False


def test_the_secretariat_unlocks_a_locked_account_with_an_audit_record(people: People) -> None:
    _fail(people.editor, services.MAX_FAILED_LOGINS)

    services.unlock_user(people.secretariat, people.editor.pk)

    assert authenticate(username=people.editor.username, password=PASSWORD) == people.editor
    unlock = AuditEntry.objects.get(action="unlock_user")
    assert unlock.actor == people.secretariat
    assert unlock.changes["locked_until"]["after"] is None


@pytest.mark.parametrize("who", ["editor", "viewer", "stranger"])
def test_only_the_secretariat_of_the_users_city_may_unlock(people: People, who: str) -> None:
    _fail(people.approver, services.MAX_FAILED_LOGINS)

    with pytest.raises(PermissionDenied):
        services.unlock_user(getattr(people, who), people.approver.pk)
    assert services.locked_until(_reload(people.approver)) is not None
