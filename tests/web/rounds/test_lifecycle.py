"""The whole year through the 事務局's pages: open 令和6年度 from 令和5年度, set the deadline,
collect, review, close (refused while entries are unapproved), publish, and reopen with a reason."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from shinchoku.accounts.models import User
from shinchoku.audit.models import AuditEntry
from shinchoku.evaluations.models import Entry, Round
from shinchoku.evaluations.services import EntryDraft, submit_entry
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan, make_user
from tests.web.rounds.conftest import page_text

State = Round.State


@pytest.fixture
def only_last_year(tiny: TinyPlan) -> TinyPlan:
    """The tiny plan with 令和5年度 published and 令和6年度 not opened yet."""
    Entry.objects.filter(round=tiny.collecting).delete()
    tiny.collecting.delete()
    return tiny


def _open(client: Client, tiny: TinyPlan, year: int = 2024) -> Round:
    response = client.post(reverse("web:round_open", args=[tiny.plan.pk]), {"fiscal_year": year})
    round_ = Round.objects.get(plan=tiny.plan, fiscal_year=year)
    assert response.status_code == 302
    assert response["Location"] == reverse("web:round", args=[round_.pk])
    return round_


def _submit_everything(round_: Round, people: People) -> None:
    """Every entry written and submitted by another 事務局 member than the one who approves them
    (nobody approves what they wrote)."""
    writer = make_user("jimu2", people.secretariat.municipality, role=User.Role.SECRETARIAT)
    for entry in Entry.objects.filter(round=round_):
        draft = EntryDraft(progress="実施した。", rating="B", reason="", next_year_goal="続ける。")
        submit_entry(writer, entry.pk, version=entry.version, draft=draft)


def test_the_rounds_page_offers_the_year_after_the_newest_and_says_what_carries_over(
    secretariat_client: Client, only_last_year: TinyPlan
) -> None:
    response = secretariat_client.get(reverse("web:rounds", args=[only_last_year.plan.pk]))

    assert response.status_code == 200
    text = page_text(response)
    assert "令和5年度(2023年度) 公表済" in text
    assert "直近の年度(令和5年度(2023年度))から次のものを引き継ぎます。" in text
    assert "前年度の「次年度の目標」を、今年度の「今年度の目標」として" in text
    assert "数値指標" in text
    form = response.context["open_form"]
    assert form.initial["fiscal_year"] == 2024
    assert [year for year, _ in form.fields["fiscal_year"].choices] == [2022, 2024, 2025, 2026]
    assert '<option value="2024" selected>令和6年度(2024年度)</option>' in response.content.decode()


def test_opening_a_year_carries_last_years_next_goal_over_as_this_years_target(
    secretariat_client: Client, only_last_year: TinyPlan
) -> None:
    tiny = only_last_year
    round_ = _open(secretariat_client, tiny)

    assert round_.state == State.PREPARING
    shared = Entry.objects.get(round=round_, project=tiny.shared, department=tiny.departments["社協"])
    assert shared.year_target == "通信紙の発行を続ける。"
    assert shared.final_target == "地域の福祉情報の発信について充実を図る"
    assert shared.progress == ""
    assert shared.rating is None
    assert Entry.objects.filter(round=round_).count() == 4
    assert tiny.indicator.node_id == tiny.single.pk  # indicators belong to the plan: nothing to copy
    page = secretariat_client.get(reverse("web:round", args=[round_.pk]))
    assert "令和6年度(2024年度)の準備ができました。" in page_text(page)


def test_opening_a_year_that_exists_is_refused_beside_the_field(
    secretariat_client: Client, tiny: TinyPlan
) -> None:
    response = secretariat_client.post(reverse("web:round_open", args=[tiny.plan.pk]), {"fiscal_year": 2024})

    assert response.status_code == 400
    assert "選べる年度から選んでください。" in page_text(response)
    assert Round.objects.filter(plan=tiny.plan).count() == 2


def test_the_whole_year_goes_from_preparing_to_published_and_back(
    secretariat_client: Client, only_last_year: TinyPlan, people: People
) -> None:
    tiny = only_last_year
    client = secretariat_client
    round_ = _open(client, tiny)

    def post(name: str, data: dict[str, str] | None = None) -> str:
        response = client.post(reverse(name, args=[round_.pk]), data or {})
        round_.refresh_from_db()
        if response.status_code == 302:
            return page_text(client.get(response["Location"]))
        assert response.status_code == 400, response.status_code
        return page_text(response)

    yesterday = timezone.localdate() - timedelta(days=1)
    deadline = timezone.localdate() + timedelta(days=30)
    assert "提出期限は今日以降の日付にしてください。" in post(
        "web:round_start_collecting", {"deadline": f"{yesterday}"}
    )
    assert round_.state == State.PREPARING
    assert "照会を始めました。" in post("web:round_start_collecting", {"deadline": f"{deadline}"})
    assert (round_.state, round_.deadline) == (State.COLLECTING, deadline)

    later = deadline + timedelta(days=7)
    assert "提出期限を変更しました。" in post("web:round_deadline", {"deadline": f"{later}"})
    assert round_.deadline == later

    _submit_everything(round_, people)
    assert "確認に入りました。" in post("web:round_start_review")
    assert round_.state == State.REVIEW

    refused = post("web:round_close")
    assert "承認されていない評価が 4 件あります。すべて承認してから締め切ってください。" in refused
    assert round_.state == State.REVIEW

    listing = client.get(reverse("web:round_entries", args=[round_.pk]))
    for row in listing.context["listing"].rows:
        assert row.can_approve
        response = client.post(
            reverse("web:entry_approve", args=[row.entry.pk]),
            {"version": row.entry.version, "next": listing.wsgi_request.get_full_path()},
        )
        assert response.status_code == 302
    assert set(Entry.objects.filter(round=round_).values_list("status", flat=True)) == {Entry.Status.APPROVED}

    assert "締め切りました。" in post("web:round_close")
    assert round_.state == State.CLOSED
    assert "公表しました。" in post("web:round_publish")
    assert round_.state == State.PUBLISHED
    assert round_.published_at is not None

    assert "戻す理由を書いてください。監査記録に残ります。" in post("web:round_reopen", {"reason": " "})
    assert round_.state == State.PUBLISHED
    assert "ひとつ前の状態に戻しました。" in post("web:round_reopen", {"reason": "数値の誤りを直すため"})
    assert round_.state == State.CLOSED
    reopened = AuditEntry.objects.get(action="reopen_round")
    assert reopened.changes["reason"] == {"before": None, "after": "数値の誤りを直すため"}
    actions = list(
        AuditEntry.objects.filter(object_type="evaluations.Round", object_id=str(round_.pk))
        .order_by("at", "pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "open_round",
        "set_deadline",
        "start_collecting",
        "set_deadline",
        "start_review",
        "close_round",
        "publish_round",
        "reopen_round",
    ]


def test_the_round_page_shows_the_steps_with_the_current_one_marked(
    secretariat_client: Client, tiny: TinyPlan
) -> None:
    response = secretariat_client.get(reverse("web:round", args=[tiny.collecting.pk]))

    html = response.content.decode()
    assert 'aria-current="step"' in html
    text = page_text(response)
    assert "準備中 (済み)" in text
    assert "照会中 (現在の段階)" in text
    assert "確認に入る" in text
    assert "締め切る" not in text


def test_a_round_in_preparation_cannot_be_stepped_back(secretariat_client: Client, tiny: TinyPlan) -> None:
    response = secretariat_client.post(
        reverse("web:round_reopen", args=[tiny.collecting.pk]), {"reason": "誤り"}
    )

    assert response.status_code == 400
    assert "令和6年度(2024年度)は「照会中」のため、戻せません。" in page_text(response)


def test_the_plan_setting_switches_the_department_step(secretariat_client: Client, tiny: TinyPlan) -> None:
    url = reverse("web:plan_settings", args=[tiny.plan.pk])

    response = secretariat_client.post(url, {"requires_department_approval": "on"})

    tiny.plan.refresh_from_db()
    assert tiny.plan.requires_department_approval is True
    assert "所属長の承認を経ます。" in page_text(secretariat_client.get(response["Location"]))
    secretariat_client.post(url, {})
    tiny.plan.refresh_from_db()
    assert tiny.plan.requires_department_approval is False
    assert AuditEntry.objects.filter(action="update_plan_settings").count() == 2


def test_the_header_link_leads_the_secretariat_to_the_rounds_of_their_plan(
    secretariat_client: Client, tiny: TinyPlan
) -> None:
    home = secretariat_client.get(reverse("web:home"))
    assert reverse("web:round_management") in home.content.decode()

    response = secretariat_client.get(reverse("web:round_management"))

    assert response.status_code == 302
    assert response["Location"] == reverse("web:rounds", args=[tiny.plan.pk])
