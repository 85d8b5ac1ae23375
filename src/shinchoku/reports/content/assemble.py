"""Assembling :class:`ReportContent` for one round from the evaluation selectors.

The selectors decide what a node's rating is (consolidated, per department, cross-listings);
this module only reshapes their answers into frozen values and adds the summary. It never
widens what the audience may see: "public" refuses an unpublished round, compares with published
years only and leaves out how ratings were produced.
"""

from __future__ import annotations

from collections.abc import Iterator

from shinchoku.core import fiscal_year as fy
from shinchoku.editions.corrections import RoundCorrections, corrected_on, correction_mark, corrections_of
from shinchoku.evaluations.models import Round
from shinchoku.evaluations.selectors import (
    DepartmentText,
    PlanTree,
    PolicySheet,
    SheetRow,
    TreeNode,
    is_policy,
    plan_tree,
    policy_sheet,
)
from shinchoku.evaluations.selectors.shared import shared_note
from shinchoku.plans.models import PlanNode
from shinchoku.reports.content.model import (
    CellText,
    CorrectionLine,
    DepartmentRating,
    InitiativeSection,
    LegendEntry,
    NodeHeading,
    Opinion,
    PolicyPart,
    ProjectRow,
    ReportContent,
)
from shinchoku.reports.content.summary import build_summary
from shinchoku.reports.registry import Audience


class ReportContentError(ValueError):
    """The report cannot be produced for this audience; the message is Japanese."""


def heading(node: PlanNode) -> NodeHeading:
    return NodeHeading(node.level_label, node.code, node.display_title)


def walk(nodes: list[TreeNode]) -> Iterator[TreeNode]:
    """Every tree node, depth first, in plan order."""
    for node in nodes:
        yield node
        yield from walk(node.children)


def previous_round(round_: Round, audience: Audience) -> Round | None:
    """The latest earlier round of the plan the audience may read (published ones for the public)."""
    rounds = Round.objects.filter(plan_id=round_.plan_id, fiscal_year__lt=round_.fiscal_year)
    if audience == "public":
        rounds = rounds.filter(state=Round.State.PUBLISHED)
    return rounds.order_by("-fiscal_year").first()


def build_report_content(round_: Round, audience: Audience = "public") -> ReportContent:
    """The content of ``round_``'s report for ``audience``.

    Raises :class:`ReportContentError` when ``audience`` is "public" and the round is not
    published. Callers check beforehand that the person asking may read the round.
    """
    round_ = Round.objects.select_related("plan__municipality").get(pk=round_.pk)
    plan = round_.plan
    if audience == "public" and not round_.is_published:
        raise ReportContentError(
            f"{round_.fiscal_year_label}はまだ公表されていないため、公開用の報告書は作れません"
            "(職員用は --audience staff で出力できます)。"
        )
    tree = plan_tree(plan, round_)
    plan = tree.plan  # as the round shows it: a published round's frozen structure
    previous = previous_round(round_, audience)
    previous_tree: PlanTree | None = plan_tree(plan, previous) if previous else None
    corrections = corrections_of(round_)
    policies = tuple(
        _policy_part(policy_sheet(node.node, round_), audience, corrections)
        for node in walk(tree.roots)
        if is_policy(node.node, plan)
    )
    draft = None
    if not round_.is_published:
        draft = (
            f"この報告書は「{round_.get_state_display()}」の年度の内容です。"
            "公表前のため、内容は変わることがあります。"
        )
    return ReportContent(
        municipality=plan.municipality.name,
        municipality_code=plan.municipality.code,
        plan_title=plan.title,
        period_label=plan.period_label,
        level_labels=tuple(str(label) for label in plan.level_labels),
        evaluation_level=plan.evaluation_level,
        fiscal_year=round_.fiscal_year,
        year_label=fy.format_with_seireki(round_.fiscal_year),
        short_year_label=fy.format_wareki(round_.fiscal_year),
        next_year_label=fy.format_wareki(round_.fiscal_year + 1),
        audience=audience,
        draft_notice=draft,
        scale=tuple(LegendEntry(c.code, c.definition or c.label, c.is_rating) for c in tree.codes),
        summary=build_summary(round_, tree, previous_tree),
        policies=policies,
        corrections=tuple(
            CorrectionLine(
                fy.format_date_wareki(corrected_on(item)),
                item.place,
                item.previous_value,
                item.corrected_value,
                item.reason,
            )
            for item in corrections.rows
        ),
    )


def _texts(texts: list[DepartmentText]) -> tuple[CellText, ...]:
    return tuple(CellText(t.department.name if t.department else None, t.text) for t in texts)


def _row(row: SheetRow, corrections: RoundCorrections) -> ProjectRow:
    original = row.original
    corrected = corrections.of_project(row.project.pk)
    return ProjectRow(
        code=row.project.code,
        title=row.project.display_title,
        description=row.description,
        owners=tuple(owner.name for owner in row.owners),
        rating=row.rating.code if row.rating else None,
        department_ratings=tuple(
            DepartmentRating(item.department.name, item.rating.code if item.rating else None)
            for item in row.department_ratings
        ),
        final_target=_texts(row.final_target),
        progress=_texts(row.progress),
        reason=_texts(row.reason),
        next_year_goal=_texts(row.next_year_goal),
        cross_listing_of=heading(original) if original else None,
        shared_note=shared_note(row.project),
        corrected=correction_mark(corrected) if corrected else "",
    )


def _policy_part(sheet: PolicySheet, audience: Audience, corrections: RoundCorrections) -> PolicyPart:
    evaluation = sheet.evaluation
    return PolicyPart(
        anchor=f"policy-{sheet.node.pk}",
        node=heading(sheet.node),
        ancestors=tuple(heading(node) for node in sheet.ancestors),
        description=sheet.node.description,
        rating=sheet.rating.code if sheet.rating else None,
        legend=tuple(
            LegendEntry(
                item.code.code, item.code.definition or item.code.label, item.code.is_rating, item.is_current
            )
            for item in sheet.legend
        ),
        evaluation_comment=evaluation.comment if evaluation else "",
        evaluation_rule=evaluation.rule_label if evaluation and audience == "staff" else "",
        sections=tuple(
            InitiativeSection(
                heading(s.initiative) if s.initiative else None,
                tuple(_row(r, corrections) for r in s.rows),
                tuple(heading(node) for node in s.path),
            )
            for s in sheet.sections
        ),
        opinions=tuple(Opinion(heading(item.node), item.opinion, item.response) for item in sheet.opinions),
    )
