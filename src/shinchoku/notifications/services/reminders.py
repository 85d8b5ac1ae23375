"""Reminders to departments with entries due (未提出 or 差戻し), by schedule or at once.

One mail per department lists its entries due, the deadline and the link to 自分の担当; it goes to
the department's editors and its own address. When the deadline has passed, the department's
所属長 also get a digest of the overdue entries. Every recipient user also gets an お知らせ, so that
a network without mail still carries the reminder.

A reminder is recorded per (round, department, key) before its mail leaves and the record is
unique: the same reminder is never sent twice, and a failed send leaves no record, so the next run
tries again. ``send_due_reminders`` follows each round's :class:`ReminderSchedule`;
``remind_now`` (the 今すぐ督促 button and ``shinchoku remind --now``) reminds at once, once a day.
"""

from __future__ import annotations

import logging
import smtplib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.audit.services import record
from shinchoku.core import reminder_schedule
from shinchoku.evaluations.models import Entry, Round
from shinchoku.notifications.mail import Mail, describe_failure, format_date, send_mails, site_link
from shinchoku.notifications.models import Notification, ReminderSent
from shinchoku.notifications.recipients import addresses, department_users
from shinchoku.notifications.services.notices import notify_users
from shinchoku.notifications.services.schedules import schedule_of
from shinchoku.plans.models import Department
from shinchoku.plans.workbook.snapshot import ordered_nodes

logger = logging.getLogger(__name__)

DUE_STATUSES = (Entry.Status.DRAFT, Entry.Status.RETURNED)
# Rounds whose departments can still act on entries due: returned entries are fixed during review.
REMINDABLE_STATES = (Round.State.COLLECTING, Round.State.REVIEW)
NOW_STEP = "now"


@dataclass(frozen=True)
class DueEntry:
    code: str
    title: str
    status: str

    @property
    def line(self) -> str:
        return f"・{self.code} {self.title}({self.status})"


@dataclass
class DepartmentReminder:
    """What one department gets: its entries due, the editors' mail and the 所属長's digest."""

    department: Department
    entries: list[DueEntry]
    editors: list[User]
    approvers: list[User]
    overdue: bool
    already_sent: bool = False
    sent: bool = False
    error: str = ""

    @property
    def addresses(self) -> tuple[str, ...]:
        return addresses(self.department, self.editors)

    @property
    def approver_addresses(self) -> tuple[str, ...]:
        return addresses(None, self.approvers) if self.overdue else ()

    @property
    def recipient_names(self) -> list[str]:
        people = self.editors + (self.approvers if self.overdue else [])
        return [
            *([f"{self.department.name}(課のアドレス)"] if self.department.email else []),
            *map(str, people),
        ]


@dataclass
class RoundReminders:
    """The reminders of one round for one step (a schedule step, or ``now``) on ``today``."""

    round: Round
    step: str
    today: date
    departments: list[DepartmentReminder] = field(default_factory=list)

    @property
    def key(self) -> str:
        return reminder_schedule.reminder_key(self.step, self.today)

    @property
    def deadline_text(self) -> str:
        return format_date(self.round.deadline) if self.round.deadline else "未設定"

    @property
    def to_send(self) -> list[DepartmentReminder]:
        return [reminder for reminder in self.departments if not reminder.already_sent]


def _today(now: datetime | None) -> date:
    return timezone.localdate(now or timezone.now())


