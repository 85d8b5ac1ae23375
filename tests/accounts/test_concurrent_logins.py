"""Simultaneous sign-ins from many threads, each with its own database connection, on SQLite and
PostgreSQL: the limits are counted before any password is checked, so no burst gets past them."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from shinchoku.accounts import throttle
from shinchoku.accounts.models import LoginThrottle, User
from tests.concurrency import run_together
from tests.evaluations.tiny_plan import build_tiny_plan, make_user

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "correct horse battery"  # make_user's password
ATTEMPTS = 24


@pytest.fixture
def checked_passwords(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every password the backend checks against a user, in order."""
    checked: list[str] = []
    lock = threading.Lock()
    original = User.check_password

    def counting(user: User, raw_password: str) -> bool:
        with lock:
            checked.append(raw_password)
        return original(user, raw_password)

    monkeypatch.setattr(User, "check_password", counting)
    return checked


def test_of_24_simultaneous_guesses_at_most_five_wrong_passwords_are_checked(
    checked_passwords: list[str],
) -> None:
    tiny = build_tiny_plan()
    secretariat = make_user("jimu", tiny.municipality, role=User.Role.SECRETARIAT)
    request = RequestFactory().post("/login/", REMOTE_ADDR="192.0.2.66")
    signed_in: list[User] = []
    # The right password comes last, as a guesser's list would end with it.
    passwords = [f"guess{number}" for number in range(ATTEMPTS - 1)] + [PASSWORD]

    def guess(number: int) -> None:
        user = authenticate(request, username=secretariat.username, password=passwords[number])
        if isinstance(user, User):
            signed_in.append(user)

    errors = run_together(ATTEMPTS, guess)

    assert errors == []
    wrong = [password for password in checked_passwords if password != PASSWORD]
    assert len(wrong) == throttle.PAIR_LIMIT
    # The right password got in only if it was checked before the limit was reached.
    assert len(signed_in) == checked_passwords.count(PASSWORD) <= 1
    row = LoginThrottle.objects.get(scope="pair", username=secretariat.username)
    assert row.attempts == throttle.PAIR_LIMIT


def test_after_a_burst_of_wrong_guesses_the_right_password_gets_in_only_from_another_address(
    checked_passwords: list[str],
) -> None:
    tiny = build_tiny_plan()
    secretariat = make_user("jimu", tiny.municipality, role=User.Role.SECRETARIAT)
    guesser = RequestFactory().post("/login/", REMOTE_ADDR="192.0.2.66")

    errors = run_together(
        ATTEMPTS,
        lambda number: authenticate(guesser, username=secretariat.username, password=f"guess{number}"),
    )

    assert errors == []
    assert len(checked_passwords) == throttle.PAIR_LIMIT
    assert authenticate(guesser, username=secretariat.username, password=PASSWORD) is None
    member = RequestFactory().post("/login/", REMOTE_ADDR="198.51.100.7")
    assert authenticate(member, username=secretariat.username, password=PASSWORD) == secretariat
