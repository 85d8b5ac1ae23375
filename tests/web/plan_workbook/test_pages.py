"""The plan workbook pages: downloads, upload → preview of every change → commit, errors with
their places, pagination, and who may use them."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from shinchoku.accounts.models import User
from shinchoku.audit.models import AuditEntry
from shinchoku.plans.models import PlanNode
from shinchoku.plans.workbook.apply import import_plan_workbook
from shinchoku.plans.workbook.export import export_plan_workbook
from tests.evaluations.tiny_plan import TinyPlan, make_user
from tests.plans.workbook.helpers import edited, row_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE = "/staff/plan-workbook/"


def _upload(client: Client, data: bytes, name: str = "plan.xlsx") -> str:
    response = client.post(reverse("web:plan_workbook"), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 200
    return response.content.decode()


def _token(html: str) -> str:
    return html.split('name="token" value="', 1)[1].split('"', 1)[0]


def _retitle(code: str, title: str) -> object:
    def edit(book: Workbook) -> None:
        book["体系"].cell(row_of(book, "体系", 1, code), 4).value = title

    return edit


@pytest.mark.django_db
def test_the_tiny_plan_round_trips_through_its_workbook(tiny: TinyPlan) -> None:
    outcome = import_plan_workbook(None, export_plan_workbook(None, tiny.plan), "tiny.xlsx")
    assert outcome.changes == []


@pytest.mark.django_db
def test_the_secretariat_downloads_the_template_and_the_plans_workbook(
    tiny: TinyPlan, staff_client: Client
) -> None:
    page = staff_client.get(reverse("web:plan_workbook")).content.decode()
    assert reverse("web:plan_workbook_template") in page
    assert reverse("web:plan_workbook_download", kwargs={"plan_id": tiny.plan.pk}) in page
    template = staff_client.get(reverse("web:plan_workbook_template"))
    assert template["Content-Type"] == XLSX
    assert "説明" in load_workbook(io.BytesIO(template.content)).sheetnames
    download = staff_client.get(reverse("web:plan_workbook_download", kwargs={"plan_id": tiny.plan.pk}))
    assert download["Content-Type"] == XLSX
    assert load_workbook(io.BytesIO(download.content))["計画"]["B4"].value == tiny.plan.title


@pytest.mark.django_db
def test_an_upload_previews_every_change_and_the_commit_applies_it_with_the_actor_in_the_audit(
    tiny: TinyPlan, staff_client: Client, city_staff: User
) -> None:
    data = edited(export_plan_workbook(None, tiny.plan), _retitle(tiny.single.code, "福祉教育の推進"))
    html = _upload(staff_client, data)
    assert "反映すると変わる項目" in html
    assert "福祉教育の推進" in html
    assert PlanNode.objects.get(pk=tiny.single.pk).title != "福祉教育の推進"  # nothing written yet
    response = staff_client.post(
        reverse("web:plan_workbook_commit"), {"token": _token(html), "file_name": "plan.xlsx"}, follow=True
    )
    assert "1件の変更を反映しました" in response.content.decode()
    assert PlanNode.objects.get(pk=tiny.single.pk).title == "福祉教育の推進"
    audit = AuditEntry.objects.get(action="import_plan_workbook")
    assert audit.actor == city_staff


@pytest.mark.django_db
def test_a_file_with_errors_shows_each_with_sheet_row_and_column_and_no_commit_button(
    tiny: TinyPlan, staff_client: Client
) -> None:
    data = edited(
        export_plan_workbook(None, tiny.plan),
        lambda book: (
            book["体系"].cell(row_of(book, "体系", 1, tiny.single.code), 3).__setattr__("value", "分野")
        ),
    )
    html = _upload(staff_client, data)
    assert "このファイルは取り込めません" in html
    assert "<td>体系</td>" in html
    assert "<td>階層</td>" in html
    assert "反映する</button>" not in html


@pytest.mark.django_db
def test_a_file_of_another_municipality_is_refused_on_the_page(tiny: TinyPlan, staff_client: Client) -> None:
    data = edited(
        export_plan_workbook(None, tiny.plan),
        lambda book: [book["計画"].__setitem__("B2", "鴻巣市"), book["計画"].__setitem__("B3", "112178")],
    )
    html = _upload(staff_client, data)
    assert "このファイルは取り込めません" in html
    assert "登録されていません" in html


@pytest.mark.django_db
def test_a_long_preview_is_paginated_and_later_pages_are_recomputed_from_the_kept_file(
    tiny: TinyPlan, staff_client: Client
) -> None:
    def edit(book: Workbook) -> None:
        for number in range(60):
            book["体系"].append(
                [f"1-1-2-{100 + number}", tiny.initiatives[1].code, tiny.plan.project_label, f"事業{number}"]
            )

    html = _upload(staff_client, edited(export_plan_workbook(None, tiny.plan), edit))
    assert "次のページ" in html
    assert "1-1-2-100" in html
    assert "1-1-2-159" not in html
    second = staff_client.get(PAGE, {"token": _token(html), "file_name": "plan.xlsx", "page": "2"})
    assert "1-1-2-159" in second.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", [User.Role.EDITOR, User.Role.APPROVER, User.Role.COMMITTEE, User.Role.VIEWER]
)
def test_only_the_secretariat_may_use_the_pages(tiny: TinyPlan, client: Client, role: str) -> None:
    client.force_login(make_user("someone", tiny.municipality, role=role))
    for url in (
        reverse("web:plan_workbook"),
        reverse("web:plan_workbook_template"),
        reverse("web:plan_workbook_download", kwargs={"plan_id": tiny.plan.pk}),
    ):
        assert client.get(url).status_code == 403
    assert client.post(reverse("web:plan_workbook_commit"), {}).status_code == 403


@pytest.mark.django_db
def test_another_citys_secretariat_cannot_download_this_plan(tiny: TinyPlan, client: Client) -> None:
    from shinchoku.plans.models import Municipality

    other = Municipality.objects.create(name="鴻巣市", code="112178")
    client.force_login(make_user("konosu-jimu", other, role=User.Role.SECRETARIAT))
    url = reverse("web:plan_workbook_download", kwargs={"plan_id": tiny.plan.pk})
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_staff_navigation_and_the_rounds_page_link_to_it(tiny: TinyPlan, staff_client: Client) -> None:
    rounds = staff_client.get(reverse("web:rounds", kwargs={"plan_id": tiny.plan.pk})).content.decode()
    assert reverse("web:plan_workbook") in rounds
    assert reverse("web:plan_workbook_download", kwargs={"plan_id": tiny.plan.pk}) in rounds


@pytest.mark.django_db
def test_the_publish_checkbox_publishes_the_years_of_the_evaluation_sheet(
    tiny: TinyPlan, staff_client: Client
) -> None:
    from shinchoku.evaluations.models import Round

    def edit(book: Workbook) -> None:
        book["評価"].append([2022, tiny.single.code, "生涯学習課", "実施した。", "A", "", ""])

    html = _upload(staff_client, edited(export_plan_workbook(None, tiny.plan), edit))
    assert "「評価」「実績」シートの年度を公表する" in html
    assert "「評価」「実績」シートの令和4年度(2022年度)は、締切済の年度として新しく作ります" in html
    staff_client.post(
        reverse("web:plan_workbook_commit"),
        {"token": _token(html), "file_name": "plan.xlsx", "publish": "on"},
    )
    assert Round.objects.get(plan=tiny.plan, fiscal_year=2022).state == Round.State.PUBLISHED
