"""The Excel round-trip pages: download, upload with its preview, and commit."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any
from urllib.parse import unquote

from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Entry, IndicatorValue
from shinchoku.evaluations.services import EntryDraft, save_entry
from shinchoku.ingest.workbook.actuals import ACTUAL_BY_KEY, ACTUALS_SHEET, FIRST_DATA_ROW
from shinchoku.ingest.workbook.build import MEDIA_TYPE
from shinchoku.plans.models import Indicator
from tests.ingest.workbook.roundtrip import Shakyo, as_bytes, download, entries_sheet, fill, row_of


def _urls(shakyo: Shakyo) -> dict[str, str]:
    kwargs = {"round_id": shakyo.round.pk, "department_id": shakyo.department.pk}
    return {name: reverse(f"web:workbook_{name}", kwargs=kwargs) for name in ("download", "upload", "commit")}


def _signed_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def _upload(client: Client, shakyo: Shakyo, data: bytes, name: str = "社協.xlsx") -> Any:
    return client.post(_urls(shakyo)["upload"], {"file": SimpleUploadedFile(name, data, MEDIA_TYPE)})


def test_an_editor_downloads_the_workbook_of_their_department(client: Client, shakyo: Shakyo) -> None:
    response = _signed_in(client, shakyo.people.other_editor).get(_urls(shakyo)["download"])

    assert response.status_code == 200
    assert response["Content-Type"] == MEDIA_TYPE
    assert "評価入力_R6_社協.xlsx" in unquote(response["Content-Disposition"])
    book = load_workbook(io.BytesIO(response.content))
    assert book["評価入力"]["A4"].value == "1-1-1-2"


def test_people_outside_the_department_get_403_on_every_page(client: Client, shakyo: Shakyo) -> None:
    for outsider in (
        shakyo.people.editor,
        shakyo.people.viewer,
        shakyo.people.committee,
        shakyo.people.stranger,
    ):
        _signed_in(client, outsider)
        urls = _urls(shakyo)
        assert client.get(urls["download"]).status_code == 403
        assert client.get(urls["upload"]).status_code == 403
        assert client.post(urls["commit"], {"token": "0" * 64, "file_name": "x.xlsx"}).status_code == 403


def test_a_visitor_is_sent_to_the_login_page(client: Client, shakyo: Shakyo) -> None:
    response = client.get(_urls(shakyo)["download"])

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def test_a_department_of_another_city_is_not_found(client: Client, shakyo: Shakyo) -> None:
    stranger_department = shakyo.people.stranger.municipality.departments.create(name="よその課")  # type: ignore[union-attr]
    url = reverse(
        "web:workbook_upload", kwargs={"round_id": shakyo.round.pk, "department_id": stranger_department.pk}
    )

    assert _signed_in(client, shakyo.people.secretariat).get(url).status_code == 404


def test_the_upload_page_explains_the_steps(client: Client, shakyo: Shakyo) -> None:
    response = _signed_in(client, shakyo.people.other_editor).get(_urls(shakyo)["upload"])

    page = response.content.decode()
    assert "<h1>Excelからアップロード" in page
    assert f'href="{_urls(shakyo)["download"]}"' in page
    assert "社協の事業 3件、うち記入・提出できるもの 2件" in page
    assert 'aria-describedby="file-hint"' in page


def test_an_upload_is_previewed_then_stored_when_the_person_confirms(client: Client, shakyo: Shakyo) -> None:
    book = download(shakyo.people.other_editor, shakyo)
    fill(entries_sheet(book), shakyo.shared, progress="Excelで書いた進捗", rating="A")
    _signed_in(client, shakyo.people.other_editor)

    preview = _upload(client, shakyo, as_bytes(book))

    page = preview.content.decode()
    assert "変更のある事業 1件(うち提出 0件)/変更のない事業 2件" in page
    assert "Excelで書いた進捗" in page
    assert "支え合い通信を2回発行した。" in page
    assert "反映する" in page
    assert Entry.objects.get(pk=shakyo.shared.pk).progress == "支え合い通信を2回発行した。"
    token = preview.context["commit_form"].initial["token"]

    stored = client.post(_urls(shakyo)["commit"], {"token": token, "file_name": "社協.xlsx"}, follow=True)

    assert stored.redirect_chain == [(_urls(shakyo)["upload"], 302)]
    assert "「社協.xlsx」を反映しました(保存 1件、提出 0件)。" in stored.content.decode()
    assert Entry.objects.get(pk=shakyo.shared.pk).progress == "Excelで書いた進捗"


def test_a_file_with_a_bad_row_lists_every_problem_and_offers_no_commit(
    client: Client, shakyo: Shakyo
) -> None:
    book = download(shakyo.people.other_editor, shakyo)
    sheet = entries_sheet(book)
    fill(sheet, shakyo.shared, progress="正しい行")
    fill(sheet, shakyo.unrated, rating="D")
    _signed_in(client, shakyo.people.other_editor)

    page = _upload(client, shakyo, as_bytes(book)).content.decode()

    assert "このファイルは反映できません" in page
    assert "どの行も保存していません" in page
    assert f"<td>{row_of(sheet, shakyo.unrated)}行目</td>" in page
    assert "K列(評価)" in page
    assert "「D」は評価基準にありません。A・B・C から選んでください。" in page
    assert "反映する</button>" not in page


def test_a_workbook_of_another_department_is_refused_on_the_page(client: Client, shakyo: Shakyo) -> None:
    book = download(shakyo.people.secretariat, shakyo, shakyo.tiny.departments["共生福祉課"])
    _signed_in(client, shakyo.people.other_editor)

    page = _upload(client, shakyo, as_bytes(book)).content.decode()

    assert "このファイルは「共生福祉課」の評価入力用です。" in page
    assert "反映する</button>" not in page


def test_a_file_that_is_not_xlsx_is_refused_at_the_field(client: Client, shakyo: Shakyo) -> None:
    _signed_in(client, shakyo.people.other_editor)

    page = _upload(client, shakyo, b"a,b\n", name="entries.csv").content.decode()

    assert 'id="file-error"' in page
    assert "Excel ブック(.xlsx)を選んでください。" in page
    assert 'aria-describedby="file-hint file-error" aria-invalid="true"' in page


def test_a_stale_row_is_shown_as_a_conflict_naming_who_changed_it(client: Client, shakyo: Shakyo) -> None:
    book = download(shakyo.people.other_editor, shakyo)
    save_entry(
        shakyo.people.secretariat,
        shakyo.shared.pk,
        version=1,
        draft=EntryDraft(progress="画面で書いた進捗", rating="", reason="", next_year_goal=""),
    )
    fill(entries_sheet(book), shakyo.shared, progress="Excelで書いた進捗")
    _signed_in(client, shakyo.people.other_editor)

    page = _upload(client, shakyo, as_bytes(book)).content.decode()

    assert "ダウンロードの後に他の人が変更した事業(1件)" in page
    assert "事務局 一郎さんが変更しました" in page
    assert "画面で書いた進捗" in page
    assert "反映する</button>" not in page


def test_the_links_fragment_points_at_both_pages(shakyo: Shakyo) -> None:
    html = render_to_string(
        "web/workbook/includes/workbook_links.html", {"round": shakyo.round, "department": shakyo.department}
    )

    urls = _urls(shakyo)
    assert f'href="{urls["download"]}"' in html
    assert "Excelでダウンロード" in html
    assert f'href="{urls["upload"]}"' in html
    assert "Excelからアップロード" in html


def test_an_actual_changed_in_the_workbook_is_previewed_then_stored(client: Client, shakyo: Shakyo) -> None:
    indicator = Indicator.objects.create(node=shakyo.tiny.shared, label="通信紙の発行回数", unit="回")
    book = download(shakyo.people.other_editor, shakyo)
    book[ACTUALS_SHEET][f"{ACTUAL_BY_KEY['actual'].letter}{FIRST_DATA_ROW}"].value = "1,234回"
    _signed_in(client, shakyo.people.other_editor)

    page = _upload(client, shakyo, as_bytes(book)).content.decode()

    assert "変更のある指標の実績値 1件" in page
    assert "通信紙の発行回数(回)" in page
    assert "<td>(なし)</td>" in page
    assert "<td>1234</td>" in page
    token = page.split('name="token" value="', 1)[1].split('"', 1)[0]
    stored = client.post(_urls(shakyo)["commit"], {"token": token, "file_name": "社協.xlsx"}, follow=True)
    assert "指標の実績値 1件" in stored.content.decode()
    assert IndicatorValue.objects.get(indicator=indicator, fiscal_year=2024).value == Decimal(1234)
