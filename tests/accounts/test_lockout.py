"""Sign-in limits per (login ID, client address) and per address, through the authentication
backend (see shinchoku.accounts.throttle): no account is ever locked as a whole."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.test import Client, RequestFactory
from django.utils import timezone

from shinchoku.accounts import services, throttle
from shinchoku.accounts.models import LoginThrottle, User
from shinchoku.audit.models import AuditEntry
from tests.evaluations.services.personas import People

PASSWORD = "correct horse battery"  # make_user's password
GUESSER = "192.0.2.66"
MEMBER = "198.51.100.7"


def from_address(address: str) -> HttpRequest:
    return RequestFactory().post("/login/", REMOTE_ADDR=address)


def sign_in(user: User | str, password: str, address: str = GUESSER) -> User | None:
    username = user if isinstance(user, str) else user.username
    signed_in = authenticate(from_address(address), username=username, password=password)
    assert signed_in is None or isinstance(signed_in, User)
    return signed_in


def fail(user: User | str, times: int, address: str = GUESSER) -> None:
    for _ in range(times):
        assert sign_in(user, "wrong", address) is None


def audit_actions(user: User) -> list[str]:
    entries = AuditEntry.objects.filter(object_type="accounts.User", object_id=str(user.pk))
    return list(entries.order_by("id").values_list("action", flat=True))


def test_the_limits_are_five_attempts_per_pair_and_fifty_per_address_each_quarter_hour() -> None:
    assert (5, 50, timedelta(minutes=15)) == (throttle.PAIR_LIMIT, throttle.ADDRESS_LIMIT, throttle.WINDOW)


def test_each_wrong_password_is_audited_with_its_address(people: People) -> None:
    fail(people.editor, 3)

    assert audit_actions(people.editor) == ["fail_login"] * 3
    assert AuditEntry.objects.filter(action="fail_login").first().changes["address"]["after"] == GUESSER


def test_five_wrong_passwords_refuse_the_right_one_from_that_address(people: People) -> None:
    fail(people.editor, throttle.PAIR_LIMIT)

    assert sign_in(people.editor, PASSWORD) is None
    assert audit_actions(people.editor)[-1] == "limit_login"
    assert "login" not in audit_actions(people.editor)


def test_the_right_password_from_another_address_still_signs_in(people: People) -> None:
    fail(people.editor, throttle.PAIR_LIMIT)

    assert sign_in(people.editor, PASSWORD, MEMBER) == people.editor


def test_anonymous_guesses_cannot_lock_the_secretariat_out(people: People) -> None:
    for address in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):
        fail(people.secretariat, throttle.PAIR_LIMIT * 3, address)

    assert sign_in(people.secretariat, PASSWORD, MEMBER) == people.secretariat


def test_the_limit_of_a_pair_ends_with_its_window(people: People) -> None:
    fail(people.editor, throttle.PAIR_LIMIT)
    LoginThrottle.objects.update(window_start=timezone.now() - throttle.WINDOW - timedelta(seconds=1))

    assert sign_in(people.editor, PASSWORD) == people.editor


def test_a_successful_login_is_not_counted_as_a_failure(people: People) -> None:
    fail(people.editor, throttle.PAIR_LIMIT - 1)
    for _ in range(throttle.PAIR_LIMIT):
        assert sign_in(people.editor, PASSWORD) == people.editor

    fail(people.editor, 1)

    assert sign_in(people.editor, PASSWORD) is None  # the five failures of the window count
    assert audit_actions(people.editor).count("login") == throttle.PAIR_LIMIT


def test_an_address_guessing_many_login_ids_is_refused_after_fifty_failures(people: People) -> None:
    for number in range(throttle.ADDRESS_LIMIT):
        assert sign_in(f"guess{number}", "wrong") is None

    assert sign_in(people.viewer, PASSWORD) is None  # a new ID, the right password: refused
    assert sign_in(people.viewer, PASSWORD, MEMBER) == people.viewer


def test_successes_from_a_shared_address_do_not_count_against_it(people: People) -> None:
    for _ in range(throttle.ADDRESS_LIMIT + 5):
        assert sign_in(people.viewer, PASSWORD) == people.viewer

    fail(people.editor, throttle.PAIR_LIMIT - 1)
    assert sign_in(people.editor, PASSWORD) == people.editor


def test_an_unknown_login_id_is_counted_exactly_like_a_known_one(people: People) -> None:
    fail("nobody", throttle.PAIR_LIMIT + 2)
    fail(people.editor, throttle.PAIR_LIMIT + 2)

    counts = dict(LoginThrottle.objects.filter(scope="pair").values_list("username", "attempts"))
    assert counts == {"nobody": throttle.PAIR_LIMIT, people.editor.username: throttle.PAIR_LIMIT}
    assert (
        not AuditEntry.objects.exclude(object_id=str(people.editor.pk))
        .filter(object_type="accounts.User")
        .exists()
    )


def test_a_deactivated_account_cannot_sign_in_with_the_right_password(people: People) -> None:
    User.objects.filter(pk=people.editor.pk).update(is_active=False)

    assert sign_in(people.editor, PASSWORD) is None


def test_the_test_client_login_honours_the_limit_too(client: Client, people: People) -> None:
    for _ in range(throttle.PAIR_LIMIT):
        assert client.login(username=people.editor.username, password="wrong") is False

    assert client.login(username=people.editor.username, password=PASSWORD) is False


def test_the_secretariat_lifts_every_limit_of_a_user_with_an_audit_record(people: People) -> None:
    fail(people.editor, throttle.PAIR_LIMIT)
    fail(people.editor, throttle.PAIR_LIMIT, "192.0.2.99")

    services.unlock_user(people.secretariat, people.editor.pk)

    assert sign_in(people.editor, PASSWORD) == people.editor
    unlock = AuditEntry.objects.get(action="unlock_user")
    assert unlock.actor == people.secretariat
    assert "2件の接続元" in unlock.summary


@pytest.mark.parametrize("who", ["editor", "viewer", "stranger"])
def test_only_the_secretariat_of_the_users_city_may_lift_limits(people: People, who: str) -> None:
    fail(people.approver, throttle.PAIR_LIMIT)

    with pytest.raises(PermissionDenied):
        services.unlock_user(getattr(people, who), people.approver.pk)
    assert throttle.limited_addresses(people.approver.username)


def test_counters_of_windows_long_past_are_purged(people: People) -> None:
    fail("nobody", 1)
    LoginThrottle.objects.update(window_start=timezone.now() - 3 * throttle.WINDOW)

    fail(people.editor, 1)

    assert set(LoginThrottle.objects.values_list("username", flat=True)) == {"", people.editor.username}
