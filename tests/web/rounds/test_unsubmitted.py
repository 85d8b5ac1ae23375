"""The 未提出 list: the entries still owed, with the people in charge and their contact, as a
printable page and as CSV (UTF-8 with BOM, cells never formulas)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from shinchoku.evaluations.models import Entry, Round
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan
from tests.web.rounds.conftest import page_text
from tests.web.rounds.many_entries import add_submitted_entries


def _rows(client: Client, tiny: TinyPlan) -> list[list[str]]:
    response = client.get(reverse("web:round_unsubmitted_csv", args=[tiny.collecting.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    data = response.content
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_csv_lists_each_unsubmitted_entry_with_its_people_and_contact(
    tiny: TinyPlan, people: People, secretariat_client: Client
) -> None:
    people.editor.email = "shogai@city.example.jp"
    people.editor.save()
    add_submitted_entries(tiny, 2)  # submitted: not on the list
    Entry.objects.filter(round=tiny.collecting, project=tiny.single).update(updated_by=people.editor)

    rows = _rows(secretariat_client, tiny)

    assert rows[0] == [
        "番号",
        "名称",
        "担当課",
        "状態",
        "期限超過",
        "担当者",
        "最終保存者",
        "メールアドレス",
        "内線",
    ]
    assert rows[1:] == [
        [
            "1-1-1-1",
            "福祉教育",
            "生涯学習課",
            "未提出",
            "",
            "生涯 太郎",
            "生涯 太郎",
            "shogai@city.example.jp",
            "",
        ]
    ]


def test_the_departments_own_address_and_extension_come_before_its_editors(
    tiny: TinyPlan, people: People, secretariat_client: Client
) -> None:
    department = tiny.departments["生涯学習課"]
    department.email, department.extension = "gakushu@city.example.jp", "3101"
    department.save()
    people.editor.email, people.editor.extension = "shogai@city.example.jp", "3105"
    people.editor.save()

    rows = _rows(secretariat_client, tiny)

    assert rows[1][7:] == ["gakushu@city.example.jp、shogai@city.example.jp", "3101、3105"]


def test_overdue_entries_are_flagged_once_the_deadline_has_passed(
    tiny: TinyPlan, secretariat_client: Client
) -> None:
    Round.objects.filter(pk=tiny.collecting.pk).update(deadline=timezone.localdate() - timedelta(days=1))

    rows = _rows(secretariat_client, tiny)

    assert rows[1][4] == "期限超過"
    page = page_text(secretariat_client.get(reverse("web:round_unsubmitted", args=[tiny.collecting.pk])))
    assert "提出期限を過ぎています" in page
    assert "期限超過" in page


def test_a_returned_entry_is_on_the_list(tiny: TinyPlan, secretariat_client: Client) -> None:
    (entry,) = add_submitted_entries(tiny, 1)
    Entry.objects.filter(pk=entry.pk).update(status=Entry.Status.RETURNED)

    rows = _rows(secretariat_client, tiny)

    assert {(row[0], row[3]) for row in rows[1:]} == {("1-1-1-1", "未提出"), (entry.project.code, "差戻し")}


def test_a_name_that_looks_like_a_formula_is_inert_in_the_csv(
    tiny: TinyPlan, people: People, secretariat_client: Client
) -> None:
    people.editor.display_name = "=HYPERLINK(1)"
    people.editor.save()

    rows = _rows(secretariat_client, tiny)

    assert rows[1][5] == "'=HYPERLINK(1)"


def test_the_page_names_the_people_and_links_the_csv(
    tiny: TinyPlan, people: People, secretariat_client: Client
) -> None:
    people.editor.email = "shogai@city.example.jp"
    people.editor.save()

    text = page_text(secretariat_client.get(reverse("web:round_unsubmitted", args=[tiny.collecting.pk])))

    assert "1課の1件がまだ提出されていません" in text
    assert "生涯 太郎" in text
    assert "shogai@city.example.jp" in text
    assert "CSVでダウンロード" in text


def test_the_board_links_the_list(tiny: TinyPlan, secretariat_client: Client) -> None:
    html = secretariat_client.get(reverse("web:round", args=[tiny.collecting.pk])).content.decode()

    assert reverse("web:round_unsubmitted", args=[tiny.collecting.pk]) in html
    assert reverse("web:round_unsubmitted_csv", args=[tiny.collecting.pk]) in html


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_runs_the_same_queries_however_many_entries_are_owed(
    tiny: TinyPlan, people: People, secretariat_client: Client
) -> None:
    url = reverse("web:round_unsubmitted", args=[tiny.collecting.pk])
    _queries(secretariat_client, url)  # the session's first renewal
    few = _queries(secretariat_client, url)
    entries = add_submitted_entries(tiny, 12)
    Entry.objects.filter(pk__in=[entry.pk for entry in entries]).update(
        status=Entry.Status.DRAFT, updated_by=people.other_editor
    )

    assert _queries(secretariat_client, url) == few
