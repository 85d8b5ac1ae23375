"""The 事務局 records a user's mail address and 内線 (reminders go to the address)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from shinchoku.accounts.models import User
from shinchoku.audit.models import AuditEntry
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan
from tests.web.accounts.conftest import page_text


def _edit(client: Client, user: User, **changes: str) -> str:
    data = {
        "display_name": user.display_name,
        "role": user.role,
        "departments": [department.pk for department in user.departments.all()],
        "is_active": "on",
    } | changes
    return page_text(client.post(reverse("web:user_edit", args=[user.pk]), data, follow=True))


def test_the_secretariat_records_an_editors_address_and_extension(
    secretariat_client: Client, people: People, tiny: TinyPlan
) -> None:
    text = _edit(secretariat_client, people.editor, email=" shogai@city.example.lg.jp ", extension="2103")
    assert "登録内容を保存しました" in text
    people.editor.refresh_from_db()
    assert (people.editor.email, people.editor.extension) == ("shogai@city.example.lg.jp", "2103")
    record = AuditEntry.objects.filter(action="update_user").latest("pk")
    assert record.changes["email"] == {"before": "", "after": "shogai@city.example.lg.jp"}
    form = secretariat_client.get(reverse("web:user_edit", args=[people.editor.pk])).content.decode()
    assert 'value="shogai@city.example.lg.jp"' in form


def test_a_malformed_address_is_refused_beside_its_field(
    secretariat_client: Client, people: People, tiny: TinyPlan
) -> None:
    text = _edit(secretariat_client, people.editor, email="shogai＠city")
    assert "メールアドレス: 「shogai＠city」はメールアドレスとして読めません" in text
    people.editor.refresh_from_db()
    assert people.editor.email == ""


def test_a_new_user_is_registered_with_an_address(secretariat_client: Client, people: People) -> None:
    data = {
        "username": "kosodate",
        "role": User.Role.VIEWER.value,
        "password": "kitamoto-2024-shinchoku",
        "email": "kosodate@city.example.lg.jp",
    }
    secretariat_client.post(reverse("web:user_create"), data, follow=True)
    assert User.objects.get(username="kosodate").email == "kosodate@city.example.lg.jp"
