"""The reorganisation pages (組織改編) of the plan editor: each form leads to a preview of what
moves, which writes nothing; the preview's button applies it; a change made by someone else after
the preview, or a refused change, comes back with the message beside its field."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from shinchoku.accounts.models import User
from shinchoku.audit.models import AuditEntry
from shinchoku.evaluations.services.rounds import open_round
from shinchoku.plans.models import Department, ProjectOwner
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan

SignIn = Callable[[User], Client]


@pytest.fixture
def jimu(people: People, client_for: SignIn) -> Client:
    return client_for(people.secretariat)


def _hidden(html: str) -> dict[str, list[str]]:
    """The hidden fields of the preview's form, as the browser would send them back."""
    sent: dict[str, list[str]] = {}
    for chunk in html.split('<input type="hidden" name="')[1:]:
        name, rest = chunk.split('" value="', 1)
        sent.setdefault(name, []).append(rest.split('"', 1)[0])
    sent.pop("csrfmiddlewaretoken", None)
    return sent


def _confirm(jimu: Client, path: str, preview_html: str) -> object:
    return jimu.post(path, {**_hidden(preview_html), "confirm": "1"})


def test_the_reorganisation_pages_are_reached_from_the_department_page(tiny: TinyPlan, jimu: Client) -> None:
    plan, department = tiny.plan.pk, tiny.departments["社協"].pk
    html = jimu.get(reverse("web:plan_edit_department", args=[plan, department])).content.decode()

    for name, args in (
        ("web:plan_edit_department_rename", [plan, department]),
        ("web:plan_edit_departments_merge", [plan]),
        ("web:plan_edit_department_split", [plan, department]),
        ("web:plan_edit_department_retire", [plan, department]),
    ):
        path = reverse(name, args=args)
        assert f'href="{path}"' in html
        assert jimu.get(path).status_code == 200, path


def test_a_rename_is_previewed_then_applied_from_its_year(tiny: TinyPlan, jimu: Client) -> None:
    path = reverse("web:plan_edit_department_rename", args=[tiny.plan.pk, tiny.departments["社協"].pk])

    preview = jimu.post(path, {"name": "北本市社会福祉協議会", "from_year": "2025"})

    html = preview.content.decode()
    assert preview.status_code == 200
    assert "「社協」の名称変更の確認" in html
    assert "令和7年度(2025年度)から「北本市社会福祉協議会」に変えます" in html
    assert Department.objects.get(pk=tiny.departments["社協"].pk).name == "社協"  # nothing written yet

    applied = _confirm(jimu, path, html)

    assert applied.status_code == 302  # type: ignore[attr-defined]
    renamed = Department.objects.get(pk=tiny.departments["社協"].pk)
    assert (renamed.name, renamed.name_in(2024)) == ("北本市社会福祉協議会", "社協")
    assert AuditEntry.objects.filter(action="rename_department").count() == 1


def test_a_refused_rename_shows_the_message_beside_the_year(tiny: TinyPlan, jimu: Client) -> None:
    path = reverse("web:plan_edit_department_rename", args=[tiny.plan.pk, tiny.departments["社協"].pk])

    response = jimu.post(path, {"name": "北本市社会福祉協議会", "from_year": "2023"})

    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_from_year_error"' in html
    assert "変更年度は令和6年度(2024年度)以降にしてください" in html


def test_the_merge_preview_shows_what_moves_and_the_commit_moves_it(
    tiny: TinyPlan, people: People, jimu: Client
) -> None:
    open_round(people.secretariat, tiny.plan.pk, 2025)
    path = reverse("web:plan_edit_departments_merge", args=[tiny.plan.pk])
    typed = {"sources": [str(tiny.departments["社協"].pk)], "target": str(tiny.departments["共生福祉課"].pk)}

    preview = jimu.post(path, typed | {"from_year": "2025"})

    html = preview.content.decode()
    assert "移る担当(2 件)" in html
    assert "福祉協力校設置" in html
    assert f"({people.other_editor.username}): 「社協」から「共生福祉課」へ" in html
    assert "公表前の年度の評価(2 件)" in html
    assert ProjectOwner.objects.filter(department=tiny.departments["社協"]).count() == 2

    _confirm(jimu, path, html)

    assert not ProjectOwner.objects.filter(department=tiny.departments["社協"]).exists()
    assert Department.objects.get(pk=tiny.departments["社協"].pk).retired_from_year == 2025


