"""Downloading a report: visibility, audience and the attachment name."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from shinchoku.accounts.models import User
from tests.evaluations.tiny_plan import TinyPlan, make_user

pytestmark = pytest.mark.django_db


def url(tiny: TinyPlan, year: int, key: str = "html") -> str:
    return reverse("reports:download", args=[tiny.plan.pk, year, key])


def test_anyone_can_download_a_published_round_as_an_attachment(tiny: TinyPlan, client: Client) -> None:
    response = client.get(url(tiny, 2023))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="112330_plan{tiny.plan.pk}_2023.html"'
    assert "福祉教育" in response.content.decode()


def test_an_anonymous_visitor_cannot_download_an_unpublished_round(tiny: TinyPlan, client: Client) -> None:
    assert client.get(url(tiny, 2024)).status_code == 404


def test_the_secretariat_downloads_the_draft(tiny: TinyPlan, client: Client) -> None:
    client.force_login(make_user("kyosei", tiny.municipality, role=User.Role.SECRETARIAT))
    response = client.get(url(tiny, 2024))
    assert response.status_code == 200
    assert "令和6年度の下書きの進捗" in response.content.decode()


def test_other_staff_do_not_download_a_round_holding_other_departments_drafts(
    tiny: TinyPlan, client: Client
) -> None:
    editor = make_user("shakyo", tiny.municipality, role=User.Role.EDITOR)
    editor.departments.add(tiny.departments["社協"])
    client.force_login(editor)
    assert client.get(url(tiny, 2024)).status_code == 404
    assert client.get(url(tiny, 2023)).status_code == 200


def test_staff_of_another_municipality_see_published_rounds_only(tiny: TinyPlan, client: Client) -> None:
    from shinchoku.plans.models import Municipality

    other = Municipality.objects.create(name="鴻巣市", code="112178")
    client.force_login(make_user("konosu", other))
    assert client.get(url(tiny, 2024)).status_code == 404


def test_an_unknown_format_is_not_found_with_a_japanese_message(tiny: TinyPlan, client: Client) -> None:
    response = client.get(url(tiny, 2023, "docx"))
    assert response.status_code == 404


def test_the_csv_download_takes_the_bom_and_table_options(tiny: TinyPlan, client: Client) -> None:
    assert client.get(url(tiny, 2023, "csv")).content.startswith(b"\xef\xbb\xbf")
    assert not client.get(url(tiny, 2023, "csv"), {"bom": "false"}).content.startswith(b"\xef\xbb\xbf")
    assert client.get(url(tiny, 2023, "csv"), {"table": "indicators"}).status_code == 200


def test_each_csv_table_downloads_under_its_own_file_name(tiny: TinyPlan, client: Client) -> None:
    names = {
        table: client.get(url(tiny, 2023, "csv"), {"table": table})["Content-Disposition"]
        for table in ("entries", "indicators", "evaluations")
    }
    stem = f"112330_plan{tiny.plan.pk}_2023"
    assert names == {table: f'attachment; filename="{stem}_{table}.csv"' for table in names}
    assert client.get(url(tiny, 2023, "csv"))["Content-Disposition"] == names["entries"]


def test_a_bad_option_is_refused_with_a_japanese_message(tiny: TinyPlan, client: Client) -> None:
    response = client.get(url(tiny, 2023, "csv"), {"table": "everything"})
    assert response.status_code == 400
    assert "table には" in response.content.decode()
