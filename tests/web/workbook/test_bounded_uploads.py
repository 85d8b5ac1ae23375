"""Uploads that could take the server down are refused on the page, and a large preview is split
into pages (issue 11, item 3: a 522 KB file made a 39 MB preview page)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from shinchoku.evaluations.models import Entry
from shinchoku.ingest.workbook.build import MEDIA_TYPE
from shinchoku.ingest.workbook.limits import LIMITS_TEXT, MAX_ROWS, PREVIEW_PAGE_SIZE
from shinchoku.plans.models import PlanNode
from tests.evaluations.tiny_plan import add_projects
from tests.ingest.workbook.huge import with_empty_rows
from tests.ingest.workbook.roundtrip import Shakyo, as_bytes, download, entries_sheet, fill

EXTRA_ENTRIES = PREVIEW_PAGE_SIZE + 10


def _upload_url(shakyo: Shakyo) -> str:
    return reverse(
        "web:workbook_upload", kwargs={"round_id": shakyo.round.pk, "department_id": shakyo.department.pk}
    )


def _upload(client: Client, shakyo: Shakyo, data: bytes, **extra: Any) -> Any:
    client.force_login(shakyo.people.other_editor)
    file = SimpleUploadedFile("社協.xlsx", data, MEDIA_TYPE)
    return client.post(_upload_url(shakyo), {"file": file}, **extra)


def test_the_upload_page_states_the_limits(client: Client, shakyo: Shakyo) -> None:
    client.force_login(shakyo.people.other_editor)
    assert LIMITS_TEXT in client.get(_upload_url(shakyo)).content.decode()


def test_uploading_the_million_row_workbook_is_refused_on_the_page_and_the_file_is_not_kept(
    client: Client, shakyo: Shakyo, data_dir: Path
) -> None:
    data = with_empty_rows(as_bytes(download(shakyo.people.other_editor, shakyo)), 1_000_000)

    response = _upload(client, shakyo, data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "このファイルは反映できません" in page
    assert f"{MAX_ROWS:,}行を超える行があります" in page
    assert "反映する</button>" not in page
    assert not list(data_dir.rglob("*.xlsx"))


def test_a_request_announcing_more_than_the_limit_is_refused_before_its_body_is_read(
    client: Client, shakyo: Shakyo
) -> None:
    response = _upload(client, shakyo, b"PK", CONTENT_LENGTH="200000000")

    assert "ファイルが大きすぎるため受け取りませんでした。" in response.content.decode()


def test_a_long_preview_is_shown_a_page_at_a_time_and_stored_whole(client: Client, shakyo: Shakyo) -> None:
    add_projects(shakyo.tiny, EXTRA_ENTRIES, start=100, with_entries=False)
    projects = PlanNode.objects.filter(plan=shakyo.tiny.plan, code__startswith="1-1-2-1", position__gte=100)
    entries = [
        Entry.objects.create(round=shakyo.round, project=p, department=shakyo.department) for p in projects
    ]
    book = download(shakyo.people.other_editor, shakyo)
    for entry in entries:
        fill(entries_sheet(book), entry, progress=f"{entry.project.code}の進捗")

    first = _upload(client, shakyo, as_bytes(book))

    page = first.content.decode()
    assert f"変更のある事業 {EXTRA_ENTRIES}件" in page
    assert page.count('class="workbook-change"') == PREVIEW_PAGE_SIZE
    assert "1 / 2ページ" in page
    second = client.get(_upload_url(shakyo), {**first.context["commit_form"].initial, "page": "2"})
    assert second.content.decode().count('class="workbook-change"') == EXTRA_ENTRIES - PREVIEW_PAGE_SIZE
    assert "2 / 2ページ" in second.content.decode()
    assert (
        client.get(_upload_url(shakyo), {**first.context["commit_form"].initial, "page": "²"}).status_code
        == 200
    )

    commit = reverse(
        "web:workbook_commit", kwargs={"round_id": shakyo.round.pk, "department_id": shakyo.department.pk}
    )
    client.post(commit, second.context["commit_form"].initial)
    assert all(Entry.objects.get(pk=entry.pk).progress == f"{entry.project.code}の進捗" for entry in entries)
