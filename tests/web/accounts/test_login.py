"""The login page in Japanese: a wrong password, and a locked account with its end time."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from shinchoku.accounts import services
from shinchoku.accounts.models import User
from tests.evaluations.services.personas import People
from tests.web.accounts.conftest import page_text

PASSWORD = "correct horse battery"
WRONG = "ログインIDまたはパスワードが違います。"


def _log_in(client: Client, username: str, password: str) -> str:
    return page_text(client.post(reverse("web:login"), {"username": username, "password": password}))


def test_a_wrong_password_is_refused_with_the_japanese_message(client: Client, people: People) -> None:
    assert WRONG in _log_in(client, "shogai", "wrong")


def test_an_unknown_login_id_gets_the_same_message(client: Client, people: People) -> None:
    assert WRONG in _log_in(client, "nobody", "wrong")


def test_the_fifth_failure_says_the_account_is_locked_until_when_in_japan_time(
    client: Client, people: People
) -> None:
    for _ in range(services.MAX_FAILED_LOGINS - 1):
        assert WRONG in _log_in(client, "shogai", "wrong")

    text = _log_in(client, "shogai", "wrong")

    until = timezone.localtime(User.objects.get(username="shogai").locked_until)
    assert f"このログインIDは {until.month}月{until.day}日 {until:%H時%M分} までロックされています" in text
    assert "事務局にロックの解除を依頼してください" in text
    assert WRONG not in text


def test_a_locked_account_is_refused_with_the_right_password_and_stays_signed_out(
    client: Client, people: People
) -> None:
    User.objects.filter(username="shogai").update(locked_until=timezone.now() + timedelta(minutes=10))

    text = _log_in(client, "shogai", PASSWORD)

    assert "ロックされています" in text
    assert isinstance(client.get(reverse("web:login")).wsgi_request.user, AnonymousUser)


def test_signing_in_leads_to_the_staff_site(client: Client, people: People) -> None:
    response = client.post(reverse("web:login"), {"username": "shogai", "password": PASSWORD})

    assert response["Location"] == reverse("web:home")


def test_the_error_is_tied_to_both_fields(client: Client, people: People) -> None:
    html = client.post(reverse("web:login"), {"username": "shogai", "password": "wrong"}).content.decode()

    assert html.count('aria-describedby="login-error"') == 2
    assert 'id="login-error"' in html
