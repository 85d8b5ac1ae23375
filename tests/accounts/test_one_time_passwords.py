"""One-time passwords: drawn at random, hashed with fewer PBKDF2 rounds, rehashed at sign-in."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.test import Client, override_settings

from shinchoku.accounts import services
from shinchoku.accounts.models import User
from shinchoku.accounts.one_time_passwords import ALPHABET, ITERATIONS, new_one_time_password
from shinchoku.accounts.setup import set_up_municipality
from tests.evaluations.services.personas import People

PBKDF2 = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]


def test_one_time_passwords_are_four_groups_of_unambiguous_characters_and_differ() -> None:
    passwords = {new_one_time_password() for _ in range(50)}

    assert len(passwords) == 50
    for password in passwords:
        groups = password.split("-")
        assert [len(group) for group in groups] == [4, 4, 4, 4]
        assert set("".join(groups)) <= set(ALPHABET)
    assert not set("0o1lI") & set(ALPHABET)


@pytest.mark.django_db
@override_settings(PASSWORD_HASHERS=PBKDF2)
def test_a_one_time_password_is_hashed_with_fewer_rounds_and_rehashed_in_full_at_sign_in() -> None:
    outcome = set_up_municipality(None, name="上尾市", code="112194", admin_username="ageo-jimu")
    assert outcome.password is not None
    stored = User.objects.get(username="ageo-jimu").password
    assert stored.startswith(f"pbkdf2_sha256${ITERATIONS}$")

    assert Client().login(username="ageo-jimu", password=outcome.password)

    rehashed = User.objects.get(username="ageo-jimu").password
    assert rehashed.startswith(f"pbkdf2_sha256${PBKDF2PasswordHasher.iterations}$")
    assert User.objects.get(username="ageo-jimu").check_password(outcome.password)


@pytest.mark.django_db
@override_settings(PASSWORD_HASHERS=PBKDF2)
def test_a_password_the_secretariat_chose_keeps_the_full_rounds(people: People) -> None:
    user = services.create_user(
        people.secretariat,
        username="kosodate",
        display_name="",
        role=User.Role.VIEWER,
        department_ids=[],
        password="kitamoto-2024-shinchoku",
        must_change_password=True,
    )

    assert user.password.startswith(f"pbkdf2_sha256${PBKDF2PasswordHasher.iterations}$")
