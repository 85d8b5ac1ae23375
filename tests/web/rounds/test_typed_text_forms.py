"""The opinion form passes what was pasted to the service, which stores it cleaned, and refuses
an opinion that is nothing but control characters beside its field."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from shinchoku.accounts.models import User
from shinchoku.evaluations.models import CommitteeOpinion, Round
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan
from tests.web.rounds.conftest import page_text


def _in_review(tiny: TinyPlan) -> Round:
    Round.objects.filter(pk=tiny.collecting.pk).update(state=Round.State.REVIEW)
    return tiny.collecting


def test_a_pasted_opinion_is_stored_cleaned(
    client_for: Callable[[User], Client], people: People, tiny: TinyPlan
) -> None:
    round_ = _in_review(tiny)
    response = client_for(people.committee).post(
        reverse("web:opinion_write", args=[round_.pk, tiny.policy.pk]),
        {"opinion": "体験先を\x0b広げて\x00ほしい。\u202e"},
    )
    assert response.status_code == 302
    assert CommitteeOpinion.objects.get().opinion == "体験先を\n広げてほしい。"


def test_an_opinion_of_control_characters_only_is_refused_beside_its_field(
    client_for: Callable[[User], Client], people: People, tiny: TinyPlan
) -> None:
    round_ = _in_review(tiny)
    response = client_for(people.committee).post(
        reverse("web:opinion_write", args=[round_.pk, tiny.policy.pk]), {"opinion": "\x00\x1b\u202e"}
    )
    assert response.status_code == 400
    assert "意見を入力してください。" in page_text(response)
    assert not CommitteeOpinion.objects.exists()
