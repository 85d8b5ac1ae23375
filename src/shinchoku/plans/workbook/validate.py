"""Cross-checks of a read :class:`~.document.PlanDocument`, without the database.

Each sheet refers to others by name or number (a node's 上位の番号 and 担当課, an indicator's
事業の番号 …); :func:`validate_document` returns a problem for every reference that does not hold,
named by sheet, row and column.
"""

from __future__ import annotations

from collections import Counter

from shinchoku.plans.workbook import layout
from shinchoku.plans.workbook.document import NodeRow, PlanDocument, Problem
from shinchoku.plans.workbook.layout import Place
from shinchoku.plans.workbook.revisions import revision_problems


class _Places:
    """The place of a cell by sheet, row and header, with the columns as the file has them."""

    def __init__(self, columns: dict[str, dict[str, int]]) -> None:
        self.columns = columns

    def __call__(self, sheet: str, line: int, header: str) -> Place:
        column = self.columns.get(sheet, {}).get(header, layout.HEADERS[sheet].index(header) + 1)
        return Place(sheet, line, column, header)


def _nodes(document: PlanDocument, problems: list[Problem], _at: _Places) -> dict[str, NodeRow]:
    sheet, labels = layout.NODES_SHEET, document.settings.level_labels
    departments = {row.name for row in document.departments}
    nodes: dict[str, NodeRow] = {}
    for row in document.nodes:
        if row.code in nodes:
            problems.append(
                Problem(
                    _at(sheet, row.line, "番号"),
                    f"番号「{row.code}」は {nodes[row.code].line}行目と重複しています。"
                    "番号は計画の中で一つずつにしてください。",
                )
            )
        else:
            nodes[row.code] = row
    project_level = document.project_level
    for row in document.nodes:
        if row.level < 0:
            continue  # the reader has said so
        parent = nodes.get(row.parent_code) if row.parent_code else None
        if row.parent_code and parent is None:
            problems.append(
                Problem(
                    _at(sheet, row.line, "上位の番号"),
                    f"上位の番号「{row.parent_code}」の行がありません。「体系」シートにある番号を入力してください。",
                )
            )
        elif parent is None and row.level != 0:
            problems.append(
                Problem(
                    _at(sheet, row.line, "上位の番号"),
                    f"「{labels[row.level]}」には上位の番号が必要です。"
                    f"一つ上の階層「{labels[row.level - 1]}」の番号を入力してください。",
                )
            )
        elif parent is not None and parent.level >= 0 and row.level != parent.level + 1:
            problems.append(
                Problem(
                    _at(sheet, row.line, "階層"),
                    f"階層「{labels[row.level]}」は、上位の番号「{parent.code}」の階層"
                    f"「{labels[parent.level]}」のすぐ下ではありません。"
                    + (
                        f"「{labels[parent.level + 1]}」にするか、上位の番号を直してください。"
                        if parent.level + 1 < len(labels)
                        else "上位の番号を直してください。"
                    ),
                )
            )
        unknown = [name for name in row.owners if name not in departments]
        if unknown:
            problems.append(
                Problem(
                    _at(sheet, row.line, "担当課"),
                    f"担当課「{'」「'.join(unknown)}」が「担当課」シートにありません。名称を合わせるか、"
                    "「担当課」シートに加えてください。",
                )
            )
        repeated = [name for name, count in Counter(row.owners).items() if count > 1]
        if repeated:
            problems.append(
                Problem(
                    _at(sheet, row.line, "担当課"), f"担当課「{'」「'.join(repeated)}」が重複しています。"
                )
            )
        if row.owners and row.level != project_level:
            problems.append(
                Problem(
                    _at(sheet, row.line, "担当課"),
                    f"担当課を入力できるのは最後の階層「{labels[project_level]}」の行だけです。",
                )
            )
        if row.listing_of:
            original = nodes.get(row.listing_of)
            if original is None:
                why = (
                    f"再掲元の番号「{row.listing_of}」の行がありません。"
                    "「体系」シートにある番号を入力してください。"
                )
            elif original.code == row.code or original.listing_of:
                why = (
                    f"「{row.listing_of}」は再掲元にできません。"
                    f"再掲でない{labels[project_level]}の番号を入力してください。"
                )
            elif row.level != project_level or original.level != project_level:
                why = f"再掲できるのは「{labels[project_level]}」どうしだけです。"
            else:
                continue
            problems.append(Problem(_at(sheet, row.line, "再掲元の番号"), why))
    return nodes


