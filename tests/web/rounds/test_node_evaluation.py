"""施策評価: the 事務局 sees the projects' ratings and a suggestion with its rule, and stores the
rating with the rule that produced it (the suggestion's, or 事務局が判断 when it differs)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Entry, NodeEvaluation
from shinchoku.evaluations.services.project_evaluations import refresh_project_evaluation
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan, make_user
from tests.web.rounds.conftest import page_text


@pytest.fixture
def url(tiny: TinyPlan) -> str:
    return reverse("web:node_evaluation", args=[tiny.collecting.pk, tiny.policy.pk])


@pytest.fixture
def rated(tiny: TinyPlan) -> TinyPlan:
    """令和6年度: 1-1-1-1 rated C; 1-1-1-2 rated B by 共生福祉課 and A by 社協, both approved
    (recorded B by the plan's rule, the lowest); 1-1-2-1 not rated; 1-1-2-2 cross-lists 1-1-1-2."""
    for department, code in (("共生福祉課", "B"), ("社協", "A")):
        Entry.objects.create(
            round=tiny.collecting,
            project=tiny.shared,
            department=tiny.departments[department],
            rating=tiny.codes[code],
            status=Entry.Status.APPROVED,
        )
    refresh_project_evaluation(None, tiny.collecting, tiny.shared)  # as the entry services do
    return tiny


def test_the_page_lists_the_projects_with_their_ratings_and_the_unrated_as_unrated(
    secretariat_client: Client, rated: TinyPlan, url: str
) -> None:
    response = secretariat_client.get(url)

    assert response.status_code == 200
    projects = [
        (item.project.code, item.rating.code if item.rating else None)
        for item in response.context["page"].projects
    ]
    assert projects == [("1-1-1-1", "C"), ("1-1-1-2", "B"), ("1-1-2-1", None), ("1-1-2-2", "B")]
    text = page_text(response)
    assert "未評価" in text
    assert "共生福祉課 B" in text
    assert "社協 A" in text


def test_the_suggestion_follows_the_chosen_rule_and_explains_itself(
    secretariat_client: Client, rated: TinyPlan, url: str
) -> None:
    most_common = page_text(secretariat_client.get(url))
    lowest = page_text(secretariat_client.get(url + "?rule=lowest"))

    assert (
        "最も多い評価(同数なら低い方): 評価済み 3 件から算出、未評価 1 件は計算に含めていません"
        in most_common
    )
    assert "最も低い評価: 評価済み 3 件から算出、未評価 1 件は計算に含めていません" in lowest
    assert secretariat_client.get(url).context["page"].suggestion.rating == "B"
    assert secretariat_client.get(url + "?rule=lowest").context["page"].suggestion.rating == "C"


def test_accepting_the_suggestion_stores_its_rule_and_changing_it_stores_a_manual_judgement(
    secretariat_client: Client, rated: TinyPlan, url: str
) -> None:
    form = secretariat_client.get(url + "?rule=lowest").context["form"]
    assert form.initial["rating"] == "C"  # the suggestion is offered

    response = secretariat_client.post(
        url + "?rule=lowest", {"rating": "C", "comment": "取組に遅れがある。", "rule": "lowest", "version": 0}
    )

    assert response.status_code == 302
    evaluation = NodeEvaluation.objects.get(round=rated.collecting, node=rated.policy)
    assert (evaluation.rating.code, evaluation.rule, evaluation.comment) == (
        "C",
        "lowest",
        "取組に遅れがある。",
    )

    secretariat_client.post(url, {"rating": "A", "comment": "", "rule": "most_common", "version": 1})

    evaluation.refresh_from_db()
    assert (evaluation.rating.code, evaluation.rule, evaluation.version) == ("A", "manual", 2)
    page = page_text(secretariat_client.get(url))
    assert "算出方法: 事務局が判断" in page


def test_a_stale_save_is_refused_and_shows_what_the_other_person_changed(
    client_for: Callable[[User], Client], people: People, rated: TinyPlan, url: str
) -> None:
    colleague = make_user("jimu2", rated.municipality, role=User.Role.SECRETARIAT, display_name="事務局 二郎")
    client_for(colleague).post(
        url, {"rating": "B", "comment": "二郎の判断", "rule": "most_common", "version": 0}
    )

    response = client_for(people.secretariat).post(
        url, {"rating": "C", "comment": "一郎の判断", "rule": "most_common", "version": 0}
    )

    assert response.status_code == 409
    text = page_text(response)
    assert "ほかの人が先に保存したため、保存できませんでした" in text
    assert "事務局 二郎さんの変更" in text
    assert "評価のコメント (空欄) 二郎の判断" in text
    form = response.context["form"]
    assert form["comment"].value() == "一郎の判断"  # the reader's own text is kept
    assert ">\n一郎の判断</textarea>" in response.content.decode()
    assert form["version"].value() == "1"  # saving again is deliberate
    evaluation = NodeEvaluation.objects.get(round=rated.collecting, node=rated.policy)
    assert evaluation.comment == "二郎の判断"


def test_an_unknown_rating_is_refused_beside_the_field(
    secretariat_client: Client, tiny: TinyPlan, url: str
) -> None:
    response = secretariat_client.post(url, {"rating": "Z", "comment": "", "rule": "lowest", "version": 0})

    assert response.status_code == 400
    assert "評価はこの計画の評価基準から選んでください。" in page_text(response)
    assert not NodeEvaluation.objects.filter(round=tiny.collecting, node=tiny.policy).exists()


def test_a_project_has_no_policy_evaluation_page(secretariat_client: Client, tiny: TinyPlan) -> None:
    response = secretariat_client.get(
        reverse("web:node_evaluation", args=[tiny.collecting.pk, tiny.single.pk])
    )

    assert response.status_code == 404


def test_a_published_year_shows_its_evaluation_read_only(secretariat_client: Client, tiny: TinyPlan) -> None:
    response = secretariat_client.get(
        reverse("web:node_evaluation", args=[tiny.published.pk, tiny.policy.pk])
    )

    text = page_text(response)
    assert "公表済の年度の施策評価は変更できません" in text
    assert "おおむね順調に推移している。" in text
    assert "評価を保存する" not in text


def test_the_round_page_lists_every_policy_with_its_evaluation(
    secretariat_client: Client, tiny: TinyPlan
) -> None:
    response = secretariat_client.get(reverse("web:round", args=[tiny.published.pk]))

    [policy] = response.context["page"].policies
    assert policy.node == tiny.policy
    assert policy.evaluation.rating.code == "B"
    assert "1-1 福祉の心を育む学習機会の充実 B 事務局が判断" in page_text(response)
