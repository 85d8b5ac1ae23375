from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from shinchoku.audit.models import AuditEntry
from shinchoku.evaluations.models import Round
from shinchoku.evaluations.services import (
    EntryValidationError,
    StaleRecordError,
    respond_to_opinion,
    write_opinion,
)
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan


@pytest.fixture
def in_review(tiny: TinyPlan) -> Round:
    Round.objects.filter(pk=tiny.collecting.pk).update(state=Round.State.REVIEW)
    tiny.collecting.refresh_from_db()
    return tiny.collecting


def test_a_committee_member_writes_and_the_secretariat_responds(
    tiny: TinyPlan, people: People, in_review: Round
) -> None:
    opinion = write_opinion(people.committee, in_review.pk, tiny.policy.pk, opinion="体験先を広げてほしい。")
    answered = respond_to_opinion(
        people.secretariat, opinion.pk, version=opinion.version, response="来年度から拡大します。"
    )

    assert (answered.author, answered.position, answered.response) == (
        people.committee,
        1,
        "来年度から拡大します。",
    )
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "write_opinion",
        "respond_to_opinion",
    ]
    with pytest.raises(StaleRecordError):
        respond_to_opinion(people.secretariat, opinion.pk, version=opinion.version, response="上書き")


def test_only_committee_members_write_opinions_and_only_in_review(
    tiny: TinyPlan, people: People, in_review: Round
) -> None:
    for other in (people.secretariat, people.editor, people.viewer, people.stranger):
        with pytest.raises(PermissionDenied):
            write_opinion(other, in_review.pk, tiny.policy.pk, opinion="意見")
    with pytest.raises(EntryValidationError):
        write_opinion(people.committee, in_review.pk, tiny.policy.pk, opinion="  ")
    with pytest.raises(PermissionDenied):
        write_opinion(people.committee, tiny.published.pk, tiny.policy.pk, opinion="意見")
