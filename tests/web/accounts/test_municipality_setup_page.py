"""The superuser's page /staff/setup/: a municipality and its first 事務局 member."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from shinchoku.accounts.models import User
from shinchoku.plans.models import Municipality
from tests.evaluations.services.personas import People
from tests.web.accounts.conftest import page_text

URL = "/staff/setup/"
AGEO = {"name": "上尾市", "code": "112194", "admin_username": "ageo-jimu", "admin_display_name": "上尾 花子"}


@pytest.fixture
def superuser_client(client: Client, db: None) -> Client:
    client.force_login(User.objects.create_superuser("root", password="correct horse battery"))
    return client


def _password(html: str) -> str:
    found = re.search(r"<dt>一時パスワード</dt><dd><code>([^<]+)</code>", html)
    assert found is not None, html
    return found.group(1)


def test_the_page_is_at_staff_setup(db: None) -> None:
    assert reverse("web:municipality_setup") == URL


def test_a_superuser_creates_a_municipality_and_sees_the_one_time_password_once(
    superuser_client: Client,
) -> None:
    response = superuser_client.post(URL, AGEO)

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    admin = User.objects.get(username="ageo-jimu")
    assert admin.check_password(_password(response.content.decode()))
    assert admin.must_change_password
    assert admin.municipality == Municipality.objects.get(code="112194")
    assert "自治体「上尾市(全国地方公共団体コード 112194)」を登録しました" in page_text(response)
    again = superuser_client.post(URL, AGEO)
    assert "変更はありません" in page_text(again)
    assert "「新しい一時パスワードを発行する」を選んで登録すると" in page_text(again)
    assert "<dt>一時パスワード</dt>" not in again.content.decode()


def test_a_superuser_may_issue_a_new_one_time_password_on_purpose(superuser_client: Client) -> None:
    superuser_client.post(URL, AGEO)

    response = superuser_client.post(URL, AGEO | {"reset_password": "on"})

    assert User.objects.get(username="ageo-jimu").check_password(_password(response.content.decode()))


def test_a_wrong_check_digit_is_shown_in_japanese_and_nothing_is_created(superuser_client: Client) -> None:
    response = superuser_client.post(URL, AGEO | {"code": "112195"})

    assert "検査数字が正しくありません(正しくは 112194)" in page_text(response)
    assert not Municipality.objects.exists()


def test_the_menu_shows_the_page_to_superusers_only(superuser_client: Client, people: People) -> None:
    assert "自治体の新規登録" in page_text(superuser_client.get(reverse("web:home")))
    secretariat = Client()
    secretariat.force_login(people.secretariat)
    assert "自治体の新規登録" not in page_text(secretariat.get(reverse("web:home")))


def test_the_secretariat_is_refused(client: Client, people: People) -> None:
    client.force_login(people.secretariat)

    assert client.get(URL).status_code == 403
    assert client.post(URL, AGEO).status_code == 403
    assert not Municipality.objects.filter(code="112194").exists()
