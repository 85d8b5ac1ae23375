"""The review board of a round: per department, entries due, not submitted, submitted, returned,
approved and overdue, each count leading to the list of those entries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from shinchoku.evaluations.models import Entry, Round
from shinchoku.evaluations.services import open_round
from shinchoku.web.rounds.selectors import BoardRow
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan
from tests.web.rounds.conftest import page_text

Status = Entry.Status


@pytest.fixture
def late_round(tiny: TinyPlan, people: People) -> Round:
    """令和7年度 collecting past its deadline: 共生福祉課 submitted, 生涯学習課 approved, 社協 one
    entry returned and one never submitted."""
    round_ = open_round(people.secretariat, tiny.plan.pk, 2025)
    round_.state = Round.State.COLLECTING
    round_.deadline = timezone.localdate() - timedelta(days=1)
    round_.save()
    statuses = {
        (tiny.shared.pk, "共生福祉課"): Status.SUBMITTED,
        (tiny.single.pk, "生涯学習課"): Status.APPROVED,
        (tiny.shared.pk, "社協"): Status.RETURNED,
        (tiny.unrated.pk, "社協"): Status.DRAFT,
    }
    for (project, department), status in statuses.items():
        Entry.objects.filter(round=round_, project_id=project, department__name=department).update(
            status=status
        )
    return round_


def _counts(row: BoardRow) -> tuple[int, ...]:
    return (row.total, row.draft, row.submitted, row.returned, row.approved, row.overdue)


def test_the_board_counts_each_departments_entries_and_the_overdue_ones(
    secretariat_client: Client, late_round: Round
) -> None:
    response = secretariat_client.get(reverse("web:round", args=[late_round.pk]))

    page = response.context["page"]
    assert {row.department.name: _counts(row) for row in page.rows} == {
        "共生福祉課": (1, 0, 1, 0, 0, 0),
        "生涯学習課": (1, 0, 0, 0, 1, 0),
        "社協": (2, 1, 0, 1, 0, 2),
    }
    assert _counts(page.totals) == (4, 1, 1, 1, 1, 2)
    assert page.past_deadline
    assert not page.shows_department_step
    assert "期限超過" in page_text(response)


def test_nothing_is_overdue_before_the_deadline(secretariat_client: Client, late_round: Round) -> None:
    late_round.deadline = timezone.localdate()
    late_round.save()

    page = secretariat_client.get(reverse("web:round", args=[late_round.pk])).context["page"]

    assert page.totals.overdue == 0


def test_the_department_step_gets_its_column_when_the_plan_has_it(
    secretariat_client: Client, late_round: Round, tiny: TinyPlan
) -> None:
    tiny.plan.requires_department_approval = True
    tiny.plan.save()

    response = secretariat_client.get(reverse("web:round", args=[late_round.pk]))

    assert response.context["page"].shows_department_step
    assert '<th scope="col" class="num">所属長承認済</th>' in response.content.decode()


def test_each_count_links_to_the_entries_it_counts(
    secretariat_client: Client, late_round: Round, tiny: TinyPlan
) -> None:
    shakyo = tiny.departments["社協"]
    board = secretariat_client.get(reverse("web:round", args=[late_round.pk])).content.decode()
    link = f"{reverse('web:round_entries', args=[late_round.pk])}?department={shakyo.pk}&amp;status=overdue"
    assert f'<a href="{link}">2<span class="visually-hidden">件(社協・期限超過)</span></a>' in board

    response = secretariat_client.get(link.replace("&amp;", "&"))

    rows = response.context["listing"].rows
    assert [(row.entry.project.code, row.entry.status, row.is_overdue) for row in rows] == [
        ("1-1-1-2", Status.RETURNED, True),
        ("1-1-2-1", Status.DRAFT, True),
    ]


def test_the_list_offers_approval_and_return_for_submitted_entries_and_reopening_for_approved_ones(
    secretariat_client: Client, late_round: Round
) -> None:
    response = secretariat_client.get(reverse("web:round_entries", args=[late_round.pk]))

    actions = {
        (row.entry.department.name, row.entry.project.code): (row.can_approve, row.can_return, row.can_reopen)
        for row in response.context["listing"].rows
    }
    assert actions == {
        ("生涯学習課", "1-1-1-1"): (False, False, True),
        ("共生福祉課", "1-1-1-2"): (True, True, False),
        ("社協", "1-1-1-2"): (False, False, False),
        ("社協", "1-1-2-1"): (False, False, False),
    }
    html = response.content.decode()
    submitted = Entry.objects.get(round=late_round, status=Status.SUBMITTED)
    approved = Entry.objects.get(round=late_round, status=Status.APPROVED)
    assert f'action="{reverse("web:entry_approve", args=[submitted.pk])}"' in html
    assert f'action="{reverse("web:entry_return", args=[submitted.pk])}"' in html
    assert f'action="{reverse("web:entry_reopen", args=[approved.pk])}"' in html
    assert f'href="{reverse("web:entry", args=[submitted.pk])}?back=' in html  # the entry leads back here


def test_returning_from_the_list_comes_back_to_the_list_with_the_comment_shown(
    secretariat_client: Client, late_round: Round
) -> None:
    submitted = Entry.objects.get(round=late_round, status=Status.SUBMITTED)
    here = reverse("web:round_entries", args=[late_round.pk]) + "?status=submitted"

    response = secretariat_client.post(
        reverse("web:entry_return", args=[submitted.pk]),
        {"version": submitted.version, "comment": "数値の根拠を書いてください。", "next": here},
    )

    assert response.status_code == 302
    assert response["Location"] == here
    returned = secretariat_client.get(reverse("web:round_entries", args=[late_round.pk]) + "?status=returned")
    text = page_text(returned)
    assert "差戻しの理由: 数値の根拠を書いてください。" in text
    assert "を差し戻しました。" in text


def test_an_unknown_filter_is_refused_on_its_field_and_the_whole_list_is_shown(
    secretariat_client: Client, late_round: Round
) -> None:
    response = secretariat_client.get(reverse("web:round_entries", args=[late_round.pk]) + "?status=lost")

    assert "一覧にある状態から選んでください。" in page_text(response)
    assert len(response.context["listing"].rows) == 4
