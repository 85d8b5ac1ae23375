"""Download buttons from the report registry on the plan and dashboard pages, shown only when the
registry has formats and the download address exists."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from shinchoku.reports.registry import ReportFormat
from shinchoku.web import downloads
from tests.evaluations.tiny_plan import TinyPlan

PDF = ReportFormat(
    key="pdf",
    label="PDF(印刷用)",
    description="公表資料と同じ体裁の PDF です。",
    media_type="application/pdf",
    extension="pdf",
    render=lambda request: b"",
)


@pytest.fixture
def one_format(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(downloads, "formats", lambda: [PDF])


def pages(tiny: TinyPlan) -> list[str]:
    return [reverse("public:plan", args=[tiny.plan.pk]), reverse("public:dashboard", args=[tiny.plan.pk])]


@pytest.mark.urls("tests.web.urls_with_downloads")
@pytest.mark.usefixtures("one_format")
def test_each_format_links_to_its_download_for_the_year_shown(client: Client, tiny: TinyPlan) -> None:
    for url in pages(tiny):
        html = client.get(url).content.decode()
        assert "令和5年度(2023年度)の報告書をダウンロード" in html, url
        assert f'href="/reports/{tiny.plan.pk}/2023/pdf/">PDF(印刷用)</a>' in html, url
        assert "公表資料と同じ体裁の PDF です。" in html, url


@pytest.mark.urls("tests.web.urls_without_downloads")
@pytest.mark.usefixtures("one_format")
def test_without_the_download_address_the_pages_work_without_the_block(
    client: Client, tiny: TinyPlan
) -> None:
    for url in pages(tiny):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "報告書をダウンロード" not in response.content.decode(), url


@pytest.mark.urls("tests.web.urls_with_downloads")
def test_without_formats_there_is_no_block(
    client: Client, tiny: TinyPlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(downloads, "formats", lambda: [])

    for url in pages(tiny):
        assert "報告書をダウンロード" not in client.get(url).content.decode(), url


@pytest.mark.urls("tests.web.urls_with_downloads")
@pytest.mark.usefixtures("one_format")
def test_without_a_visible_round_there_is_nothing_to_download(client: Client, tiny: TinyPlan) -> None:
    tiny.published.state = tiny.published.State.REVIEW
    tiny.published.save()

    for url in pages(tiny):
        assert "報告書をダウンロード" not in client.get(url).content.decode(), url
