"""The ``shinchoku`` command: demo, serve, setup, import-report, report, plan, remind, opendata, backup,
restore and manage.

Django is set up only inside each sub-command, after the environment it needs is in place, so
``import-report --dry-run`` works without any database.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shinchoku.settings")
    import django

    django.setup()


def _fail(message: str, code: int = 2) -> int:
    print(f"エラー: {message}", file=sys.stderr)
    return code


def _ensure_data_dir() -> None:
    from django.conf import settings

    Path(settings.CONFIG.data_dir).mkdir(parents=True, exist_ok=True)


def _pending_migrations() -> bool:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def command_demo(args: argparse.Namespace) -> int:
    """Create the embedded demo database if needed, then serve it on the loopback address; with
    ``--municipalities`` the national dataset instead, in ``--database-url`` when given."""
    if args.municipalities is None and (args.database_url or args.seed is not None):
        return _fail(
            "--database-url と --seed は --municipalities(全国データの自治体数)と一緒に指定してください。"
        )
    os.environ["SHINCHOKU_DEMO"] = "true"
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    _setup_django()
    _ensure_data_dir()
    from django.core.management import call_command

    from shinchoku.demo.accounts import DemoUserError
    from shinchoku.demo.command import prepare_demo
    from shinchoku.demo.national import NationalDatasetError
    from shinchoku.demo.national_command import prepare_national

    call_command("migrate", verbosity=0)
    url = f"http://{args.host}:{args.port}/"
    try:
        if args.municipalities is None:
            welcome = prepare_demo(url=url)
        else:
            seed = 2024 if args.seed is None else args.seed
            welcome = prepare_national(municipalities=args.municipalities, seed=seed, url=url)
    except (DemoUserError, NationalDatasetError, ValueError) as error:
        return _fail(str(error))
    print(welcome, flush=True)
    if args.no_serve:
        return 0
    from shinchoku.server import serve
    from shinchoku.wsgi import application

    # One person tries the demo: this process is plenty.
    serve(application, args.host, args.port, threads=8, workers=0)
    return 0


def command_serve(args: argparse.Namespace) -> int:
    """Serve with waitress after the system checks (deployment ones included) pass and the
    database is up to date; each check message is shown in Japanese, an error refuses start-up."""
    if args.workers < 0:
        return _fail("--workers には 1 以上の数を指定してください(省略すると CPU の数)。")
    _setup_django()
    from django.conf import settings

    from shinchoku.checks import run_startup_checks
    from shinchoku.server import default_workers, serve
    from shinchoku.wsgi import application

    if not run_startup_checks(deploy=settings.CONFIG.production, stream=sys.stderr):
        return _fail("設定に誤りがあるため起動しません。上のエラーを直してから、もう一度起動してください。")
    if _pending_migrations():
        return _fail("データベースが最新ではありません。先に shinchoku manage migrate を実行してください。")
    workers = args.workers or default_workers()
    if args.remind_daily or settings.CONFIG.remind_daily:
        from shinchoku.notifications.daily import start_daily_reminders

        start_daily_reminders()
        print("予定の督促を毎日このサーバーから送ります(--remind-daily)。", flush=True)
    public = settings.CONFIG.public_url
    address = f"http://{args.host}:{args.port}/" + (f"(公開アドレス {public.origin}/)" if public else "")
    print(f"shinchoku を {address} で起動しました(プロセス {workers} 個)。", flush=True)
    behind_tls_proxy = public is not None and public.https
    if not serve(
        application,
        args.host,
        args.port,
        threads=args.threads,
        workers=workers,
        behind_tls_proxy=behind_tls_proxy,
        forwards_client_address=settings.CONFIG.trusted_proxy_count > 0,
    ):
        return _fail("処理用のプロセスが異常終了を繰り返したため停止しました。ログを確認してください。", 1)
    return 0


def command_setup(args: argparse.Namespace) -> int:
    """Create a municipality and its first 事務局 member with a one-time password (idempotent);
    see :mod:`shinchoku.accounts.setup`."""
    _setup_django()
    _ensure_data_dir()
    from django.core.management import call_command

    from shinchoku.accounts.setup import SetupError, set_up_municipality

    if _pending_migrations():
        print("データベースを最新の形にしています…", flush=True)
        call_command("migrate", verbosity=0)
    try:
        outcome = set_up_municipality(
            None,
            name=args.municipality,
            code=args.code,
            admin_username=args.admin,
            admin_display_name=args.admin_name or "",
            reset_password=args.reset_password,
        )
    except SetupError as error:
        return _fail(f"{error}(何も変更していません。)")
    print(outcome.describe())
    if outcome.password is not None:
        print(
            "\n".join(
                [
                    f"  ログインID:         {outcome.admin.username}",
                    f"  一時パスワード:     {outcome.password}",
                    "この一時パスワードは今回だけ表示します。初回ログインのときに、本人が新しいパスワードに"
                    "変更します(変更するまでほかの画面は使えません)。",
                ]
            )
        )
    return 0


def command_import_report(args: argparse.Namespace) -> int:
    """Preview (--dry-run) or import a published report's extracted text."""
    from shinchoku.ingest.report_text.document import ReportFormatError

    path = Path(args.file)
    if not path.is_file():
        return _fail(f"ファイル {path} が見つかりません。")
    if args.dry_run:
        from shinchoku.ingest.report_text.parse import parse_report, read_report_file
        from shinchoku.ingest.report_text.preview import to_preview_dict

        try:
            report = parse_report(read_report_file(path), file_name=path.name)
        except ReportFormatError as error:
            return _fail(str(error))
        if args.format == "json":
            json.dump(to_preview_dict(report), sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        else:
            from shinchoku.ingest.report_text.summary import describe_preview

            print(describe_preview(report))
        return 0
    missing = [
        flag
        for flag, value in (
            ("--municipality", args.municipality),
            ("--code", args.code),
            ("--plan", args.plan),
        )
        if not value
    ]
    if missing:
        return _fail(
            f"取り込むには {'、'.join(missing)} を指定してください(例: --municipality 北本市 --code 112330 "
            "--plan 地域福祉計画)。内容の確認だけなら --dry-run を付けてください。"
        )
    return _import(path, args)


def _import(path: Path, args: argparse.Namespace) -> int:
    _setup_django()
    _ensure_data_dir()
    from shinchoku.core.fiscal_year import FiscalYearError, parse_fiscal_year
    from shinchoku.core.local_government_code import LocalGovernmentCodeError
    from shinchoku.ingest.report_text.commit import ImportTarget, RoundNotOursError
    from shinchoku.ingest.report_text.document import ReportFormatError
    from shinchoku.ingest.report_text.summary import describe_import
    from shinchoku.ingest.services import import_report

    if _pending_migrations():
        return _fail("データベースが最新ではありません。先に shinchoku manage migrate を実行してください。")
    try:
        first, last = (
            (parse_fiscal_year(part) for part in args.period.split("-", 1)) if args.period else (None, None)
        )
    except (FiscalYearError, ValueError):
        return _fail(f"--period「{args.period}」は「2022-2026」や「R4-R8」の形で指定してください。")
    target = ImportTarget(args.municipality, args.code, args.plan, first, last)
    try:
        outcome = import_report(
            actor=None, path=path, target=target, overwrite_corrections=args.overwrite_corrections
        )
    except (ReportFormatError, LocalGovernmentCodeError, RoundNotOursError) as error:
        return _fail(str(error))
    print(describe_import(outcome.report, outcome.stored))
    still_open = outcome.run.items.filter(status="open").count()
    if still_open:
        print(
            f"未対応の要確認 {still_open} 件は、職員サイトの「取込の要確認」"
            f"(/staff/imports/{outcome.run.pk}/)で直すか確認済みにできます。"
        )
    return 0


def command_report(args: argparse.Namespace) -> int:
    """Write one round's report in a registered format (pdf, xlsx, html, csv, json)."""
    _setup_django()
    from shinchoku.reports import registry
    from shinchoku.reports.cli import ReportCommandError, find_round, progress_bar

    try:
        report_format = registry.get(args.format)
        round_ = find_round(args.plan, args.year)
    except (ReportCommandError, registry.UnknownFormatError) as error:
        return _fail(str(error.args[0]))
    request = registry.ReportRequest(
        round=round_,
        audience=args.audience,
        progress=progress_bar(sys.stdout) if sys.stdout.isatty() else None,
    )
    out = Path(args.out) if args.out else Path(report_format.file_name(request))
    try:
        data = report_format.render(request)
    except ValueError as error:  # e.g. a public report of an unpublished round
        return _fail(str(error))
    out.write_bytes(data)
    label = f"{round_.plan.title} {round_.fiscal_year_label}の報告書({report_format.label})"
    print(f"{label}を {out} に書き出しました。")
    return 0


def command_plan(args: argparse.Namespace) -> int:
    """``plan import|export|template``: see :mod:`shinchoku.plans.workbook.command`."""
    _setup_django()
    if args.plan_command != "template":
        _ensure_data_dir()
        if _pending_migrations():
            return _fail(
                "データベースが最新ではありません。先に shinchoku manage migrate を実行してください。"
            )
    return int(args.plan_handler(args))


def command_quality(args: argparse.Namespace) -> int:
    """``quality``: see :mod:`shinchoku.evaluations.quality_command`."""
    _setup_django()
    from shinchoku.evaluations.quality_command import run

    return run(args)


def command_remind(args: argparse.Namespace) -> int:
    """``remind``: see :mod:`shinchoku.notifications.command`."""
    _setup_django()
    _ensure_data_dir()
    if _pending_migrations():
        return _fail("データベースが最新ではありません。先に shinchoku manage migrate を実行してください。")
    from shinchoku.notifications.command import run

    return run(args)


def command_opendata(args: argparse.Namespace) -> int:
    """``opendata``: see :mod:`shinchoku.reports.national.command`."""
    _setup_django()
    from shinchoku.reports.national.command import run

    return run(args)


def command_backup(args: argparse.Namespace) -> int:
    """Write a consistent backup of the whole database to FILE, also while the server runs."""
    _setup_django()
    from shinchoku.backup import BackupError, backup

    path = Path(args.file)
    try:
        database = backup(path)
    except BackupError as error:
        return _fail(str(error))
    print(f"{database.label} のデータベースを {path} にバックアップしました。")
    return 0


def command_restore(args: argparse.Namespace) -> int:
    """Replace the database's whole content with the backup FILE, after confirmation (or --yes)."""
    _setup_django()
    _ensure_data_dir()
    from shinchoku.backup import BackupError, check_backup, current_database, restore

    path = Path(args.file)
    database = current_database()
    try:
        check_backup(path, database)
    except BackupError as error:
        return _fail(str(error))
    if not args.yes:
        if not sys.stdin.isatty():
            return _fail(
                "復元すると現在のデータはすべて置き換わります。確認のため --yes を付けて実行してください。"
            )
        answer = input(
            f"{database.label} のデータベースの内容を {path} の内容ですべて置き換えます。"
            "サーバーは停止しておいてください。よろしいですか? [y/N] "
        )
        if answer.strip().lower() not in {"y", "yes", "はい"}:
            print("復元を取りやめました。")
            return 1
    try:
        restore(path)
    except BackupError as error:
        return _fail(str(error))
    print(f"{path} から復元しました。")
    if _pending_migrations():
        print(
            "このバックアップは以前の版のものです。shinchoku manage migrate を実行してから起動してください。"
        )
    return 0


def command_manage(args: argparse.Namespace) -> int:
    """Pass the remaining arguments to Django's management commands."""
    _setup_django()
    _ensure_data_dir()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["shinchoku manage", *args.arguments])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="shinchoku", description="進捗 — 計画の進行管理システム")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser("demo", help="デモデータを作成してデモを起動する")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--no-serve", action="store_true", help="データの準備だけ行い、サーバーは起動しない")
    demo.add_argument(
        "--municipalities",
        type=int,
        metavar="N",
        help="2市のデモの代わりに、全国の47都道府県に N 自治体(1〜1741)の架空データを生成する",
    )
    demo.add_argument(
        "--database-url",
        metavar="URL",
        help="全国データを入れるデータベース(postgres://…。省略すると組み込みの SQLite)",
    )
    demo.add_argument("--seed", type=int, help="全国データの乱数の種(既定: 2024。同じ種なら同じデータ)")
    demo.set_defaults(handler=command_demo)

    serve = commands.add_parser("serve", help="本番用のWebサーバーを起動する")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--threads", type=int, default=8, help="プロセスごとのスレッド数(既定: 8)")
    serve.add_argument(
        "--workers", type=int, default=0, help="処理用のプロセス数(既定: このマシンで使える CPU の数)"
    )
    serve.add_argument(
        "--remind-daily",
        action="store_true",
        help="予定の督促をこのサーバーから毎日送る(環境変数 SHINCHOKU_REMIND_DAILY=true でも可)",
    )
    serve.set_defaults(handler=command_serve)

    setup = commands.add_parser("setup", help="自治体と最初の事務局の職員を登録する(一時パスワードを表示)")
    setup.add_argument("--municipality", required=True, help="自治体名(例: 北本市)")
    setup.add_argument("--code", required=True, help="全国地方公共団体コード(6桁、例: 112330)")
    setup.add_argument("--admin", required=True, help="事務局の職員のログインID(例: kyosei-jimu)")
    setup.add_argument("--admin-name", help="事務局の職員の表示名(例: 共生 花子)")
    setup.add_argument(
        "--reset-password",
        action="store_true",
        help="登録済みの事務局の職員に新しい一時パスワードを発行する",
    )
    setup.set_defaults(handler=command_setup)

    importer = commands.add_parser(
        "import-report", help="公表済みの進捗状況報告書(PDFから抽出したテキスト)を取り込む"
    )
    importer.add_argument("file", help="取り込むテキストファイル(UTF-8 または Shift_JIS)")
    importer.add_argument("--dry-run", action="store_true", help="取り込まずに読み取り結果を表示する")
    importer.add_argument(
        "--overwrite-corrections",
        action="store_true",
        help="前回の取込の後に画面で訂正した値も、ファイルが変わっていればファイルの値で上書きする(競合の解消)",
    )
    importer.add_argument("--format", choices=["text", "json"], default="text", help="--dry-run の出力形式")
    importer.add_argument("--municipality", help="自治体名(例: 北本市)")
    importer.add_argument("--code", help="全国地方公共団体コード(例: 112330)")
    importer.add_argument("--plan", help="計画名(例: 地域福祉計画)")
    importer.add_argument("--period", help="計画期間(例: 2022-2026 または R4-R8)。新しい計画を作るときに使う")
    importer.set_defaults(handler=command_import_report)

    report = commands.add_parser("report", help="年度の報告書を書き出す(PDF・Excel・HTML・CSV・JSON)")
    report.add_argument("--year", required=True, help="年度(例: 2023、令和5年度、R5)")
    report.add_argument("--format", default="pdf", help="形式: pdf、xlsx、html、csv、json(既定: pdf)")
    report.add_argument("--plan", help="計画の番号または名称(計画が一つだけなら省略可)")
    report.add_argument("--out", help="書き出すファイル(既定: 現在のフォルダに標準の名前で)")
    report.add_argument("--audience", choices=["public", "staff"], default="public", help="公開用か職員用か")
    report.set_defaults(handler=command_report)

    _add_plan_commands(commands)
    _add_quality_command(commands)
    _add_remind_command(commands)
    _add_opendata_command(commands)

    backup = commands.add_parser("backup", help="データベース全体をファイルにバックアップする(稼働中でも可)")
    backup.add_argument("file", help="書き出すバックアップファイル")
    backup.set_defaults(handler=command_backup)

    restore = commands.add_parser("restore", help="バックアップファイルからデータベース全体を復元する")
    restore.add_argument("file", help="shinchoku backup で作ったファイル")
    restore.add_argument("--yes", action="store_true", help="確認せずに復元する")
    restore.set_defaults(handler=command_restore)

    manage = commands.add_parser("manage", help="Django の管理コマンドを実行する", add_help=False)
    manage.add_argument("arguments", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=command_manage)
    return parser


def _add_plan_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from shinchoku.plans.workbook.command import add_commands  # imports Django only when run

    add_commands(commands).set_defaults(handler=command_plan)


def _add_quality_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from shinchoku.evaluations.quality_command import add_command  # imports Django only when run

    add_command(commands).set_defaults(handler=command_quality)


def _add_remind_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from shinchoku.notifications.command import add_command  # imports Django only when run

    add_command(commands).set_defaults(handler=command_remind)


def _add_opendata_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from shinchoku.reports.national.command import add_command  # imports Django only when run

    add_command(commands).set_defaults(handler=command_opendata)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from shinchoku.config import ConfigurationError

    try:
        return int(args.handler(args))
    except ConfigurationError as error:
        return _fail(str(error))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
