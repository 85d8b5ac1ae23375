"""A round's 督促 page for the 事務局: the schedule (editable), the reminders already sent, and the
preview of 今すぐ督促 (which departments, which recipients, which entries) with its send button."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from shinchoku.core import reminder_schedule
from shinchoku.evaluations.models import Round
from shinchoku.evaluations.services import StaleRecordError
from shinchoku.notifications import selectors
from shinchoku.notifications.services.reminders import preview_reminders_now, remind_now
from shinchoku.notifications.services.schedules import update_reminder_schedule
from shinchoku.web.notifications.forms import ReminderScheduleForm
from shinchoku.web.rounds.access import managed_round, render_staff, signed_in


def _page(
    request: HttpRequest, round_: Round, form: ReminderScheduleForm | None = None, status: int = 200
) -> HttpResponse:
    row = selectors.schedule_row(round_.pk)
    schedule = row.schedule if row else reminder_schedule.Schedule()
    if form is None:
        form = ReminderScheduleForm(
            initial={
                "offsets": reminder_schedule.format_offsets(schedule.offsets),
                "overdue_every": schedule.overdue_every,
                "version": row.version if row else 0,
            },
            auto_id="schedule-%s",
        )
    preview = (
        preview_reminders_now(signed_in(request), round_)
        if round_.state in ("collecting", "review")
        else None
    )
    context = {
        "round": round_,
        "schedule_text": reminder_schedule.describe(schedule),
        "form": form,
        "preview": preview,
        "sent": selectors.sent_reminders(round_.pk)[:50],
    }
    return render_staff(request, "web/notifications/reminders.html", context, status)


def reminders(request: HttpRequest, round_id: int) -> HttpResponse:
    return _page(request, managed_round(request, round_id))


@require_POST
def reminders_send(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = managed_round(request, round_id)
    result = remind_now(signed_in(request), round_.pk)
    sent = [reminder for reminder in result.departments if reminder.sent]
    failed = [reminder for reminder in result.departments if reminder.error]
    if sent:
        messages.success(request, f"{len(sent)} 課に督促を送りました。")
    if failed:
        messages.error(request, f"{len(failed)} 課に送れませんでした。{failed[0].error}")
    if not sent and not failed:
        messages.info(request, "送る督促はありませんでした(本日は送信済み、または未提出の評価がありません)。")
    return redirect("web:round_reminders", round_id=round_.pk)


@require_POST
def schedule_save(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = managed_round(request, round_id)
    form = ReminderScheduleForm(request.POST, auto_id="schedule-%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            update_reminder_schedule(
                signed_in(request),
                round_.pk,
                offsets=data["offsets"],
                overdue_every=data["overdue_every"],
                version=data["version"],
            )
        except reminder_schedule.ScheduleError as error:
            form.add_error("offsets", str(error))
        except StaleRecordError:
            form.add_error(
                None, "ほかの人が先に督促の予定を変えました。ページを開き直してから、もう一度変えてください。"
            )
        else:
            messages.success(request, "督促の予定を保存しました。")
            return redirect("web:round_reminders", round_id=round_.pk)
    return _page(request, round_, form, status=400)
