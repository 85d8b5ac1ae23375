"""The ``shinchoku quality`` command: a round's quality findings as JSON or a Japanese table.

Building the parser needs no Django; the handler imports the selectors when it runs (Django is
set up by then). Dismissed findings are left out: the command lists what still needs a look.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def add_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Add ``quality`` to ``commands``; the caller sets its handler."""
    quality = commands.add_parser(
        "quality", help="年度の評価の確認事項(数字の書き漏れ・昨年度と同じ文章など)を一覧する"
    )
    quality.add_argument("--year", required=True, help="年度(例: 2023、令和5年度、R5)")
    quality.add_argument("--plan", help="計画の番号または名称(計画が一つだけなら省略可)")
    quality.add_argument(
        "--format", choices=["table", "json"], default="table", help="出力の形式(既定: table)"
    )
    return quality


def findings_json(round_: Any) -> dict[str, list[dict[str, Any]]]:
    """``{"findings": [{"project", "department", "field", "check", "excerpt", …}]}`` for ``round_``."""
    from shinchoku.evaluations.selectors.quality import round_findings

    rows = []
    for item in round_findings(round_):
        for shown in item.open:
            finding = shown.finding
            rows.append(
                {
                    "project": item.entry.project.code,
                    "department": item.entry.department.name,
                    "field": finding.field,
                    "check": finding.check,
                    "excerpt": finding.excerpt,
                    "entry_id": item.entry.pk,
                    "check_name": finding.check_name,
                    "field_label": finding.field_label,
                }
            )
    return {"findings": rows}


def run(args: argparse.Namespace) -> int:
    """Print the findings of the round ``--plan`` / ``--year`` names; 2 when it names none."""
    from shinchoku.reports.cli import ReportCommandError, find_round

    try:
        round_ = find_round(args.plan, args.year)
    except ReportCommandError as error:
        print(f"エラー: {error.args[0]}", file=sys.stderr)
        return 2
    document = findings_json(round_)
    if args.format == "json":
        json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    rows = document["findings"]
    print(f"{round_.plan.title} {round_.fiscal_year_label}の確認事項: {len(rows)}件")
    if rows:
        print("事業\t担当課\t確認事項\t欄\t該当箇所")
    for row in rows:
        print(
            f"{row['project']}\t{row['department']}\t{row['check_name']}\t{row['field_label']}\t{row['excerpt']}"
        )
    return 0
