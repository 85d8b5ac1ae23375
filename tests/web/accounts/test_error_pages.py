"""The 403, 404 and 500 pages are in Japanese; the 403 page shows why the action was refused."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.views.defaults import permission_denied, server_error

from tests.evaluations.services.personas import People
from tests.web.accounts.conftest import page_text

ExactQueries = Callable[[int], AbstractContextManager[Any]]


def test_a_refusal_shows_the_services_japanese_reason(client: Client, people: People) -> None:
    client.force_login(people.editor)

    response = client.get("/staff/users/")

    assert response.status_code == 403
    text = page_text(response)
    assert "この操作は行えません" in text
    assert "利用者の管理は、自治体の事務局の職員だけが行えます。" in text
    assert '<html lang="ja">' in response.content.decode()


def test_a_user_that_does_not_exist_is_a_japanese_404_page(client: Client, people: People) -> None:
    client.force_login(people.editor)

    response = client.get("/staff/users/999999/")

    assert response.status_code == 403  # only the 事務局 may even ask
    client.force_login(people.secretariat)
    response = client.get("/staff/users/999999/")
    assert response.status_code == 404
    assert "ページが見つかりません" in page_text(response)
    assert "No User matches" not in page_text(response)


@pytest.mark.usefixtures("db")
def test_the_server_error_page_needs_neither_a_database_nor_a_request_context(
    django_assert_num_queries: ExactQueries,
) -> None:
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/staff/"))

    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="ja">' in html
    assert "システムエラーが発生しました" in html
    assert "<h1>" in html


def test_an_anonymous_refusal_offers_the_login_page(rf: RequestFactory, db: None) -> None:
    request = rf.get("/staff/")
    request.user = AnonymousUser()

    response = permission_denied(request, PermissionDenied("この年度は締め切られています。"))

    text = response.content.decode()
    assert response.status_code == 403
    assert "この年度は締め切られています。" in text
    assert "職員ログイン" in text
