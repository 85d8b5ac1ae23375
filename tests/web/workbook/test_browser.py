"""The upload page in a real browser: choose a file, read the preview, reflect it; no axe violations."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Entry
from shinchoku.evaluations.services import EntryDraft, save_entry
from tests.ingest.workbook.roundtrip import Shakyo, as_bytes, download, entries_sheet, fill
from tests.web.judges import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Page, live_server: LiveServer, user: User) -> None:
    page.goto(live_server.url + reverse("web:login"))
    page.get_by_label("ユーザー名").fill(user.username)
    page.get_by_label("パスワード").fill("correct horse battery")
    page.get_by_role("button", name="ログイン", exact=True).click()
    expect(page.get_by_role("button", name="ログアウト")).to_be_visible()


def _assert_no_axe_violations(page: Page) -> None:
    assert describe(page.url, axe_violations(page)) == []


def _upload(page: Page, path: Path) -> None:
    page.get_by_label("評価入力用ファイル(.xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="確認する").click()
    expect(page.get_by_role("heading", level=2, name=f"「{path.name}」の確認結果")).to_be_visible()


def test_an_editor_uploads_a_filled_workbook_and_reflects_it(
    page: Page, live_server: LiveServer, shakyo: Shakyo, tmp_path: Path
) -> None:
    book = download(shakyo.people.other_editor, shakyo)
    fill(entries_sheet(book), shakyo.shared, progress="ブラウザから反映した進捗", rating="A")
    filled = tmp_path / "社協.xlsx"
    filled.write_bytes(as_bytes(book))
    _sign_in(page, live_server, shakyo.people.other_editor)
    kwargs = {"round_id": shakyo.round.pk, "department_id": shakyo.department.pk}
    page.goto(live_server.url + reverse("web:workbook_upload", kwargs=kwargs))
    _assert_no_axe_violations(page)

    _upload(page, filled)

    expect(page.get_by_role("table", name="1-1-1-2 の変更点")).to_contain_text("ブラウザから反映した進捗")
    _assert_no_axe_violations(page)
    page.get_by_role("button", name="反映する").click()
    expect(page.get_by_role("status")).to_have_text("「社協.xlsx」を反映しました(保存 1件、提出 0件)。")
    assert Entry.objects.get(pk=shakyo.shared.pk).progress == "ブラウザから反映した進捗"
    _assert_no_axe_violations(page)


def test_a_refused_upload_shows_its_problems_and_conflicts_without_axe_violations(
    page: Page, live_server: LiveServer, shakyo: Shakyo, tmp_path: Path
) -> None:
    book = download(shakyo.people.other_editor, shakyo)
    save_entry(
        shakyo.people.secretariat,
        shakyo.shared.pk,
        version=1,
        draft=EntryDraft(progress="画面で書いた進捗", rating="", reason="", next_year_goal=""),
    )
    sheet = entries_sheet(book)
    fill(sheet, shakyo.shared, progress="Excelで書いた進捗")
    fill(sheet, shakyo.unrated, rating="D")
    refused = tmp_path / "社協.xlsx"
    refused.write_bytes(as_bytes(book))
    _sign_in(page, live_server, shakyo.people.other_editor)
    kwargs = {"round_id": shakyo.round.pk, "department_id": shakyo.department.pk}
    page.goto(live_server.url + reverse("web:workbook_upload", kwargs=kwargs))

    _upload(page, refused)

    expect(page.get_by_role("alert")).to_contain_text("このファイルは反映できません")
    expect(page.get_by_role("table", name="読めない・保存できない箇所(シート・行・列)")).to_contain_text(
        "K列(評価)"
    )
    expect(page.get_by_text("事務局 一郎さんが変更しました")).to_be_visible()
    expect(page.get_by_role("button", name="反映する")).to_have_count(0)
    _assert_no_axe_violations(page)
