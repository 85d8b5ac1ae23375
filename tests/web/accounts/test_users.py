"""The 事務局's user management: the list, registering a user, editing, unlocking and resetting."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from shinchoku.accounts import throttle
from shinchoku.accounts.models import User
from shinchoku.plans.models import Municipality
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan, make_user
from tests.web.accounts.conftest import page_text

Role = User.Role
PASSWORD = "kitamoto-2024-shinchoku"


def limit(user: User) -> None:
    """Make ``user`` refused from 192.0.2.66 by failing there as often as the limit allows."""
    request = RequestFactory().post("/login/", REMOTE_ADDR="192.0.2.66")
    for _ in range(throttle.PAIR_LIMIT):
        assert authenticate(request, username=user.username, password="wrong") is None


def _create(client: Client, **changes: Any) -> HttpResponse:
    data = {
        "username": "kosodate",
        "display_name": "子育て 三郎",
        "role": Role.VIEWER.value,
        "password": PASSWORD,
    } | changes
    return client.post(reverse("web:user_create"), data, follow=True)


def _edit(client: Client, user: User, **changes: Any) -> HttpResponse:
    data = {
        "display_name": user.display_name,
        "role": user.role,
        "departments": [department.pk for department in user.departments.all()],
        "is_active": "on" if user.is_active else "",
    } | changes
    return client.post(reverse("web:user_edit", args=[user.pk]), data, follow=True)


def test_the_addresses_are_under_staff_users(people: People) -> None:
    assert reverse("web:users") == "/staff/users/"
    assert reverse("web:user_create") == "/staff/users/new/"
    assert reverse("web:user_edit", args=[people.editor.pk]) == f"/staff/users/{people.editor.pk}/"


def test_the_list_shows_the_citys_users_with_role_department_and_state(
    secretariat_client: Client, people: People
) -> None:
    User.objects.filter(pk=people.other_editor.pk).update(is_active=False)
    limit(people.approver)

    text = page_text(secretariat_client.get(reverse("web:users")))

    for heading in ["ログインID", "表示名", "役割", "所属", "状態"]:
        assert f" {heading} " in text
    assert "shogai 生涯 太郎 担当課(入力) 生涯学習課 有効" in text
    assert "shakyo 社協 花子 担当課(入力) 社協 無効" in text
    assert "kacho 生涯 課長 所属長(承認) 生涯学習課 制限中" in text
    assert "jimu 事務局 一郎 事務局 有効" in text
    assert "tanin" not in text  # 事務局 of another city


@pytest.mark.parametrize("who", ["editor", "approver", "committee", "viewer"])
def test_only_the_secretariat_reaches_user_management(client: Client, people: People, who: str) -> None:
    client.force_login(getattr(people, who))

    for url in [reverse("web:users"), reverse("web:user_create"), reverse("web:user_edit", args=[1])]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "利用者の管理は、自治体の事務局の職員だけが行えます。" in page_text(response)


def test_a_user_of_another_city_is_not_found(client: Client, people: People) -> None:
    client.force_login(people.stranger)

    assert client.get(reverse("web:user_edit", args=[people.editor.pk])).status_code == 404
    assert client.post(reverse("web:user_unlock", args=[people.editor.pk])).status_code == 404


def test_the_secretariat_registers_an_editor(
    secretariat_client: Client, people: People, tiny: TinyPlan
) -> None:
    department = tiny.departments["共生福祉課"]

    response = _create(secretariat_client, role=Role.EDITOR.value, departments=[department.pk])

    user = User.objects.get(username="kosodate")
    assert response.redirect_chain[-1][0] == reverse("web:user_edit", args=[user.pk])
    assert "利用者「kosodate」を登録しました。" in page_text(response)
    assert list(user.departments.all()) == [department]
    assert user.municipality == tiny.municipality
    assert Client().login(username="kosodate", password=PASSWORD)


def test_an_editor_without_a_department_is_refused_beside_the_field(
    secretariat_client: Client, people: People
) -> None:
    response = _create(secretariat_client, role=Role.EDITOR.value)

    html = response.content.decode()
    assert "所属: 役割が「担当課(入力)」の利用者には、所属を1つ以上選んでください。" in page_text(response)
    assert '<fieldset aria-describedby="id_departments_helptext id_departments_error">' in html
    assert 'id="id_departments_error"' in html
    assert 'href="#id_departments_0"' in html
    assert not User.objects.filter(username="kosodate").exists()


def test_a_viewer_with_a_department_is_refused(
    secretariat_client: Client, people: People, tiny: TinyPlan
) -> None:
    response = _create(secretariat_client, departments=[tiny.departments["社協"].pk])

    assert "役割が「閲覧のみ」の利用者は所属を持ちません" in page_text(response)
    assert not User.objects.filter(username="kosodate").exists()


def test_the_departments_offered_are_the_citys_own(secretariat_client: Client, people: People) -> None:
    Municipality.objects.create(name="鴻巣市2", code="112179").departments.create(name="よその課")

    text = page_text(secretariat_client.get(reverse("web:user_create")))

    assert "共生福祉課" in text
    assert "よその課" not in text


def test_a_login_id_other_than_half_width_letters_and_digits_is_refused(
    secretariat_client: Client, people: People
) -> None:
    text = page_text(_create(secretariat_client, username="子育て"))

    assert "ログインID: ログインIDには半角の英数字と @ . + - _ だけが使えます。" in text
    assert not User.objects.filter(username="子育て").exists()


def test_a_weak_initial_password_is_refused(secretariat_client: Client, people: People) -> None:
    text = page_text(_create(secretariat_client, password="1234"))

    assert "初期パスワード: このパスワードは短すぎます。" in text
    assert not User.objects.filter(username="kosodate").exists()


def test_the_secretariat_changes_a_role_and_departments(
    secretariat_client: Client, people: People, tiny: TinyPlan
) -> None:
    response = _edit(
        secretariat_client, people.viewer, role=Role.APPROVER.value, departments=[tiny.departments["社協"].pk]
    )

    assert "利用者「etsuran」の登録内容を保存しました。" in page_text(response)
    user = User.objects.get(pk=people.viewer.pk)
    assert user.role == Role.APPROVER
    assert [department.name for department in user.departments.all()] == ["社協"]


def test_the_secretariat_deactivates_a_user(secretariat_client: Client, people: People) -> None:
    _edit(secretariat_client, people.viewer, is_active="")

    assert not User.objects.get(pk=people.viewer.pk).is_active
    assert " etsuran 閲覧のみ 無効 " in page_text(secretariat_client.get(reverse("web:users")))


def test_the_secretariat_cannot_demote_or_deactivate_itself_from_the_page(
    secretariat_client: Client, people: People
) -> None:
    me = people.secretariat
    page = secretariat_client.get(reverse("web:user_edit", args=[me.pk])).content.decode()
    assert "自分の役割の変更と、自分を無効にすることはできません。" in page

    _edit(secretariat_client, me, role=Role.VIEWER.value, is_active="", display_name="事務局 一郎2")

    me = User.objects.get(pk=me.pk)
    assert (me.role, me.is_active, me.display_name) == (Role.SECRETARIAT, True, "事務局 一郎2")


def test_the_secretariat_lifts_the_limits_of_a_user(secretariat_client: Client, people: People) -> None:
    limit(people.editor)
    page = page_text(secretariat_client.get(reverse("web:user_edit", args=[people.editor.pk])))
    assert "制限中" in page
    assert "次の接続元からは" in page
    assert "192.0.2.66" in page
    assert "制限を解除" in page

    response = secretariat_client.post(reverse("web:user_unlock", args=[people.editor.pk]), follow=True)

    assert "利用者「shogai」のログインの制限を解除しました。" in page_text(response)
    assert throttle.limited_addresses("shogai") == []
    request = RequestFactory().post("/login/", REMOTE_ADDR="192.0.2.66")
    assert authenticate(request, username="shogai", password="correct horse battery") == people.editor


def test_the_new_user_form_chooses_no_role_in_advance(secretariat_client: Client, people: People) -> None:
    html = secretariat_client.get(reverse("web:user_create")).content.decode()

    assert re.search(r'<option value="" selected>選んでください</option>', html)
    assert "selected" not in html.split('value="secretariat"')[1].split(">")[0]
    response = _create(secretariat_client, role="")
    assert "役割を選んでください。" in page_text(response)
    assert not User.objects.filter(username="kosodate").exists()


def test_another_secretariat_members_password_and_role_are_not_offered(
    secretariat_client: Client, people: People
) -> None:
    colleague = make_user("jimu2", people.secretariat.municipality, role=Role.SECRETARIAT)

    page = secretariat_client.get(reverse("web:user_edit", args=[colleague.pk])).content.decode()

    assert "パスワードを再設定できるのはシステム管理者だけです" in page
    assert 'name="reset-password"' not in page
    assert re.search(r'<select name="role"[^>]*disabled', page)
    response = secretariat_client.post(
        reverse("web:user_password_reset", args=[colleague.pk]), {"reset-password": PASSWORD}
    )
    assert response.status_code == 403


def test_unlocking_and_resetting_accept_only_a_post(secretariat_client: Client, people: People) -> None:
    for name in ["web:user_unlock", "web:user_password_reset"]:
        assert secretariat_client.get(reverse(name, args=[people.editor.pk])).status_code == 405


def test_the_secretariat_sets_a_new_password(secretariat_client: Client, people: People) -> None:
    url = reverse("web:user_password_reset", args=[people.editor.pk])

    response = secretariat_client.post(url, {"reset-password": PASSWORD}, follow=True)

    assert "利用者「shogai」のパスワードを再設定しました。" in page_text(response)
    assert Client().login(username="shogai", password=PASSWORD)


def test_a_weak_reset_password_is_shown_beside_its_field(secretariat_client: Client, people: People) -> None:
    url = reverse("web:user_password_reset", args=[people.editor.pk])

    response = secretariat_client.post(url, {"reset-password": "1234"})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-describedby="id_reset-password_helptext id_reset-password_error"' in html
    assert User.objects.get(pk=people.editor.pk).check_password("correct horse battery")


def test_the_staff_menu_offers_user_management_to_the_secretariat_only(
    client: Client, people: People
) -> None:
    client.force_login(people.secretariat)
    html = client.get(reverse("web:home")).content.decode()
    assert f'href="{reverse("web:users")}"' in html
    assert f'href="{reverse("web:password_change")}"' in html

    client.force_login(make_user("other-viewer", people.viewer.municipality))
    html = client.get(reverse("web:home")).content.decode()
    assert f'href="{reverse("web:users")}"' not in html
    assert f'href="{reverse("web:password_change")}"' in html
