"""The 事務局's bulk registration pages: template, preview, commit and the printable list."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from shinchoku.accounts.models import User
from tests.evaluations.tiny_plan import TinyPlan
from tests.ingest.staff_sheet.sheets import Row, filled_template
from tests.web.accounts.conftest import page_text

ROWS: list[Row] = [
    ("kyosei1", "共生 一郎", "担当課(入力)", "共生福祉課"),
    ("iin2", "<b>委員</b>", "推進委員", ""),
]


def _upload(client: Client, data: bytes, name: str = "職員.xlsx") -> str:
    response = client.post(reverse("web:staff_sheet_upload"), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 200
    return response.content.decode()


def _commit_data(html: str) -> dict[str, str]:
    token = re.search(r'name="token" value="([0-9a-f]{64})"', html)
    file_name = re.search(r'name="file_name" value="([^"]+)"', html)
    assert token is not None
    assert file_name is not None
    return {"token": token.group(1), "file_name": file_name.group(1)}


def test_the_user_list_links_to_the_bulk_registration(secretariat_client: Client) -> None:
    assert reverse("web:staff_sheet_upload") in secretariat_client.get(reverse("web:users")).content.decode()


def test_the_blank_template_downloads_as_xlsx(secretariat_client: Client) -> None:
    response = secretariat_client.get(reverse("web:staff_sheet_template"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "%E8%81%B7%E5%93%A1%E4%B8%80%E6%8B%AC%E7%99%BB%E9%8C%B2.xlsx" in response["Content-Disposition"]


def test_the_preview_lists_every_row_and_offers_to_register_the_new_ones(
    secretariat_client: Client, tiny: TinyPlan
) -> None:
    html = _upload(secretariat_client, filled_template(tiny.municipality, ROWS))

    assert "2人を登録する" in html
    assert "新規 2人/変更なし 0人/エラー 0行" in html
    assert "&lt;b&gt;委員&lt;/b&gt;" in html
    assert not User.objects.filter(username="kyosei1").exists()


def test_a_preview_with_errors_shows_where_and_offers_no_button(
    secretariat_client: Client, tiny: TinyPlan
) -> None:
    html = _upload(secretariat_client, filled_template(tiny.municipality, [*ROWS, ("x1", "", "係長", "")]))

    assert "このファイルは登録できません" in html
    assert "職員シート 4行目 C列(役割): 「係長」という役割はありません" in html
    assert "人を登録する" not in html


def test_registering_shows_the_printable_list_of_one_time_passwords_once(
    secretariat_client: Client, tiny: TinyPlan
) -> None:
    html = _upload(secretariat_client, filled_template(tiny.municipality, ROWS))

    response = secretariat_client.post(reverse("web:staff_sheet_commit"), _commit_data(html))

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    passwords = re.findall(r'<code class="password-slip__password">([^<]+)</code>', page)
    assert len(passwords) == 2
    assert User.objects.get(username="kyosei1").check_password(passwords[0])
    assert User.objects.get(username="iin2").check_password(passwords[1])
    assert "今回だけの表示です" in page_text(response)
    again = secretariat_client.post(reverse("web:staff_sheet_commit"), _commit_data(html), follow=True)
    assert "確認したファイルが見つかりません" in page_text(again)


def test_a_file_of_another_kind_is_refused_by_the_form(secretariat_client: Client) -> None:
    html = _upload(secretariat_client, b"x", name="職員.xls")

    assert "Excel ブック(.xlsx)か CSV ファイル(.csv)を選んでください" in html
