"""Japanese summaries of a parsed report and of a stored import, for the command line."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from shinchoku.core.fiscal_year import format_with_seireki
from shinchoku.ingest.report_text.document import ParsedReport, ReviewItem

if TYPE_CHECKING:  # commit imports Django models; the dry run must work without Django set up
    from shinchoku.ingest.report_text.commit import StoreResult

OBJECT_LABELS = {
    "round": "年度",
    "department": "担当課・事業主体",
    "node": "計画の項目",
    "owners": "事業主体の割り当て",
    "node_evaluation": "施策・事業の評価",
    "entry": "担当課別の評価",
    "indicator": "指標",
}


def _counts_line(report: ParsedReport) -> str:
    relisted = sum(project.relisted for project in report.projects)
    return (
        f"{format_with_seireki(report.fiscal_year)}: "
        f"基本目標 {len(report.goals)}、施策 {len(report.policies)}、"
        f"取組 {len(report.initiatives)}、事業 {len(report.projects)}(うち再掲 {relisted})"
    )


def _review_lines(items: list[tuple[str, ReviewItem]]) -> list[str]:
    if not items:
        return ["要確認の項目はありません。"]
    by_field = Counter(item.field for _, item in items)
    lines = [
        f"要確認 {len(items)} 件(" + "、".join(f"{name} {count}" for name, count in by_field.items()) + "):"
    ]
    for where, item in items:
        raw = f" [原文: {item.raw}]" if item.raw else ""
        lines.append(f"  {item.line}行目 {where} {item.field}: {item.message}{raw}")
    return lines


def describe_preview(report: ParsedReport) -> str:
    """What a dry run found, with every field that needs review."""
    return "\n".join(
        [
            "読み取り結果(取り込みは行っていません)",
            _counts_line(report),
            *_review_lines(report.all_review_items()),
        ]
    )


def describe_import(report: ParsedReport, stored: StoreResult) -> str:
    """What an import stored, and what the person importing should check."""
    lines = [f"取り込みました: {stored.round}", _counts_line(report)]
    if not stored.changed:
        lines.append("データベースの内容は変わりませんでした(同じ内容が取り込み済みです)。")
    for title, counts in (("新規", stored.created), ("更新", stored.updated)):
        if counts:
            lines.append(
                f"{title}: " + "、".join(f"{OBJECT_LABELS.get(k, k)} {v}" for k, v in counts.items())
            )
    items = report.all_review_items() + [("取込", item) for item in stored.review]
    return "\n".join([*lines, *_review_lines(items)])