def plan_round_reminders(round_: Round, step: str, today: date) -> RoundReminders:
    """Who would get what for ``round_`` at ``step`` on ``today`` (the preview; nothing is written)."""
    entries = Entry.objects.filter(round=round_, status__in=DUE_STATUSES).select_related(
        "project", "department"
    )
    # Departments in their order; within one, the entries as the plan reads (depth first).
    place = {node.pk: index for index, node in enumerate(ordered_nodes(round_.plan))}

    def order(entry: Entry) -> tuple[int, str, int]:
        return entry.department.position, entry.department.name, place.get(entry.project_id, 0)

    by_department: dict[int, list[Entry]] = defaultdict(list)
    departments: dict[int, Department] = {}
    for entry in sorted(entries, key=order):
        by_department[entry.department_id].append(entry)
        departments[entry.department_id] = entry.department
    result = RoundReminders(round=round_, step=step, today=today)
    key = result.key
    sent = set(ReminderSent.objects.filter(round=round_, key=key).values_list("department_id", flat=True))
    overdue = reminder_schedule.is_overdue(round_.deadline, today)
    for department_id, owed in by_department.items():
        department = departments[department_id]
        result.departments.append(
            DepartmentReminder(
                department=department,
                entries=[
                    DueEntry(entry.project.code, entry.project.display_title, entry.get_status_display())
                    for entry in owed
                ],
                editors=list(department_users(department, User.Role.EDITOR)),
                approvers=list(department_users(department, User.Role.APPROVER)),
                overdue=overdue,
                already_sent=department_id in sent,
            )
        )
    return result


def _reminder_mail(plan: RoundReminders, reminder: DepartmentReminder) -> Mail:
    round_ = plan.round
    title = f"{round_.plan.title} {round_.fiscal_year_label}"
    urgency = (
        "提出期限を過ぎています。至急ご提出ください。"
        if reminder.overdue
        else f"提出期限({plan.deadline_text})までにご提出ください。"
    )
    body = "\n".join(
        [
            f"{reminder.department.name} ご担当者様",
            "",
            f"{round_.plan.municipality.name}「{title}」の進行管理(進捗状況の評価)について、",
            f"次の {len(reminder.entries)} 件が提出されていません。提出期限は {plan.deadline_text} です。",
            urgency,
            "",
            *(entry.line for entry in reminder.entries),
            "",
            f"入力は「自分の担当」から: {site_link(reverse('web:my_entries'))}",
        ]
    )
    subject = f"【提出のお願い】{title}の評価(提出期限 {plan.deadline_text})"
    return Mail(to=reminder.addresses, subject=subject, body=body)


def _digest_mail(plan: RoundReminders, reminder: DepartmentReminder) -> Mail:
    round_ = plan.round
    title = f"{round_.plan.title} {round_.fiscal_year_label}"
    body = "\n".join(
        [
            f"{reminder.department.name} 所属長様",
            "",
            f"「{title}」の評価のうち、{reminder.department.name}の次の {len(reminder.entries)} 件が"
            f"提出期限({plan.deadline_text})を過ぎても提出されていません。",
            "担当者への確認をお願いします。",
            "",
            *(entry.line for entry in reminder.entries),
            "",
            f"一覧は「自分の担当」から: {site_link(reverse('web:my_entries'))}",
        ]
    )
    subject = f"【期限超過】{title}の未提出の評価({reminder.department.name} {len(reminder.entries)} 件)"
    return Mail(to=reminder.approver_addresses, subject=subject, body=body)


def _send_one(plan: RoundReminders, reminder: DepartmentReminder) -> None:
    """Record, notify and mail ``reminder`` in one transaction: a failed send records nothing."""
    mails = [_reminder_mail(plan, reminder)]
    if reminder.overdue and reminder.approvers:
        mails.append(_digest_mail(plan, reminder))
    link = reverse("web:my_entries")
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                round=plan.round,
                department=reminder.department,
                key=plan.key,
                recipients="\n".join(
                    [*reminder.addresses, *reminder.approver_addresses, *reminder.recipient_names]
                ),
                entry_count=len(reminder.entries),
            )
            notify_users(
                reminder.editors,
                kind=Notification.Kind.REMINDER,
                title=mails[0].subject,
                body=mails[0].body,
                link=link,
            )
            if len(mails) > 1:
                notify_users(
                    reminder.approvers,
                    kind=Notification.Kind.OVERDUE_DIGEST,
                    title=mails[1].subject,
                    body=mails[1].body,
                    link=link,
                )
            send_mails(mails)
    except IntegrityError:
        # Another run recorded this reminder first: it is sent, once.
        reminder.already_sent = True
        return
    except (OSError, smtplib.SMTPException) as error:
        # The relay is down or refused: the Japanese message says so; a traceback per department
        # would bury it in the administrator's terminal.
        logger.warning("reminder to %s failed: %s", reminder.department, error)
        reminder.error = describe_failure(error)
        return
    except Exception as error:
        logger.exception("reminder to %s failed", reminder.department)
        reminder.error = describe_failure(error)
        return
    reminder.sent = True


