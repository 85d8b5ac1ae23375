"""The ``shinchoku plan`` commands (import, export, template): argument handling and output only;
the work is done by the services of this package, imported when a command runs (Django is set up
by then; building the parser needs no Django)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from shinchoku.plans.workbook.layout import ACTION_LABELS, EXAMPLE_CODE, EXAMPLE_MUNICIPALITY, SHEETS

if TYPE_CHECKING:
    from shinchoku.plans.workbook.apply import PlanImport


def _error_json(errors: list[dict[str, object]]) -> None:
    json.dump(
        {"written": False, "counts": None, "changes": [], "errors": errors},
        sys.stdout,
        ensure_ascii=False,
        indent=2,
    )
    sys.stdout.write("\n")


def describe(outcome: PlanImport) -> str:
    """The Japanese summary of an import for the terminal."""
    lines = [f"計画「{outcome.document.settings.title}」({outcome.document.settings.municipality_name})"]
    counts = outcome.counts
    for sheet in SHEETS:
        told = "・".join(
            f"{ACTION_LABELS[action]} {count}件" for action, count in counts[sheet].items() if count
        )
        lines.append(f"  {sheet}: {told or '変更なし'}")
    if not outcome.changes:
        lines.append("ファイルは登録済みの計画と同じです。何も変更していません。")
    elif outcome.written:
        lines.append("取り込みました。")
    else:
        lines.append("確認のみ(--dry-run)のため、何も変更していません。")
    if outcome.published_years:
        verb = "公表しました" if outcome.written else "公表します"
        lines.append(f"{'、'.join(f'{year}年度' for year in outcome.published_years)}を{verb}。")
    return "\n".join(lines)


def command_import(args: argparse.Namespace) -> int:
    from shinchoku.plans.workbook.apply import import_plan_workbook
    from shinchoku.plans.workbook.document import PlanWorkbookError

    path = Path(args.file)
    as_json = args.format == "json"
    if not path.is_file():
        message = f"ファイル {path} が見つかりません。"
        if as_json:
            _error_json([{"sheet": None, "row": None, "column": None, "message": message, "text": message}])
        print(f"エラー: {message}", file=sys.stderr)
        return 2
    try:
        outcome = import_plan_workbook(
            None, path.read_bytes(), path.name, publish=args.publish, dry_run=args.dry_run
        )
    except PlanWorkbookError as error:
        if as_json:
            _error_json([problem.as_dict() for problem in error.problems])
        print(f"エラー: {path.name} を取り込めません(何も変更していません)。", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    if as_json:
        json.dump(outcome.summary(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(describe(outcome))
    return 0


def command_export(args: argparse.Namespace) -> int:
    from shinchoku.plans.workbook.export import export_plan_workbook
    from shinchoku.reports.cli import ReportCommandError, find_plan

    try:
        plan = find_plan(args.plan)
    except ReportCommandError as error:
        print(f"エラー: {error.args[0]}", file=sys.stderr)
        return 2
    Path(args.out).write_bytes(export_plan_workbook(None, plan))
    print(f"計画「{plan.title}」の体系ファイルを {args.out} に書き出しました。")
    return 0


def command_template(args: argparse.Namespace) -> int:
    from shinchoku.core.local_government_code import LocalGovernmentCodeError, normalise_code
    from shinchoku.plans.workbook.example import example_document
    from shinchoku.plans.workbook.export import write_plan_workbook

    if args.example:
        try:
            code = normalise_code(args.code)
        except LocalGovernmentCodeError as error:
            print(f"エラー: {error}", file=sys.stderr)
            return 2
        data = write_plan_workbook(example_document(args.municipality, code))
        what = f"記入例({args.municipality}、コード {code})"
    else:
        data = write_plan_workbook(None)
        what = "空のテンプレート"
    Path(args.out).write_bytes(data)
    print(f"計画の体系ファイルの{what}を {args.out} に書き出しました。")
    return 0


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Add ``plan import|export|template`` to the ``shinchoku`` parser; handlers get parsed args."""
    plan = commands.add_parser("plan", help="計画の体系ファイル(Excel)を取り込む・書き出す")
    actions = plan.add_subparsers(dest="plan_command", required=True, metavar="ACTION")
    importer = actions.add_parser(
        "import", help="計画の体系ファイルを取り込む(すべて反映するか、何もしないか)"
    )
    importer.add_argument("file", help="計画の体系ファイル(.xlsx)")
    importer.add_argument("--dry-run", action="store_true", help="変更点を表示するだけで、何も変更しない")
    importer.add_argument(
        "--format", choices=["text", "json"], default="text", help="出力形式(json は件数とエラーを機械可読で)"
    )
    importer.add_argument("--publish", action="store_true", help="「評価」「実績」シートの年度を公表済にする")
    importer.set_defaults(plan_handler=command_import)
    exporter = actions.add_parser("export", help="登録済みの計画を体系ファイルに書き出す")
    exporter.add_argument("--plan", required=True, help="計画の番号または名称")
    exporter.add_argument("--out", required=True, help="書き出すファイル(.xlsx)")
    exporter.set_defaults(plan_handler=command_export)
    template = actions.add_parser("template", help="空のテンプレート(または --example で記入例)を書き出す")
    template.add_argument("--out", required=True, help="書き出すファイル(.xlsx)")
    template.add_argument("--example", action="store_true", help="3階層の計画の記入例を書き出す")
    template.add_argument(
        "--municipality", default=EXAMPLE_MUNICIPALITY, help=f"記入例の自治体名(既定: {EXAMPLE_MUNICIPALITY})"
    )
    template.add_argument(
        "--code", default=EXAMPLE_CODE, help=f"記入例の全国地方公共団体コード(既定: {EXAMPLE_CODE})"
    )
    template.set_defaults(plan_handler=command_template)
    return plan
