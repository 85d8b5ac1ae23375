"""委員意見と市の考え方: committee members write opinions on a node, the 事務局 responds."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.audit.services import diff, record
from shinchoku.core.typed_fields import clean_field
from shinchoku.evaluations.models import CommitteeOpinion, Round
from shinchoku.evaluations.services.errors import EntryValidationError
from shinchoku.evaluations.services.locking import claim_version
from shinchoku.plans.models import PlanNode


def write_opinion(actor: User, round_id: int, node_id: int, *, opinion: str) -> CommitteeOpinion:
    """Add a committee member's opinion on ``node`` (a 施策 or any other node)."""
    text = clean_field("evaluations.committeeopinion", "opinion", opinion)
    if not text:
        raise EntryValidationError({"opinion": "意見を入力してください。"})
    with transaction.atomic():
        round_ = Round.objects.select_for_update().select_related("plan__municipality").get(pk=round_id)
        if not permissions.can_write_opinion(actor, round_):
            raise PermissionDenied("意見を書けるのは、確認中または締切済の年度の推進委員だけです。")
        node = PlanNode.objects.get(pk=node_id, plan_id=round_.plan_id)
        last = CommitteeOpinion.objects.filter(round=round_, node=node).aggregate(last=Max("position"))[
            "last"
        ]
        created = CommitteeOpinion.objects.create(
            round=round_, node=node, position=(last or 0) + 1, opinion=text, author=actor
        )
        record(
            actor=actor,
            action="write_opinion",
            target=created,
            municipality=round_.plan.municipality,
            affects_public=round_.is_published,
            summary=f"{node.code} {node.display_title} に委員意見を書きました",
            changes={"opinion": {"before": None, "after": text}, "version": {"before": None, "after": 1}},
        )
    return created


def respond_to_opinion(actor: User, opinion_id: int, *, version: int, response: str) -> CommitteeOpinion:
    """Write or change the city's response (市の考え方) to an opinion."""
    with transaction.atomic():
        opinion = (
            CommitteeOpinion.objects.select_for_update(of=("self",))
            .select_related("round__plan__municipality", "node")
            .get(pk=opinion_id)
        )
        if not permissions.can_respond_to_opinion(actor, opinion.round):
            raise PermissionDenied("市の考え方を書けるのは、公表前の年度の事務局だけです。")
        before = {"response": opinion.response}
        opinion.version = claim_version(opinion, version)
        opinion.response = clean_field("evaluations.committeeopinion", "response", response)
        opinion.save(update_fields=["response"])
        record(
            actor=actor,
            action="respond_to_opinion",
            target=opinion,
            municipality=opinion.round.plan.municipality,
            affects_public=opinion.round.is_published,
            summary=f"{opinion.node.code} {opinion.node.display_title} の委員意見に市の考え方を書きました",
            changes=diff(before, {"response": opinion.response})
            | {"version": {"before": version, "after": opinion.version}},
        )
    return opinion
