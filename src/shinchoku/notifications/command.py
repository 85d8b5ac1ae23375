"""``shinchoku remind``: send the reminders the schedules say are due today, or with ``--now``
remind every department with entries due at once; print in Japanese what was (or would be) sent."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # Django is set up only when the command runs
    from shinchoku.notifications.services.reminders import DepartmentReminder, RoundReminders


def add_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    remind = commands.add_parser(
        "remind",
        help="提出期限の督促メールを送る(予定どおり、または --now で今すぐ。cron・systemd タイマー向け)",
    )
    remind.add_argument("--dry-run", action="store_true", help="送らずに、送る予定の内容を表示する")
    remind.add_argument(
        "--now", action="store_true", help="予定に関係なく、未提出のある担当課すべてに今すぐ督促する"
    )
    remind.add_argument("--format", choices=["text", "json"], default="text", help="出力形式(既定: text)")
    return remind


def run(args: argparse.Namespace) -> int:
    """Run after Django is set up; 0 when every mail went out, 1 when one failed."""
    from shinchoku.notifications.services.reminders import remind_all_now, send_due_reminders

    plans = remind_all_now(dry_run=args.dry_run) if args.now else send_due_reminders(dry_run=args.dry_run)
    if args.format == "json":
        print(
            json.dumps(
                {"dry_run": args.dry_run, "rounds": [_as_json(plan, args.dry_run) for plan in plans]},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print("\n".join(describe(plans, dry_run=args.dry_run)))
    failed = any(reminder.error for plan in plans for reminder in plan.departments)
    return 1 if failed else 0


def _state(reminder: DepartmentReminder, dry_run: bool) -> str:
    if reminder.error:
        return "failed"
    if reminder.already_sent:
        return "already_sent"
    return "would_send" if dry_run else "sent"


def _as_json(plan: RoundReminders, dry_run: bool) -> dict[str, Any]:
    return {
        "plan": plan.round.plan.title,
        "fiscal_year": plan.round.fiscal_year,
        "deadline": plan.round.deadline.isoformat() if plan.round.deadline else None,
        "key": plan.key,
        "departments": [
            {
                "department": reminder.department.name,
                "state": _state(reminder, dry_run),
                "to": list(reminder.addresses),
                "digest_to": list(reminder.approver_addresses),
                "entries": [entry.code for entry in reminder.entries],
                "error": reminder.error,
            }
            for reminder in plan.departments
        ],
    }


def describe(plans: list[RoundReminders], *, dry_run: bool) -> list[str]:
    """What was (or, with ``dry_run``, would be) sent, one line per department, in Japanese."""
    from shinchoku.core.reminder_schedule import describe_step

    if not plans:
        return ["今日送る督促はありません。"]
    verb = "送ります(--dry-run のため送っていません)" if dry_run else "送りました"
    lines: list[str] = []
    for plan in plans:
        lines.append(
            f"{plan.round.plan.title} {plan.round.fiscal_year_label}(提出期限 {plan.deadline_text}、"
            f"{describe_step(plan.step)}の督促)"
        )
        if not plan.departments:
            lines.append("  未提出の評価はありません。")
        for reminder in plan.departments:
            head = f"  {reminder.department.name}: 未提出 {len(reminder.entries)} 件"
            if reminder.already_sent:
                lines.append(f"{head} — 本日は送信済みです。")
            elif reminder.error:
                lines.append(f"{head} — {reminder.error}")
            else:
                to = "、".join(reminder.addresses) or "メールの宛先なし(お知らせのみ)"
                digest = (
                    f"/所属長へ期限超過の一覧: {'、'.join(reminder.approver_addresses)}"
                    if reminder.approver_addresses
                    else ""
                )
                lines.append(f"{head} — {verb}: {to}{digest}")
    return lines