def _deliver(plan: RoundReminders, *, dry_run: bool) -> RoundReminders:
    if not dry_run:
        for reminder in plan.to_send:
            _send_one(plan, reminder)
    return plan


def _audit(actor: User | None, plan: RoundReminders, action: str, what: str) -> None:
    sent = [reminder for reminder in plan.departments if reminder.sent]
    if not sent:
        return
    people = sum(len(reminder.addresses) + len(reminder.approver_addresses) for reminder in sent)
    record(
        actor=actor,
        action=action,
        target=plan.round,
        municipality=plan.round.plan.municipality,
        affects_public=False,  # reminders are staff work
        summary=(
            f"{plan.round.plan.title} {plan.round.fiscal_year_label}: {what}"
            f"(担当課 {len(sent)} 課、メールの宛先 {people} 件)"
        ),
        changes={"departments": {"before": None, "after": [reminder.department.name for reminder in sent]}},
    )


def _remindable_rounds() -> list[Round]:
    return list(
        Round.objects.filter(state__in=REMINDABLE_STATES, deadline__isnull=False)
        .select_related("plan__municipality")
        .order_by("plan__municipality__name", "plan__title", "fiscal_year")
    )


def send_due_reminders(now: datetime | None = None, *, dry_run: bool = False) -> list[RoundReminders]:
    """Send every reminder the rounds' schedules say is due on the day of ``now`` (default: now).

    Only rounds being collected or reviewed with a deadline are considered; a reminder already
    recorded for the day is not sent again. With ``dry_run`` nothing is written or sent: the result
    says what would be. Run by ``shinchoku remind`` (cron, a systemd timer or ``serve``)."""
    today = _today(now)
    results = []
    for round_ in _remindable_rounds():
        assert round_.deadline is not None
        step = reminder_schedule.due_step(schedule_of(round_), round_.deadline, today)
        if step is None:
            continue
        plan = _deliver(plan_round_reminders(round_, step, today), dry_run=dry_run)
        _audit(
            None,
            plan,
            "send_due_reminders",
            f"予定の督促({reminder_schedule.describe_step(step)})を送りました",
        )
        results.append(plan)
    return results


def preview_reminders_now(actor: User, round_: Round, now: datetime | None = None) -> RoundReminders:
    """What ``remind_now`` would send (the preview page). Raises PermissionDenied."""
    _check_remindable(actor, round_)
    return plan_round_reminders(round_, NOW_STEP, _today(now))


def _check_remindable(actor: User | None, round_: Round) -> None:
    if actor is not None and not permissions.can_manage_rounds(actor, round_.plan):
        raise PermissionDenied("督促を送れるのは、この計画の事務局だけです。")
    if round_.state not in REMINDABLE_STATES:
        raise PermissionDenied(
            f"{round_.fiscal_year_label}は「{round_.get_state_display()}」のため督促できません。"
        )


def remind_now(
    actor: User | None, round_id: int, *, now: datetime | None = None, dry_run: bool = False
) -> RoundReminders:
    """Remind at once every department of the round with entries due (once a day: a second call the
    same day sends nothing). ``actor`` None is the command line. Raises PermissionDenied."""
    round_ = Round.objects.select_related("plan__municipality").get(pk=round_id)
    _check_remindable(actor, round_)
    plan = _deliver(plan_round_reminders(round_, NOW_STEP, _today(now)), dry_run=dry_run)
    _audit(actor, plan, "remind_now", "今すぐ督促しました")
    return plan


def remind_all_now(now: datetime | None = None, *, dry_run: bool = False) -> list[RoundReminders]:
    """``remind_now`` for every round being collected or reviewed (``shinchoku remind --now``)."""
    return [remind_now(None, round_.pk, now=now, dry_run=dry_run) for round_ in _remindable_rounds()]
