"""A member with a one-time password (``must_change_password``) is kept on the password change
page until they choose their own (accounts.middleware.PasswordChangeRequiredMiddleware)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from shinchoku.accounts import services
from shinchoku.accounts.models import User
from shinchoku.accounts.setup import set_up_municipality
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan
from tests.web.accounts.conftest import page_text

NEW_PASSWORD = "ageo-2025-shinchoku-jimu"


@pytest.fixture
def one_time(client: Client, tiny: TinyPlan) -> tuple[Client, str]:
    """The client signed in, with its password, as a new 事務局 member of 上尾市 fresh from the set-up."""
    outcome = set_up_municipality(None, name="上尾市", code="112194", admin_username="ageo-jimu")
    assert outcome.password is not None
    assert client.login(username="ageo-jimu", password=outcome.password)
    return client, outcome.password


@pytest.mark.parametrize(
    "page",
    [
        lambda tiny: reverse("web:home"),
        lambda tiny: reverse("web:users"),
        lambda tiny: reverse("web:plan", args=[tiny.plan.pk]),
        lambda tiny: reverse("public:home"),
    ],
)
def test_every_page_leads_to_the_password_change_until_it_is_changed(
    one_time: tuple[Client, str], tiny: TinyPlan, page: object
) -> None:
    client, _ = one_time
    assert callable(page)

    response = client.get(page(tiny))

    assert response.status_code == 302
    assert response["Location"] == reverse("web:password_change")


def test_the_password_change_page_says_why_and_signing_out_still_works(one_time: tuple[Client, str]) -> None:
    client, _ = one_time

    page = client.get(reverse("web:password_change"))

    assert page.status_code == 200
    assert "パスワードの変更が必要です" in page_text(page)
    assert client.post(reverse("web:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_after_changing_the_password_every_page_works_again(one_time: tuple[Client, str]) -> None:
    client, password = one_time
    data = {"current_password": password, "new_password": NEW_PASSWORD, "new_password_confirm": NEW_PASSWORD}

    response = client.post(reverse("web:password_change"), data)

    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    user = User.objects.get(username="ageo-jimu")
    assert not user.must_change_password
    assert user.check_password(NEW_PASSWORD)
    assert client.get(reverse("web:users")).status_code == 200
    assert "パスワードの変更が必要です" not in page_text(client.get(reverse("web:password_change")))


def test_a_wrong_current_password_keeps_the_obligation(one_time: tuple[Client, str]) -> None:
    client, _ = one_time
    data = {"current_password": "wrong", "new_password": NEW_PASSWORD, "new_password_confirm": NEW_PASSWORD}

    client.post(reverse("web:password_change"), data)

    assert User.objects.get(username="ageo-jimu").must_change_password
    assert client.get(reverse("web:users")).status_code == 302


def test_members_without_a_one_time_password_are_not_redirected(client: Client, people: People) -> None:
    client.force_login(people.secretariat)

    assert client.get(reverse("web:users")).status_code == 200


def test_a_password_the_secretariat_resets_must_be_changed_at_the_next_sign_in(people: People) -> None:
    services.reset_password(people.secretariat, people.viewer.pk, password=NEW_PASSWORD)

    assert User.objects.get(pk=people.viewer.pk).must_change_password


def test_a_user_the_secretariat_registers_on_the_form_must_change_the_initial_password(
    client: Client, people: People
) -> None:
    client.force_login(people.secretariat)
    data = {"username": "kosodate", "display_name": "", "role": "viewer", "password": NEW_PASSWORD}

    response = client.post(reverse("web:user_create"), data)

    assert response.status_code == 302
    assert User.objects.get(username="kosodate").must_change_password
