"""The entry page: last year beside this year, the form, indicator actuals, refusals and locks."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from shinchoku.accounts.models import User
from shinchoku.audit.models import AuditEntry
from shinchoku.evaluations.models import Entry, IndicatorValue
from shinchoku.evaluations.services import EntryDraft, approve_entry, save_entry, submit_entry
from tests.evaluations.tiny_plan import TinyPlan

ClientFor = Callable[[User], Client]


def _url(entry: Entry) -> str:
    return reverse("web:entry", kwargs={"entry_id": entry.pk})


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _post(client: Client, entry: Entry, action: str = "draft", **fields: str) -> object:
    data = {
        "version": str(entry.version),
        "progress": entry.progress,
        "rating": entry.rating.code if entry.rating else "",
        "reason": entry.reason,
        "next_year_goal": entry.next_year_goal,
        "action": action,
    }
    return client.post(_url(entry), data | fields)


def test_it_shows_last_years_entry_beside_this_years_form(
    client_for: ClientFor, editor: User, draft: Entry
) -> None:
    response = client_for(editor).get(_url(draft))
    text = _text(response.content.decode())
    assert response.status_code == 200
    assert "前年度(令和5年度(2023年度))の記載" in text
    assert "支援籍学習を通して、障がいへの正しい理解を深められた。" in text  # last year's reason
    assert "令和6年度の下書きの進捗" in text  # this year's draft, in the form
    assert "具体的な施策に着手しているとは言い難い" in text  # the definition of C beside its radio
    assert "評価が「C」(最も低い評価)のときは、必ず書いてください。" in text
    assert 'name="version" value="1"' in response.content.decode()
    assert "下書き保存" in text
    assert "提出" in text


def test_an_editor_saves_a_draft(client_for: ClientFor, editor: User, draft: Entry) -> None:
    client = client_for(editor)
    response = _post(client, draft, progress="支援籍学習を12校で実施した。", rating="B")
    assert response.status_code == 302  # type: ignore[attr-defined]
    draft.refresh_from_db()
    assert (draft.progress, draft.rating.code if draft.rating else "", draft.status) == (
        "支援籍学習を12校で実施した。",
        "B",
        Entry.Status.DRAFT,
    )
    assert draft.version == 2
    page = _text(client.get(_url(draft)).content.decode())
    assert "「1-1-1-1 福祉教育」(生涯学習課)を下書き保存しました。" in page
    assert "下書きあり" in page


def test_an_editor_submits_and_the_entry_is_then_read_only(
    client_for: ClientFor, editor: User, draft: Entry
) -> None:
    client = client_for(editor)
    response = _post(
        client, draft, "submit", rating="B", reason="実施校が増えた。", next_year_goal="全校で実施する。"
    )
    assert response.status_code == 302  # type: ignore[attr-defined]
    draft.refresh_from_db()
    assert draft.status == Entry.Status.SUBMITTED
    page = client.get(_url(draft)).content.decode()
    assert "提出済: 差し戻されるまで編集できません。" in _text(page)
    assert "<textarea" not in page
    assert _post(client, draft, progress="あとから変える").status_code == 403  # type: ignore[attr-defined]


def test_the_lowest_rating_without_a_reason_is_refused_with_the_field_message(
    client_for: ClientFor, editor: User, draft: Entry
) -> None:
    response = _post(client_for(editor), draft, "submit", rating="C", reason="", next_year_goal="続ける。")
    html = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 200  # type: ignore[attr-defined]
    message = "評価が「C」(最も低い評価)のときは、評価の理由・課題を必ず書いてください。"
    assert f'<p class="field-error" id="id_reason-error">{message}</p>' in html
    assert re.search(
        r'<textarea name="reason" id="id_reason"[^>]*aria-describedby="[^"]*id_reason-error"', html
    )
    assert 'aria-invalid="true"' in html
    assert "続ける。" in html  # the person's input is kept
    draft.refresh_from_db()
    assert (draft.status, draft.version, draft.next_year_goal) == (Entry.Status.DRAFT, 1, "")


def test_an_indicator_actual_is_saved_with_the_entry(
    client_for: ClientFor, editor: User, draft: Entry, tiny: TinyPlan
) -> None:
    IndicatorValue.objects.filter(indicator=tiny.indicator, fiscal_year=2024).delete()
    field = f"actual_{tiny.indicator.pk}"
    response = _post(client_for(editor), draft, **{field: "１０.5", f"note_{tiny.indicator.pk}": "速報値"})
    assert response.status_code == 302  # type: ignore[attr-defined]
    stored = IndicatorValue.objects.get(indicator=tiny.indicator, fiscal_year=2024)
    assert (stored.value, stored.note) == (Decimal("10.5"), "速報値")


@pytest.mark.parametrize(
    ("typed", "expected"), [("46校", "46"), ("1,234校", "1234"), ("３．５", "3.5"), ("▲3", "-3")]
)
def test_an_actual_typed_with_a_unit_or_separators_is_read(
    client_for: ClientFor, editor: User, draft: Entry, tiny: TinyPlan, typed: str, expected: str
) -> None:
    response = _post(client_for(editor), draft, **{f"actual_{tiny.indicator.pk}": typed})

    assert response.status_code == 302  # type: ignore[attr-defined]
    assert IndicatorValue.objects.get(indicator=tiny.indicator, fiscal_year=2024).value == Decimal(expected)


def test_an_unreadable_actual_is_refused_and_nothing_is_saved(
    client_for: ClientFor, editor: User, draft: Entry, tiny: TinyPlan
) -> None:
    field = f"actual_{tiny.indicator.pk}"
    response = _post(client_for(editor), draft, progress="変えたい", **{field: "たくさん"})
    html = response.content.decode()  # type: ignore[attr-defined]
    assert (
        "「福祉教育の実施校数」の実績値: 「たくさん」は数値として読めません。数字で入力してください" in html
    )
    assert f'aria-describedby="id_{field}-error"' in html
    draft.refresh_from_db()
    assert draft.progress == "令和6年度の下書きの進捗"


def test_a_stale_save_shows_the_other_persons_change_and_stores_nothing(
    client_for: ClientFor, editor: User, second_editor: User, draft: Entry
) -> None:
    loaded_version = draft.version
    save_entry(
        second_editor,
        draft.pk,
        version=loaded_version,
        draft=EntryDraft("相手が先に書いた進捗", "C", "", ""),
    )
    response = _post(client_for(editor), draft, progress="自分の進捗")
    html = response.content.decode()  # type: ignore[attr-defined]
    text = _text(html)
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "学習 二郎さんがこの内容を先に保存したため、保存できませんでした。" in text
    assert "学習 二郎さんの変更" in text
    assert "進捗状況 令和6年度の下書きの進捗 相手が先に書いた進捗" in text  # 項目 / 変更前 / 変更後
    assert ">自分の進捗</textarea>" in html  # the person's own input is kept
    assert 'name="version" value="2"' in html  # the new version, to save again deliberately
    draft.refresh_from_db()
    assert (draft.progress, draft.version) == ("相手が先に書いた進捗", 2)

    again = _post(client_for(editor), draft, progress="自分の進捗")
    assert again.status_code == 302  # type: ignore[attr-defined]
    draft.refresh_from_db()
    assert draft.progress == "自分の進捗"


def test_saving_without_a_change_keeps_the_version_and_records_nothing(
    client_for: ClientFor, editor: User, draft: Entry
) -> None:
    assert _post(client_for(editor), draft).status_code == 302  # type: ignore[attr-defined]
    draft.refresh_from_db()
    assert draft.version == 1
    assert not AuditEntry.objects.filter(object_type="evaluations.Entry", object_id=str(draft.pk)).exists()


def test_submitting_an_unchanged_entry_still_moves_its_version(
    client_for: ClientFor, editor: User, draft: Entry
) -> None:
    entry = save_entry(editor, draft.pk, version=1, draft=EntryDraft("進捗", "B", "理由", "目標"))
    assert _post(client_for(editor), entry, "submit").status_code == 302  # type: ignore[attr-defined]
    entry.refresh_from_db()
    assert (entry.status, entry.version) == (Entry.Status.SUBMITTED, 3)  # reviewers see a new version


def test_another_departments_editor_gets_404_on_the_page_and_on_post(
    client_for: ClientFor, other_editor: User, draft: Entry
) -> None:
    client = client_for(other_editor)
    assert client.get(_url(draft)).status_code == 404
    assert _post(client, draft, progress="書き換え").status_code == 404  # type: ignore[attr-defined]
    draft.refresh_from_db()
    assert draft.progress == "令和6年度の下書きの進捗"


def test_another_departments_editor_reads_an_approved_entry_but_cannot_change_it(
    client_for: ClientFor, editor: User, other_editor: User, secretariat: User, draft: Entry
) -> None:
    entry = submit_entry(editor, draft.pk, version=1, draft=EntryDraft("進捗", "B", "理由", "目標"))
    approve_entry(secretariat, entry.pk, version=entry.version)
    client = client_for(other_editor)
    page = client.get(_url(draft))
    assert page.status_code == 200
    assert "閲覧のみ: この評価を編集できるのは、担当課の入力担当者と事務局です。" in _text(
        page.content.decode()
    )
    draft.refresh_from_db()
    assert _post(client, draft, progress="書き換え").status_code == 403  # type: ignore[attr-defined]


def test_an_approved_entry_says_the_secretariat_must_reopen_it(
    client_for: ClientFor, editor: User, secretariat: User, draft: Entry
) -> None:
    entry = submit_entry(editor, draft.pk, version=1, draft=EntryDraft("進捗", "B", "理由", "目標"))
    approve_entry(secretariat, entry.pk, version=entry.version)
    text = _text(client_for(editor).get(_url(draft)).content.decode())
    assert "承認済: 事務局が承認を取り消すと編集できます。" in text


def test_a_published_entry_is_read_only_for_everyone(
    client_for: ClientFor, secretariat: User, tiny: TinyPlan
) -> None:
    published = Entry.objects.get(round=tiny.published, project=tiny.single)
    text = _text(client_for(secretariat).get(_url(published)).content.decode())
    assert "公表済: 公表された評価は編集できません。" in text
    assert "前年度の記載はありません。" in text


def test_anonymous_visitors_are_sent_to_the_login_page(client: Client, draft: Entry) -> None:
    response = client.get(_url(draft))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))
