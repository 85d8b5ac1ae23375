"""The 事務局's project-level page: each department's rating and text, the plan's rule with its
suggestion, setting and undoing the 事務局's rating, and the targets of the whole project."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from shinchoku.accounts.models import User
from shinchoku.audit.models import AuditEntry
from shinchoku.evaluations.models import Entry, NodeEvaluation, ProjectTarget
from shinchoku.evaluations.services.project_evaluations import refresh_project_evaluation
from shinchoku.plans.models import PlanNode
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan
from tests.web.rounds.conftest import page_text


@pytest.fixture
def approved(tiny: TinyPlan) -> TinyPlan:
    """令和6年度: 1-1-1-2 rated B by 共生福祉課 and A by 社協, both approved (the plan's rule,
    the lowest, records B)."""
    for department, code, progress in (
        ("共生福祉課", "B", "情報を提供した。"),
        ("社協", "A", "通信を発行した。"),
    ):
        Entry.objects.create(
            round=tiny.collecting,
            project=tiny.shared,
            department=tiny.departments[department],
            rating=tiny.codes[code],
            progress=progress,
            status=Entry.Status.APPROVED,
        )
    refresh_project_evaluation(None, tiny.collecting, tiny.shared)
    return tiny


def _url(tiny: TinyPlan, project: PlanNode, *, published: bool = False) -> str:
    round_ = tiny.published if published else tiny.collecting
    return reverse("web:project_evaluation", args=[round_.pk, project.pk])


def test_the_page_shows_each_departments_rating_and_text_and_the_rules_suggestion(
    secretariat_client: Client, approved: TinyPlan
) -> None:
    response = secretariat_client.get(_url(approved, approved.shared))

    assert response.status_code == 200
    text = page_text(response)
    assert "共生福祉課(主担当)" in text
    assert "情報を提供した。" in text
    assert "通信を発行した。" in text
    assert "「最も低い評価」で決めます" in text
    assert "最も低い評価: 評価済み 2 件から算出" in text
    assert "算出方法: 最も低い評価" in text
    assert response.context["page"].rating == approved.codes["B"]


def test_the_secretariat_overrides_the_rule_with_a_comment_and_undoes_it(
    secretariat_client: Client, approved: TinyPlan
) -> None:
    url = _url(approved, approved.shared)
    version = NodeEvaluation.objects.get(round=approved.collecting, node=approved.shared).version
    response = secretariat_client.post(
        url, {"action": "rating", "rating": "A", "comment": "協議の結果", "version": version}
    )
    assert response.status_code == 302
    evaluation = NodeEvaluation.objects.get(round=approved.collecting, node=approved.shared)
    assert (evaluation.rating, evaluation.rule, evaluation.comment) == (
        approved.codes["A"],
        "manual",
        "協議の結果",
    )
    assert "計画の決まりに戻す" in page_text(secretariat_client.get(url))

    response = secretariat_client.post(url, {"action": "reset", "version": evaluation.version})
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert (evaluation.rating, evaluation.rule) == (approved.codes["B"], "lowest")
    assert list(
        AuditEntry.objects.filter(action__in=["set_project_rating", "reset_project_rating"])
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["set_project_rating", "reset_project_rating"]


def test_a_stale_override_is_refused_with_what_the_other_person_changed(
    secretariat_client: Client, approved: TinyPlan
) -> None:
    url = _url(approved, approved.shared)
    version = NodeEvaluation.objects.get(round=approved.collecting, node=approved.shared).version
    secretariat_client.post(
        url, {"action": "rating", "rating": "A", "comment": "先の保存", "version": version}
    )
    response = secretariat_client.post(
        url, {"action": "rating", "rating": "C", "comment": "後の保存", "version": version}
    )

    assert response.status_code == 409
    assert "ほかの人が先に保存したため" in page_text(response)
    assert NodeEvaluation.objects.get(round=approved.collecting, node=approved.shared).comment == "先の保存"


def test_targets_for_the_whole_project_are_set_in_the_plans_first_year(
    secretariat_client: Client, tiny: TinyPlan
) -> None:
    url = _url(tiny, tiny.single)
    response = secretariat_client.post(
        url,
        {
            "action": "targets",
            "final_target": "全校で実施する",
            "year_target": "10校で実施する",
            "version": 0,
        },
    )

    assert response.status_code == 302
    tiny.single.refresh_from_db()
    assert tiny.single.final_target == "全校で実施する"
    assert (
        ProjectTarget.objects.get(round=tiny.collecting, project=tiny.single).year_target == "10校で実施する"
    )
    assert AuditEntry.objects.filter(action="set_project_targets").count() == 1
    staff_project = secretariat_client.get(reverse("web:project", args=[tiny.plan.pk, tiny.single.pk]))
    assert "10校で実施する" in page_text(staff_project)


def test_a_published_year_is_shown_but_not_changed(secretariat_client: Client, tiny: TinyPlan) -> None:
    url = _url(tiny, tiny.shared, published=True)
    page = page_text(secretariat_client.get(url))
    assert "変更できません" in page
    response = secretariat_client.post(
        url, {"action": "targets", "final_target": "x", "year_target": "", "version": 0}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("persona", ["editor", "other_editor", "approver", "committee", "viewer", "stranger"])
def test_only_the_secretariat_of_the_city_opens_the_page(
    client_for: Callable[[User], Client], people: People, tiny: TinyPlan, persona: str
) -> None:
    response = client_for(getattr(people, persona)).get(_url(tiny, tiny.shared))
    assert response.status_code == 403


def test_a_cross_listing_has_no_page_of_its_own(secretariat_client: Client, tiny: TinyPlan) -> None:
    assert secretariat_client.get(_url(tiny, tiny.relisted)).status_code == 404
    assert secretariat_client.get(_url(tiny, tiny.policy)).status_code == 404


def test_the_entries_list_and_the_staff_project_page_link_to_it(
    secretariat_client: Client, approved: TinyPlan
) -> None:
    url = _url(approved, approved.shared)
    entries = secretariat_client.get(reverse("web:round_entries", args=[approved.collecting.pk]))
    project = secretariat_client.get(reverse("web:project", args=[approved.plan.pk, approved.shared.pk]))
    assert f'href="{url}"' in entries.content.decode()
    assert f'href="{url}"' in project.content.decode()


def test_a_project_whose_departments_have_not_written_yet_shows_them_as_such(
    secretariat_client: Client, tiny: TinyPlan
) -> None:
    response = secretariat_client.get(_url(tiny, tiny.shared))

    assert response.status_code == 200
    text = page_text(response)
    assert text.count("記載なし") == 2
    assert "最も低い評価: 評価済みの項目がないため算出できません" in text


def test_the_departments_entry_page_shows_the_whole_projects_targets_apart_from_its_own(
    client_for: Callable[[User], Client], people: People, tiny: TinyPlan
) -> None:
    targets = {"final_target": "全校で実施する", "year_target": "10校で実施する"}
    client_for(people.secretariat).post(
        _url(tiny, tiny.single), {"action": "targets", "version": 0, **targets}
    )
    entry = Entry.objects.get(round=tiny.collecting, project=tiny.single)
    text = page_text(client_for(people.editor).get(reverse("web:entry", args=[entry.pk])))
    assert "計画最終年度までの目標(事業全体) 全校で実施する" in text
    assert "今年度の目標(事業全体) 10校で実施する" in text
    assert "今年度の目標(生涯学習課) —" in text


def test_a_stale_save_of_the_targets_shows_what_the_other_person_changed_in_japanese(
    secretariat_client: Client, tiny: TinyPlan
) -> None:
    url = _url(tiny, tiny.single)
    first = {"action": "targets", "final_target": "全校で実施する", "year_target": "", "version": 0}
    secretariat_client.post(url, first)
    response = secretariat_client.post(url, first | {"final_target": "半数の学校で実施する"})

    assert response.status_code == 409
    text = page_text(response)
    assert "計画最終年度までの目標(全体) (空欄) 全校で実施する" in text
    assert "final_target" not in text
    tiny.single.refresh_from_db()
    assert tiny.single.final_target == "全校で実施する"


def test_the_round_page_lists_the_shared_projects_with_their_recorded_rating(
    secretariat_client: Client, approved: TinyPlan
) -> None:
    response = secretariat_client.get(reverse("web:round", args=[approved.collecting.pk]))
    shared = response.context["page"].shared
    assert [(item.project, item.evaluation.rating.code, item.evaluation.rule) for item in shared] == [
        (approved.shared, "B", "lowest")
    ]
    assert f'href="{_url(approved, approved.shared)}"' in response.content.decode()
