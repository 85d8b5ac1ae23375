"""Only the 事務局 of the plan's city uses the round pages: every other role gets 403, on every
page and every action; the opinions are read by all the city's staff."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from shinchoku.accounts.models import User
from shinchoku.evaluations.models import CommitteeOpinion, Round
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan

NOT_SECRETARIAT = ["editor", "other_editor", "approver", "committee", "viewer", "stranger"]


def pages(tiny: TinyPlan) -> list[str]:
    round_ = tiny.collecting.pk
    return [
        reverse("web:rounds", args=[tiny.plan.pk]),
        reverse("web:round", args=[round_]),
        reverse("web:round_entries", args=[round_]),
        reverse("web:node_evaluation", args=[round_, tiny.policy.pk]),
    ]


def actions(tiny: TinyPlan) -> list[tuple[str, dict[str, str]]]:
    round_ = tiny.collecting.pk
    return [
        (reverse("web:round_open", args=[tiny.plan.pk]), {"fiscal_year": "2025"}),
        (reverse("web:plan_settings", args=[tiny.plan.pk]), {"requires_department_approval": "on"}),
        (reverse("web:round_deadline", args=[round_]), {"deadline": "2030-01-31"}),
        (reverse("web:round_start_collecting", args=[round_]), {"deadline": "2030-01-31"}),
        (reverse("web:round_start_review", args=[round_]), {}),
        (reverse("web:round_close", args=[round_]), {}),
        (reverse("web:round_publish", args=[round_]), {}),
        (reverse("web:round_reopen", args=[round_]), {"reason": "理由"}),
        (
            reverse("web:node_evaluation", args=[round_, tiny.policy.pk]),
            {"rating": "A", "comment": "", "rule": "lowest", "version": "0"},
        ),
    ]


@pytest.mark.parametrize("persona", NOT_SECRETARIAT)
def test_every_round_page_refuses_anyone_but_the_secretariat(
    client_for: Callable[[User], Client], people: People, tiny: TinyPlan, persona: str
) -> None:
    client = client_for(getattr(people, persona))

    for url in pages(tiny):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("persona", NOT_SECRETARIAT)
def test_every_round_action_refuses_anyone_but_the_secretariat_and_changes_nothing(
    client_for: Callable[[User], Client], people: People, tiny: TinyPlan, persona: str
) -> None:
    client = client_for(getattr(people, persona))

    for url, data in actions(tiny):
        assert client.post(url, data).status_code == 403, url

    assert Round.objects.filter(plan=tiny.plan).count() == 2
    tiny.collecting.refresh_from_db()
    assert (tiny.collecting.state, tiny.collecting.deadline) == (Round.State.COLLECTING, None)
    tiny.plan.refresh_from_db()
    assert not tiny.plan.requires_department_approval


def test_the_secretariat_may_use_every_round_page(secretariat_client: Client, tiny: TinyPlan) -> None:
    for url in pages(tiny):
        assert secretariat_client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", ["editor", "approver", "committee", "viewer"])
def test_the_way_in_to_the_rounds_refuses_anyone_but_the_secretariat(
    client_for: Callable[[User], Client], people: People, persona: str
) -> None:
    response = client_for(getattr(people, persona)).get(reverse("web:round_management"))

    assert response.status_code == 403


def test_a_secretariat_without_plans_is_led_to_the_list_of_plans(
    client_for: Callable[[User], Client], people: People
) -> None:
    response = client_for(people.stranger).get(reverse("web:round_management"))

    assert response["Location"] == reverse("web:home")


@pytest.mark.parametrize("persona", ["editor", "approver", "committee", "viewer", "secretariat"])
def test_the_citys_staff_read_the_opinions(
    client_for: Callable[[User], Client], people: People, tiny: TinyPlan, persona: str
) -> None:
    client = client_for(getattr(people, persona))

    assert client.get(reverse("web:opinions", args=[tiny.collecting.pk])).status_code == 200
    assert client.get(reverse("web:opinion_rounds")).status_code == 200


def test_only_the_committee_writes_opinions_and_only_the_secretariat_responds(
    client_for: Callable[[User], Client], people: People, tiny: TinyPlan
) -> None:
    tiny.collecting.state = Round.State.REVIEW
    tiny.collecting.save()
    write = reverse("web:opinion_write", args=[tiny.collecting.pk, tiny.policy.pk])
    opinion = CommitteeOpinion.objects.create(round=tiny.collecting, node=tiny.policy, opinion="意見")
    respond = reverse("web:opinion_respond", args=[opinion.pk])

    for persona in ["editor", "approver", "viewer", "secretariat", "stranger"]:
        assert client_for(getattr(people, persona)).post(write, {"opinion": "x"}).status_code == 403, persona
    for persona in ["editor", "approver", "viewer", "committee", "stranger"]:
        client = client_for(getattr(people, persona))
        assert client.post(respond, {"response": "x", "version": "1"}).status_code == 403, persona

    assert CommitteeOpinion.objects.get().response == ""
    assert CommitteeOpinion.objects.count() == 1


def test_anonymous_visitors_are_sent_to_the_login_page(client: Client, tiny: TinyPlan) -> None:
    login = reverse(settings.LOGIN_URL)
    for url in [
        reverse("web:round_management"),
        *pages(tiny),
        reverse("web:opinions", args=[tiny.collecting.pk]),
        reverse("web:opinion_rounds"),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"{login}?next={url}", url


def test_a_missing_round_or_plan_is_not_found(secretariat_client: Client, tiny: TinyPlan) -> None:
    assert secretariat_client.get(reverse("web:round", args=[9999])).status_code == 404
    assert secretariat_client.get(reverse("web:rounds", args=[9999])).status_code == 404
    other_plan_node = reverse("web:node_evaluation", args=[tiny.collecting.pk, 9999])
    assert secretariat_client.get(other_plan_node).status_code == 404
