"""The review actions posted from the entry page and the 事務局's review list: approve (as 所属長
and as 事務局), return with a comment, reopen with a reason; each checks the version it was given."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Entry
from shinchoku.evaluations.services import EntryDraft, approve_entry, submit_entry

ClientFor = Callable[[User], Client]
Status = Entry.Status


def _submitted(editor: User, draft: Entry) -> Entry:
    complete = EntryDraft("進捗", "B", "理由", "目標")
    return submit_entry(editor, draft.pk, version=draft.version, draft=complete)


def _action(name: str, entry: Entry) -> str:
    return reverse(name, kwargs={"entry_id": entry.pk})


def _page(client: Client, url: str) -> str:
    return client.get(url).content.decode()


def test_an_approver_approves_a_submitted_entry_for_the_department(
    client_for: ClientFor, editor: User, approver: User, draft: Entry
) -> None:
    entry = _submitted(editor, draft)
    client = client_for(approver)
    response = client.post(
        _action("web:entry_approve_department", entry),
        {"version": entry.version, "next": reverse("web:my_entries")},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("web:my_entries")
    entry.refresh_from_db()
    assert entry.status == Status.DEPARTMENT_APPROVED
    message = "「1-1-1-1 福祉教育」(生涯学習課)を所属長として承認しました。"
    assert message in _page(client, response["Location"])


def test_the_entry_page_shows_the_approvers_buttons(
    client_for: ClientFor, editor: User, approver: User, draft: Entry
) -> None:
    entry = _submitted(editor, draft)
    html = _page(client_for(approver), _action("web:entry", entry))
    assert _action("web:entry_approve_department", entry) in html
    assert _action("web:entry_return", entry) in html
    assert _action("web:entry_approve", entry) not in html  # the 事務局's step comes later


def test_the_secretariat_approves_and_then_reopens_with_a_reason(
    client_for: ClientFor, editor: User, secretariat: User, draft: Entry
) -> None:
    entry = _submitted(editor, draft)
    client = client_for(secretariat)
    client.post(_action("web:entry_approve", entry), {"version": entry.version})
    entry.refresh_from_db()
    assert entry.status == Status.APPROVED
    assert "承認を取り消す" in _page(client, _action("web:entry", entry))

    reason = "数値の誤りを直してください。"
    client.post(_action("web:entry_reopen", entry), {"version": entry.version, "reason": reason})
    entry.refresh_from_db()
    assert (entry.status, entry.review_comment) == (Status.RETURNED, reason)


def test_returning_without_a_comment_is_refused_with_the_services_message(
    client_for: ClientFor, editor: User, secretariat: User, draft: Entry
) -> None:
    entry = _submitted(editor, draft)
    client = client_for(secretariat)
    response = client.post(_action("web:entry_return", entry), {"version": entry.version, "comment": "  "})
    assert response["Location"] == _action("web:entry", entry)
    assert "差戻しの理由を書いてください。担当課に表示されます。" in _page(client, response["Location"])
    entry.refresh_from_db()
    assert entry.status == Status.SUBMITTED


def test_a_return_goes_back_to_a_page_of_this_site_only(
    client_for: ClientFor, editor: User, secretariat: User, draft: Entry
) -> None:
    entry = _submitted(editor, draft)
    response = client_for(secretariat).post(
        _action("web:entry_return", entry),
        {"version": entry.version, "comment": "目標を具体的に。", "next": "https://example.com/"},
    )
    assert response["Location"] == _action("web:entry", entry)
    entry.refresh_from_db()
    assert (entry.status, entry.review_comment) == (Status.RETURNED, "目標を具体的に。")


def test_an_approval_of_a_version_that_changed_is_refused(
    client_for: ClientFor, editor: User, secretariat: User, draft: Entry
) -> None:
    entry = _submitted(editor, draft)
    client = client_for(secretariat)
    response = client.post(_action("web:entry_approve", entry), {"version": entry.version - 1})
    assert "先に保存したため、保存できませんでした。" in _page(client, response["Location"])
    entry.refresh_from_db()
    assert entry.status == Status.SUBMITTED


def test_another_departments_editor_cannot_act_on_an_entry(
    client_for: ClientFor, editor: User, other_editor: User, secretariat: User, draft: Entry
) -> None:
    entry = _submitted(editor, draft)
    client = client_for(other_editor)
    returned = client.post(_action("web:entry_return", entry), {"version": entry.version, "comment": "x"})
    assert returned.status_code == 404  # another department's submitted entry is not even acknowledged
    approve_entry(secretariat, entry.pk, version=entry.version)
    entry.refresh_from_db()
    # An approved entry is visible to all staff, but only the 事務局 may reopen it.
    reopened = client.post(_action("web:entry_reopen", entry), {"version": entry.version, "reason": "x"})
    assert reopened.status_code == 403
    entry.refresh_from_db()
    assert entry.status == Status.APPROVED


def test_the_actions_only_accept_post(client_for: ClientFor, secretariat: User, draft: Entry) -> None:
    assert client_for(secretariat).get(_action("web:entry_approve", draft)).status_code == 405
