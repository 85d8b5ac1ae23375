"""委員意見と市の考え方: a committee member adds an opinion per 施策, the 事務局 writes the city's
response, other staff read both; the published report carries them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from shinchoku.accounts.models import User
from shinchoku.evaluations.models import CommitteeOpinion, Round
from shinchoku.evaluations.services import close_round, publish_round
from shinchoku.reports.content import build_report_content
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan, make_user
from tests.web.rounds.conftest import page_text


@pytest.fixture
def in_review(tiny: TinyPlan) -> Round:
    """令和6年度 in review: the committee may write, the 事務局 may respond."""
    tiny.collecting.state = Round.State.REVIEW
    tiny.collecting.save()
    return tiny.collecting


def _write(client: Client, round_: Round, node_id: int, text: str) -> CommitteeOpinion:
    response = client.post(reverse("web:opinion_write", args=[round_.pk, node_id]), {"opinion": text})
    assert response.status_code == 302
    assert response["Location"] == reverse("web:opinions", args=[round_.pk]) + f"#policy-{node_id}"
    return CommitteeOpinion.objects.get(round=round_, opinion=text)


def test_a_committee_member_adds_an_opinion_and_the_secretariat_responds(
    client_for: Callable[[User], Client], people: People, tiny: TinyPlan, in_review: Round
) -> None:
    committee = client_for(people.committee)
    page = committee.get(reverse("web:opinions", args=[in_review.pk]))
    assert page.context["can_write"]
    assert not page.context["can_respond"]

    opinion = _write(committee, in_review, tiny.policy.pk, "学校以外での福祉教育も広げてほしい。")

    assert (opinion.node, opinion.author, opinion.version) == (tiny.policy, people.committee, 1)
    secretariat = client_for(people.secretariat)
    page = secretariat.get(reverse("web:opinions", args=[in_review.pk]))
    assert "学校以外での福祉教育も広げてほしい。" in page_text(page)
    assert "まだ書かれていません。" in page_text(page)

    response = secretariat.post(
        reverse("web:opinion_respond", args=[opinion.pk]),
        {"response": "公民館講座での実施を検討します。", "version": opinion.version},
    )

    assert response.status_code == 302
    opinion.refresh_from_db()
    assert (opinion.response, opinion.version) == ("公民館講座での実施を検討します。", 2)
    text = page_text(secretariat.get(response["Location"]))
    assert "市の考え方を保存しました。" in text
    assert "公民館講座での実施を検討します。" in text


def test_an_empty_opinion_is_refused_beside_its_field(
    client_for: Callable[[User], Client], people: People, tiny: TinyPlan, in_review: Round
) -> None:
    response = client_for(people.committee).post(
        reverse("web:opinion_write", args=[in_review.pk, tiny.policy.pk]), {"opinion": "  "}
    )

    assert response.status_code == 400
    assert "意見を入力してください。" in page_text(response)
    assert 'aria-invalid="true"' in response.content.decode()
    assert not CommitteeOpinion.objects.exists()


def test_a_stale_response_is_refused_and_shows_the_other_persons_response(
    client_for: Callable[[User], Client], people: People, tiny: TinyPlan, in_review: Round
) -> None:
    opinion = _write(client_for(people.committee), in_review, tiny.policy.pk, "意見")
    colleague = make_user("jimu2", tiny.municipality, role=User.Role.SECRETARIAT, display_name="事務局 二郎")
    client_for(colleague).post(
        reverse("web:opinion_respond", args=[opinion.pk]), {"response": "二郎の回答", "version": 1}
    )

    response = client_for(people.secretariat).post(
        reverse("web:opinion_respond", args=[opinion.pk]), {"response": "一郎の回答", "version": 1}
    )

    assert response.status_code == 409
    text = page_text(response)
    assert "事務局 二郎さんの変更" in text
    assert "市の考え方 (空欄) 二郎の回答" in text
    assert "一郎の回答" in text  # the reader's own text is kept in the form
    opinion.refresh_from_db()
    assert opinion.response == "二郎の回答"


def test_other_staff_read_the_opinions_without_forms(
    client_for: Callable[[User], Client], people: People, tiny: TinyPlan, in_review: Round
) -> None:
    opinion = _write(client_for(people.committee), in_review, tiny.policy.pk, "意見を一つ")

    viewer = client_for(people.viewer)
    response = viewer.get(reverse("web:opinions", args=[in_review.pk]))

    assert response.status_code == 200
    assert "意見を一つ" in page_text(response)
    assert "<form" not in response.content.decode().split('id="main"')[1]
    write = viewer.post(reverse("web:opinion_write", args=[in_review.pk, tiny.policy.pk]), {"opinion": "x"})
    respond = viewer.post(reverse("web:opinion_respond", args=[opinion.pk]), {"response": "x", "version": 1})
    assert (write.status_code, respond.status_code) == (403, 403)


def test_the_committee_cannot_write_while_the_departments_still_collect(
    client_for: Callable[[User], Client], people: People, tiny: TinyPlan
) -> None:
    committee = client_for(people.committee)

    page = committee.get(reverse("web:opinions", args=[tiny.collecting.pk]))
    refused = committee.post(
        reverse("web:opinion_write", args=[tiny.collecting.pk, tiny.policy.pk]), {"opinion": "x"}
    )

    assert not page.context["can_write"]
    assert refused.status_code == 403


def test_staff_of_another_city_may_not_read_the_opinions(
    client_for: Callable[[User], Client], people: People, in_review: Round
) -> None:
    response = client_for(people.stranger).get(reverse("web:opinions", args=[in_review.pk]))

    assert response.status_code == 403


def test_the_committee_finds_the_opinions_from_the_header(
    client_for: Callable[[User], Client], people: People, tiny: TinyPlan, in_review: Round
) -> None:
    committee = client_for(people.committee)

    home = committee.get(reverse("web:home")).content.decode()
    overview = committee.get(reverse("web:opinion_rounds"))

    assert f'href="{reverse("web:opinion_rounds")}"' in home
    text = page_text(overview)
    assert "令和6年度(2024年度) 確認中 意見 0 件 意見を受付中" in text
    assert f'href="{reverse("web:opinions", args=[in_review.pk])}"' in overview.content.decode()


def test_the_published_report_carries_the_opinion_the_response_and_the_evaluation_comment(
    client_for: Callable[[User], Client], people: People, tiny: TinyPlan, in_review: Round
) -> None:
    opinion = _write(client_for(people.committee), in_review, tiny.policy.pk, "情報発信を工夫してほしい。")
    secretariat = client_for(people.secretariat)
    secretariat.post(
        reverse("web:opinion_respond", args=[opinion.pk]), {"response": "SNSも使います。", "version": 1}
    )
    secretariat.post(
        reverse("web:node_evaluation", args=[in_review.pk, tiny.policy.pk]),
        {"rating": "C", "comment": "取組を広げる必要がある。", "rule": "most_common", "version": 0},
    )
    for entry in in_review.entries.all():
        entry.status = entry.Status.APPROVED
        entry.save()
    close_round(people.secretariat, in_review.pk)
    publish_round(people.secretariat, in_review.pk)

    [policy] = build_report_content(in_review, "public").policies

    assert [(item.opinion, item.response) for item in policy.opinions] == [
        ("情報発信を工夫してほしい。", "SNSも使います。")
    ]
    assert policy.evaluation_comment == "取組を広げる必要がある。"
