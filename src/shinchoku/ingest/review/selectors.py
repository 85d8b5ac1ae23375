"""What the review desk and the staff pages read: the runs a person manages, a run's items by kind
with the place where each is fixed, and the items still open on a node or entry (the 要確認 mark).

An item counts as open on the staff pages while its status is open and it is not fixed
(:func:`~shinchoku.ingest.review.services.is_fixed`: in a published year, a correction of its
field; else a change of the live field; a fix shows at once, before the desk records it), and
only in the newest import of its round (an older run's items were carried into the newer one).

A published year is fixed through its corrections (正誤): names and descriptions on the node's
correction form, ratings and texts on the entry's. Owners, cross-listings and indicators have no
correction; the plan editor changes them for later years only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.urls import reverse

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Entry
from shinchoku.ingest.models import ImportReviewItem, ImportRun
from shinchoku.ingest.review.services import is_fixed
from shinchoku.plans.models import Plan, PlanNode

Kind = ImportReviewItem.Kind
Status = ImportReviewItem.Status
# Kinds fixed in the plan editor's node page (name, owners, cross-listing, indicators, a look).
EDITOR_KINDS = (Kind.NAME, Kind.OWNERS, Kind.RELISTED, Kind.INDICATORS, Kind.STRUCTURE)
CORRECT = "公表内容を訂正する"


@dataclass(frozen=True)
class Place:
    """Where an item is fixed: a staff URL and its link text."""

    url: str
    label: str


@dataclass
class KindGroup:
    kind: str
    label: str
    items: list[ImportReviewItem] = field(default_factory=list)

    @property
    def open_count(self) -> int:
        return sum(item.status == Status.OPEN for item in self.items)


def managed_runs(user: User) -> list[ImportRun]:
    """The import runs of the plans ``user`` edits, newest first, with ``total`` and ``open``."""
    runs = ImportRun.objects.select_related("round__plan__municipality").annotate(
        total=Count("items"), open=Count("items", filter=Q(items__status=Status.OPEN))
    )
    if not user.is_superuser:
        runs = runs.filter(round__plan__municipality_id=user.municipality_id or 0)
    return [run for run in runs.order_by("-at", "-pk") if permissions.can_edit_plan(user, run.round.plan)]


def fix_place(item: ImportReviewItem, plan: Plan) -> Place | None:
    """The staff page where the field of ``item`` is fixed; None when it concerns no object.

    In a published round (``item.run.round``), a name or description is corrected (正誤) on the
    node's correction form and an entry's rating or text on the entry's; the plan editor (owners,
    cross-listings, indicators) changes later years only, and says so in its label."""
    published = item.run.round.is_published
    if item.entry_id is not None:
        if published:
            return Place(reverse("web:entry_correction", args=[item.entry_id]), CORRECT)
        return Place(reverse("web:entry", args=[item.entry_id]), "担当課の評価を開く")
    if item.node_id is None:
        return None
    if published and item.target in ("title", "description"):
        return Place(reverse("web:node_correction", args=[item.run.round_id, item.node_id]), CORRECT)
    if item.kind in EDITOR_KINDS or item.target == "description":
        label = "計画の編集で直す(翌年度以降)" if published else "計画の編集で直す"
        return Place(reverse("web:plan_edit_node", args=[plan.pk, item.node_id]), label)
    node = item.node
    assert node is not None
    node.plan = plan
    page = "web:project" if node.is_project else "web:node"
    return Place(reverse(page, args=[plan.pk, item.node_id]), "評価の画面を開く")


def later_place(item: ImportReviewItem, plan: Plan) -> Place | None:
    """For a name or description of a published year (corrected on its own form), the plan
    editor, where the same name is fixed for later years and for the pages that show the plan as
    it is now (a project page's heading); None for any other item."""
    if not item.run.round.is_published or item.node_id is None or item.target not in ("title", "description"):
        return None
    return Place(reverse("web:plan_edit_node", args=[plan.pk, item.node_id]), "計画の編集で直す(翌年度以降)")


def desk_groups(run: ImportRun) -> list[KindGroup]:
    """The run's items grouped by kind (in the order of the kinds), each with ``place`` and
    ``later`` (see :func:`later_place`)."""
    groups = {kind: KindGroup(kind, label) for kind, label in Kind.choices}
    plan = run.round.plan
    for item in run.items.select_related("node", "entry", "resolved_by", "run__round").order_by("position"):
        item.place = fix_place(item, plan)  # type: ignore[attr-defined]
        item.later = later_place(item, plan)  # type: ignore[attr-defined]
        groups[item.kind].items.append(item)
    return [group for group in groups.values() if group.items]


def _newest_runs(plan: Plan) -> list[int]:
    newest = ImportRun.objects.filter(round__plan=plan).values("round_id").annotate(last=Max("pk"))
    return [row["last"] for row in newest]


def open_items(
    plan: Plan, *, node: PlanNode | None = None, entry: Entry | None = None
) -> list[ImportReviewItem]:
    """The items of the newest import of each round of ``plan`` still open on ``node`` (its own
    fields and its entries) or ``entry``, or on the whole plan when neither is given."""
    items = ImportReviewItem.objects.filter(run_id__in=_newest_runs(plan), status=Status.OPEN)
    if entry is not None:
        items = items.filter(
            Q(entry=entry) | Q(entry__isnull=True, node_id=entry.project_id, run__round_id=entry.round_id)
        )
    elif node is not None:
        items = items.filter(node=node)
    return [
        item
        for item in items.select_related("node", "entry", "run__round").order_by("run_id", "position")
        if not is_fixed(item)
    ]