def test_a_merge_confirmed_after_someone_else_changed_it_is_refused(
    tiny: TinyPlan, people: People, jimu: Client
) -> None:
    path = reverse("web:plan_edit_departments_merge", args=[tiny.plan.pk])
    typed = {"sources": [str(tiny.departments["社協"].pk)], "target": str(tiny.departments["共生福祉課"].pk)}
    html = jimu.post(path, typed | {"from_year": "2025"}).content.decode()
    people.viewer.departments.add(tiny.departments["社協"])

    response = _confirm(jimu, path, html)

    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "ほかの人が変更しました" in response.content.decode()  # type: ignore[attr-defined]
    assert Department.objects.get(pk=tiny.departments["社協"].pk).retired_from_year is None


def test_the_split_form_has_a_select_per_project_and_member_and_applies_the_choice(
    tiny: TinyPlan, people: People, jimu: Client
) -> None:
    path = reverse("web:plan_edit_department_split", args=[tiny.plan.pk, tiny.departments["社協"].pk])
    form = jimu.get(path).content.decode()
    assert f'name="project_{tiny.shared.pk}"' in form
    assert f'name="project_{tiny.unrated.pk}"' in form
    assert f'name="member_{people.other_editor.pk}"' in form

    typed = {
        "name_0": "地域福祉係",
        "name_1": "ボランティアセンター",
        "from_year": "2025",
        f"project_{tiny.shared.pk}": "0",
        f"project_{tiny.unrated.pk}": "1",
        f"member_{people.other_editor.pk}": "1",
    }
    preview = jimu.post(path, typed).content.decode()
    assert "「社協」を令和7年度(2025年度)から「地域福祉係」・「ボランティアセンター」に分割します" in preview

    _confirm(jimu, path, preview)

    assert list(
        ProjectOwner.objects.filter(project=tiny.unrated).values_list("department__name", flat=True)
    ) == ["ボランティアセンター"]
    assert list(people.other_editor.departments.values_list("name", flat=True)) == ["ボランティアセンター"]


def test_a_split_choosing_an_unnamed_department_is_refused(
    tiny: TinyPlan, people: People, jimu: Client
) -> None:
    path = reverse("web:plan_edit_department_split", args=[tiny.plan.pk, tiny.departments["社協"].pk])
    typed = {
        "name_0": "地域福祉係",
        "name_1": "ボランティアセンター",
        "from_year": "2025",
        f"project_{tiny.shared.pk}": "0",
        f"project_{tiny.unrated.pk}": "2",  # the third is left empty
        f"member_{people.other_editor.pk}": "1",
    }

    response = jimu.post(path, typed)

    assert response.status_code == 400
    assert "1-1-2-1 福祉協力校設置" in response.content.decode()


def test_retiring_a_department_with_projects_names_them(tiny: TinyPlan, jimu: Client) -> None:
    path = reverse("web:plan_edit_department_retire", args=[tiny.plan.pk, tiny.departments["生涯学習課"].pk])

    response = jimu.post(path, {"from_year": "2025"})

    assert response.status_code == 400
    assert "1-1-1-1 福祉教育" in response.content.decode()


@pytest.mark.parametrize("persona", ["editor", "approver", "committee", "viewer", "stranger"])
def test_the_reorganisation_pages_refuse_everyone_but_the_citys_secretariat(
    tiny: TinyPlan, people: People, client_for: SignIn, persona: str
) -> None:
    client = client_for(getattr(people, persona))
    path = reverse("web:plan_edit_department_retire", args=[tiny.plan.pk, tiny.departments["社協"].pk])

    assert client.get(path).status_code == 403
    assert client.post(path, {"from_year": "2025", "confirm": "1"}).status_code == 403
    assert Department.objects.get(pk=tiny.departments["社協"].pk).retired_from_year is None


def test_the_owners_form_offers_a_retired_department_only_where_it_owns_the_project(
    tiny: TinyPlan, jimu: Client
) -> None:
    Department.objects.filter(pk=tiny.departments["生涯学習課"].pk).update(retired_from_year=2025)
    option = f'<option value="{tiny.departments["生涯学習課"].pk}"'

    owned = jimu.get(reverse("web:plan_edit_node", args=[tiny.plan.pk, tiny.single.pk])).content.decode()
    other = jimu.get(reverse("web:plan_edit_node", args=[tiny.plan.pk, tiny.unrated.pk])).content.decode()

    assert option in owned
    assert option not in other
