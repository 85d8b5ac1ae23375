"""The 体系 sheet's optional 共通事業 column: a project shown from another plan of the city.

A cell names the other plan's project as 「<計画名> <番号>」 (the plan's title as in its 計画
sheet, a space, the project's 番号; e.g. 「北本市地域福祉計画 1-1-1-2」): the last space splits
them, so a title may hold spaces but a 番号 may not. Such a row has no 担当課 and no rows in the
評価 sheet of its own: the other plan's departments enter it once, in that plan's round, and this
plan shows and counts that entry (see :mod:`shinchoku.plans.editing.shared`).

:func:`shared_problems` checks the cells against the database before anything is written (the
dry run reports the same problems); :func:`link_shared_projects` then sets the links.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from shinchoku.plans.editing.shared import scale_codes, shared_label
from shinchoku.plans.models import Municipality, Plan, PlanNode
from shinchoku.plans.workbook import layout
from shinchoku.plans.workbook.document import NodeRow, PlanDocument, Problem
from shinchoku.plans.workbook.layout import Place

HEADER = layout.SHARED_HEADER


def _place(document: PlanDocument, row: NodeRow) -> Place:
    found = document.columns.get(layout.NODES_SHEET, {})
    column = found.get(HEADER, layout.HEADERS[layout.NODES_SHEET].index(HEADER) + 1)
    return Place(layout.NODES_SHEET, row.line, column, HEADER)


def _split(label: str) -> tuple[str, str]:
    title, _, code = label.strip().rpartition(" ")
    return title.strip(), code.strip()


def _sources(municipality: Municipality, document: PlanDocument) -> dict[tuple[str, str], PlanNode]:
    """The projects the 共通事業 cells may name, by (plan title, 番号): one query."""
    wanted = [_split(row.shared_from) for row in document.nodes if row.shared_from]
    if not wanted:
        return {}
    match = Q()
    for title, code in wanted:
        match |= Q(plan__title=title, code=code)
    found = PlanNode.objects.filter(match, plan__municipality=municipality).select_related("plan")
    return {(node.plan.title, node.code): node for node in found}


def shared_problems(municipality: Municipality, plan: Plan | None, document: PlanDocument) -> list[Problem]:
    """Every 共通事業 cell that cannot be linked, named by sheet, row and column."""
    problems = _removed_sources(plan, document)
    rows = [row for row in document.nodes if row.shared_from]
    if not rows:
        return problems
    sources = _sources(municipality, document)
    shown = PlanNode.objects.filter(shared_from__plan=plan) if plan is not None else PlanNode.objects.none()
    context = _Context(
        document,
        plan,
        {row.project_code for row in document.evaluations or []},
        set(shown.values_list("shared_from__code", flat=True)),
    )
    seen: dict[int, NodeRow] = {}
    for row in rows:
        source = sources.get(_split(row.shared_from))
        message = context.refusal(row, source)
        if not message and source is not None and source.pk in seen:
            message = (
                f"「{row.shared_from}」は {seen[source.pk].line}行目も示しています。一つの行にしてください。"
            )
        if message:
            problems.append(Problem(_place(document, row), message))
        elif source is not None:
            seen[source.pk] = row
    return problems


def _removed_sources(plan: Plan | None, document: PlanDocument) -> list[Problem]:
    """A project another plan shows (共通事業) cannot leave the file: one problem naming them."""
    if plan is None:
        return []
    kept = {row.code for row in document.nodes}
    shown = PlanNode.objects.filter(shared_from__plan=plan).values_list("shared_from__code", "plan__title")
    gone = sorted({(code, title) for code, title in shown if code not in kept})
    return [
        Problem(
            Place(layout.NODES_SHEET),
            f"番号「{code}」の行がありません。この項目は「{title}」の共通事業として示されているため、"
            f"削除できません。先に「{title}」の共通事業を解除してください。",
        )
        for code, title in gone
    ]


@dataclass(frozen=True)
class _Context:
    document: PlanDocument
    plan: Plan | None
    evaluated: set[str]  # the 番号 the 評価 sheet names
    shown_elsewhere: set[str]  # the 番号 of this plan's projects other plans show

    def refusal(self, row: NodeRow, source: PlanNode | None) -> str:
        """Why ``row`` cannot show ``source`` (the project its cell names, None: not found), or ''."""
        title, code = _split(row.shared_from)
        if not title or not code:
            return (
                f"「{row.shared_from}」は「<計画名> <番号>」の形ではありません。"
                f"例: 「{self.document.settings.title} 1-1-1」"
            )
        if title == self.document.settings.title:
            return "同じ計画の中で二度示すときは、共通事業ではなく「再掲元の番号」を使ってください。"
        if source is None:
            return (
                f"「{title}」に番号「{code}」の項目がありません。同じ自治体の計画名と番号を確かめてください。"
            )
        if source.level != source.plan.project_level or source.listing_of_id or source.shared_from_id:
            return (
                f"「{row.shared_from}」は共通事業の元にできません"
                "(最後の階層の、再掲でも共通事業でもない項目を選んでください)。"
            )
        return self._row_refusal(row) or self._scale_refusal(title, source)

    def _row_refusal(self, row: NodeRow) -> str:
        if row.level != self.document.project_level or row.listing_of:
            return "共通事業にできるのは、最後の階層の再掲でない行だけです。"
        if row.owners:
            return (
                "共通事業の行には担当課を入力しません(担当課は元の計画の項目のものです)。"
                "「担当課」を空欄にしてください。"
            )
        if row.code in self.evaluated:
            return "共通事業の評価は元の計画で入力します。「評価」シートからこの番号の行を除いてください。"
        if row.code in self.shown_elsewhere:
            return (
                "この項目はほかの計画の共通事業の元になっているため、共通事業にできません(循環になります)。"
            )
        return ""

    def _scale_refusal(self, title: str, source: PlanNode) -> str:
        same_scale = self.plan is not None and source.plan.rating_scale_id == self.plan.rating_scale_id
        if same_scale or scale_codes(source.plan) == [row.code for row in self.document.codes]:
            return ""
        return (
            f"「{title}」は評価基準の記号が異なるため、共通事業にできません。"
            "「評価基準」シートの記号をそろえてください。"
        )


def link_shared_projects(
    municipality: Municipality, document: PlanDocument, nodes: dict[str, PlanNode]
) -> None:
    """Set each node's 共通事業 as the document says (checked by :func:`shared_problems`)."""
    sources = _sources(municipality, document)
    for row in document.nodes:
        node = nodes[row.code]
        source = sources[_split(row.shared_from)] if row.shared_from else None
        if node.shared_from_id != (source.pk if source else None):
            node.shared_from = source
            node.save(update_fields=["shared_from"])


def shared_cells(plan: Plan) -> dict[int, str]:
    """The 共通事業 cell of each node of ``plan`` that shows another plan's project: one query."""
    shown = PlanNode.objects.filter(plan=plan, shared_from__isnull=False).select_related("shared_from__plan")
    return {node.pk: shared_label(node.shared_from) for node in shown if node.shared_from is not None}
