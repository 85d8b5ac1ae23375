"""The reminder schedule of a round: created with its default when the round opens, edited by the
事務局 on the round's 督促 page."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.audit.services import diff, record
from shinchoku.core import reminder_schedule
from shinchoku.evaluations.models import Round
from shinchoku.evaluations.services.locking import claim_version
from shinchoku.notifications.models import ReminderSchedule

MAX_OVERDUE_EVERY = 90


def schedule_of(round_: Round) -> reminder_schedule.Schedule:
    """The round's schedule; the default one for a round opened before schedules existed."""
    row = ReminderSchedule.objects.filter(round=round_).first()
    return row.schedule if row else reminder_schedule.Schedule()


def create_default_schedule(round_: Round) -> ReminderSchedule:
    """Give a newly opened round the default schedule (called by ``open_round``, in its transaction)."""
    default = reminder_schedule.Schedule()
    row, _ = ReminderSchedule.objects.get_or_create(
        round=round_, defaults={"offsets": list(default.offsets), "overdue_every": default.overdue_every}
    )
    return row


def update_reminder_schedule(
    actor: User, round_id: int, *, offsets: str, overdue_every: int, version: int
) -> ReminderSchedule:
    """Replace the round's schedule with ``offsets`` (typed, e.g. 「-7, -2, 0」) and the interval of
    reminders after the deadline (0: none). Raises PermissionDenied, ``ScheduleError`` for an
    unreadable schedule and ``StaleRecordError`` when someone changed it after ``version`` (0 for a
    round whose schedule was never saved)."""
    parsed = reminder_schedule.parse_offsets(offsets)
    if not 0 <= overdue_every <= MAX_OVERDUE_EVERY:
        raise reminder_schedule.ScheduleError(
            f"期限後の督促の間隔は 0〜{MAX_OVERDUE_EVERY} 日で指定してください(0 は繰り返さない)。"
        )
    with transaction.atomic():
        round_ = Round.objects.select_related("plan__municipality").get(pk=round_id)
        if not permissions.can_manage_rounds(actor, round_.plan):
            raise PermissionDenied("督促の予定を変えられるのは、この計画の事務局だけです。")
        if not ReminderSchedule.objects.filter(round=round_).exists() and version == 0:
            # Version 0: the round was opened before schedules existed and shows the default.
            version = create_default_schedule(round_).version
        row = ReminderSchedule.objects.select_for_update().get(round=round_)
        before = {"schedule": reminder_schedule.describe(row.schedule)}
        row.version = claim_version(row, version)
        row.offsets = list(parsed)
        row.overdue_every = overdue_every
        row.save(update_fields=["offsets", "overdue_every", "version"])
        record(
            actor=actor,
            action="update_reminder_schedule",
            target=row,
            municipality=round_.plan.municipality,
            affects_public=False,  # reminders are staff work
            summary=f"{round_.plan.title} {round_.fiscal_year_label}: 督促の予定を変えました",
            changes=diff(before, {"schedule": reminder_schedule.describe(row.schedule)})
            | {"version": {"before": version, "after": row.version}},
        )
    return row
