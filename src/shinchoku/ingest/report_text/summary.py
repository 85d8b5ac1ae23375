"""Japanese summaries of a parsed report and of a stored import, for the command line."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from shinchoku.core.fiscal_year import format_with_seireki
from shinchoku.ingest.report_text.corrections import Correction
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

# The stored fields an import writes, as the corrections it keeps name them.
FIELD_LABELS = {
    "title": "名称",
    "description": "内容",
    "final_target": "計画最終年度までの目標",
    "progress": "進捗状況",
    "reason": "評価の理由",
    "next_year_goal": "次年度の目標",
    "rating": "評価",
    "owners": "事業主体",
    "listing_of": "再掲の掲載元",
    "parent": "上位の項目",
    "position": "並び順",
    "level": "階層",
    "status": "状態",
    "rule": "評価の決め方",
    "unit": "単位",
    "target_value": "目標値",
    "target_year": "目標年度",
    "baseline_value": "基準値",
    "baseline_year": "基準年度",
    "direction": "目標の方向",
}


def _shown(value: object) -> str:
    if value is None or value == "":
        return "(空欄)"
    if isinstance(value, list):
        return "、".join(str(part) for part in value) or "(なし)"
    text = str(value).replace("\n", " ")
    return text if len(text) <= 40 else text[:39] + "…"


def correction_lines(kept: list[Correction], conflicts: list[Correction]) -> list[str]:
    """「訂正を保持」 lines for the corrections a re-import kept, and the conflicts (the file now
    differs from both the previous import and the correction) with what was done about them."""
    lines = []
    for found in kept:
        label = FIELD_LABELS.get(found.field, found.field)
        lines.append(
            f"訂正を保持: {found.place.line}行目 {found.place.label} {label}: "
            f"「{_shown(found.stored)}」のままにしました(ファイルは「{_shown(found.file)}」)"
        )
    for found in conflicts:
        label = FIELD_LABELS.get(found.field, found.field)
        done = (
            "ファイルの値で上書きしました"
            if found.applied
            else "訂正を残しました。ファイルの値にするには --overwrite-corrections を付けて"
            "取り込み直してください"
        )
        lines.append(
            f"競合: {found.place.line}行目 {found.place.label} {label}: 訂正後「{_shown(found.stored)}」、"
            f"前回の取込「{_shown(found.previous)}」、ファイル「{_shown(found.file)}」。{done}。"
        )
    return lines


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
    lines += correction_lines(stored.kept, stored.conflicts)
    lines += [
        f"訂正を保持: 正誤 {place}: 「{_shown(value)}」のままにしました(公表した年度の訂正)"
        for place, value in stored.corrected_names
    ]
    return "\n".join([*lines, *_review_lines(report.all_review_items())])