def validate_document(document: PlanDocument) -> list[Problem]:
    """Every broken reference of ``document``; an empty list when it makes a plan."""
    problems: list[Problem] = []
    _at = _Places(document.columns)
    nodes = _nodes(document, problems, _at)
    settings = document.settings
    project_level = document.project_level
    project_label = settings.level_labels[project_level]
    codes = {row.code for row in document.codes}
    period = range(settings.first_fiscal_year, settings.last_fiscal_year + 1)

    def project(sheet: str, line: int, code: str, *, evaluated: bool) -> NodeRow | None:
        node = nodes.get(code)
        if node is None:
            problems.append(
                Problem(
                    _at(sheet, line, "事業の番号"),
                    f"番号「{code}」の{project_label}が「体系」シートにありません。",
                )
            )
        elif evaluated and (node.level != project_level or node.listing_of):
            why_not = (
                "再掲の行です。再掲元の番号で入力してください"
                if node.listing_of
                else "最後の階層ではありません"
            )
            problems.append(
                Problem(
                    _at(sheet, line, "事業の番号"),
                    f"「{code}」は評価する{project_label}ではありません({why_not})。",
                )
            )
            return None
        return node

    def year(sheet: str, line: int, fiscal_year: int) -> None:
        if fiscal_year and fiscal_year not in period:
            problems.append(
                Problem(
                    _at(sheet, line, "年度"),
                    f"{fiscal_year}年度は計画期間({settings.first_fiscal_year}〜{settings.last_fiscal_year}年度)の外です。",
                )
            )

    indicator_lines: dict[tuple[str, str], int] = {}
    for row in document.indicators:
        node = project(layout.INDICATORS_SHEET, row.line, row.project_code, evaluated=False)
        if node is not None and node.listing_of:
            problems.append(
                Problem(
                    _at(layout.INDICATORS_SHEET, row.line, "事業の番号"),
                    f"「{row.project_code}」は再掲の行です。指標は再掲元の番号で入力してください。",
                )
            )
        if row.key in indicator_lines:
            problems.append(
                Problem(
                    _at(layout.INDICATORS_SHEET, row.line, "指標名"),
                    f"指標「{row.label}」は {indicator_lines[row.key]}行目と重複しています。",
                )
            )
        indicator_lines.setdefault(row.key, row.line)

    seen_evaluations: dict[tuple[int, str, str], int] = {}
    for evaluation in document.evaluations or []:
        sheet = layout.EVALUATIONS_SHEET
        year(sheet, evaluation.line, evaluation.fiscal_year)
        node = project(sheet, evaluation.line, evaluation.project_code, evaluated=True)
        if node is not None and evaluation.department and evaluation.department not in node.owners:
            problems.append(
                Problem(
                    _at(sheet, evaluation.line, "担当課"),
                    f"「{evaluation.department}」は{project_label}「{node.code}」の担当課ではありません"
                    f"(担当課: {'、'.join(node.owners) or 'なし'})。",
                )
            )
        if evaluation.rating and evaluation.rating not in codes:
            problems.append(
                Problem(
                    _at(sheet, evaluation.line, "評価"),
                    f"「{evaluation.rating}」は「評価基準」シートにありません。"
                    f"{'・'.join(row.code for row in document.codes)} のどれかを入力するか、"
                    "空欄にしてください。",
                )
            )
        if evaluation.key in seen_evaluations:
            problems.append(
                Problem(
                    _at(sheet, evaluation.line, "事業の番号"),
                    f"同じ年度・{project_label}・担当課の評価が "
                    f"{seen_evaluations[evaluation.key]}行目にもあります。",
                )
            )
        seen_evaluations.setdefault(evaluation.key, evaluation.line)

    seen_targets: dict[tuple[str, str, int], int] = {}
    for target in document.targets or []:
        sheet = layout.TARGETS_SHEET
        year(sheet, target.line, target.fiscal_year)
        if (target.project_code, target.label) not in indicator_lines:
            problems.append(
                Problem(
                    _at(sheet, target.line, "指標名"),
                    f"{project_label}「{target.project_code}」の指標「{target.label}」が「指標」シートにありません。",
                )
            )
        if target.key in seen_targets:
            problems.append(
                Problem(
                    _at(sheet, target.line, "年度"),
                    f"同じ指標・年度の目標値が {seen_targets[target.key]}行目にもあります。",
                )
            )
        seen_targets.setdefault(target.key, target.line)

    seen_values: dict[tuple[str, str, int], int] = {}
    for value in document.values or []:
        sheet = layout.VALUES_SHEET
        year(sheet, value.line, value.fiscal_year)
        if (value.project_code, value.label) not in indicator_lines:
            problems.append(
                Problem(
                    _at(sheet, value.line, "指標名"),
                    f"{project_label}「{value.project_code}」の指標「{value.label}」が「指標」シートにありません。",
                )
            )
        if value.key in seen_values:
            problems.append(
                Problem(
                    _at(sheet, value.line, "年度"),
                    f"同じ指標・年度の実績値が {seen_values[value.key]}行目にもあります。",
                )
            )
        seen_values.setdefault(value.key, value.line)
    return problems + revision_problems(document, nodes, _at)
