"""Every signed-in member changes their own password at /staff/password/."""

from __future__ import annotations

from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from shinchoku.accounts.models import User
from tests.evaluations.services.personas import People
from tests.web.accounts.conftest import page_text

PASSWORD = "correct horse battery"
NEW_PASSWORD = "kitamoto-2024-shinchoku"
URL = "/staff/password/"


def _change(client: Client, current: str, new: str, confirm: str | None = None) -> HttpResponse:
    data = {"current_password": current, "new_password": new, "new_password_confirm": confirm or new}
    return client.post(URL, data, follow=True)


def test_the_page_is_at_staff_password(people: People) -> None:
    assert reverse("web:password_change") == URL


def test_signing_in_is_required(client: Client, people: People) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def test_a_viewer_changes_their_password_and_stays_signed_in(client: Client, people: People) -> None:
    client.force_login(people.viewer)

    response = _change(client, PASSWORD, NEW_PASSWORD)

    assert "パスワードを変更しました。" in page_text(response)
    assert User.objects.get(pk=people.viewer.pk).check_password(NEW_PASSWORD)
    assert client.get(reverse("web:home")).status_code == 200


def test_a_wrong_current_password_is_shown_beside_its_field(client: Client, people: People) -> None:
    client.force_login(people.editor)

    response = _change(client, "wrong", NEW_PASSWORD)

    html = response.content.decode()
    assert "現在のパスワードが違います。" in page_text(response)
    assert 'aria-describedby="id_current_password_error"' in html
    assert 'href="#id_current_password"' in html
    assert User.objects.get(pk=people.editor.pk).check_password(PASSWORD)


def test_a_weak_password_is_refused_with_the_rules_in_japanese(client: Client, people: People) -> None:
    client.force_login(people.editor)

    text = page_text(_change(client, PASSWORD, "12345678"))

    assert "このパスワードは一般的すぎます。" in text
    assert "入力内容を確認してください" in text


def test_the_confirmation_must_match(client: Client, people: People) -> None:
    client.force_login(people.editor)

    text = page_text(_change(client, PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x"))

    assert "確認用のパスワードが新しいパスワードと一致しません。" in text
    assert User.objects.get(pk=people.editor.pk).check_password(PASSWORD)
