"""The plan editor's departments: each one's address and 内線 listed, and edited on its page."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from shinchoku.accounts.models import User
from shinchoku.plans.editing.departments import department_version
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan


def test_the_secretariat_sets_a_departments_address_and_the_list_shows_it(
    tiny: TinyPlan, people: People, client_for: Callable[[User], Client]
) -> None:
    client = client_for(people.secretariat)
    department = tiny.departments["社協"]
    page = reverse("web:plan_edit_department", args=[tiny.plan.pk, department.pk])
    form = client.get(page).content.decode()
    assert 'name="email"' in form
    assert 'name="extension"' in form
    data = {
        "name": "社協",
        "kind": department.kind,
        "email": "info@shakyo.example.jp",
        "extension": "301",
        "seen": department_version(department),
    }
    response = client.post(page, data, follow=True)
    html = response.content.decode()
    assert "「社協」を保存しました" in html
    assert "info@shakyo.example.jp<br>内線 301" in html


def test_a_malformed_address_is_shown_beside_its_field(
    tiny: TinyPlan, people: People, client_for: Callable[[User], Client]
) -> None:
    department = tiny.departments["社協"]
    page = reverse("web:plan_edit_department", args=[tiny.plan.pk, department.pk])
    data = {
        "name": "社協",
        "kind": department.kind,
        "email": "info at shakyo",
        "seen": department_version(department),
    }
    response = client_for(people.secretariat).post(page, data)
    assert response.status_code == 400
    assert "「info at shakyo」はメールアドレスとして読めません" in response.content.decode()
