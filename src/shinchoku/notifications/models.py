"""お知らせ (in-app notices), the reminder schedule of a round and the record of reminders sent.

A notice is written for every reminder and every review event, whether or not mail can be sent:
on networks where mail is not allowed the お知らせ page is where people learn of them.
"""

from __future__ import annotations

from django.db import models

from shinchoku.core import reminder_schedule


class Notification(models.Model):
    """One notice for one user; unread while ``read_at`` is empty."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", "提出の督促"
        OVERDUE_DIGEST = "overdue_digest", "期限を過ぎた評価(所属長あて)"
        RETURNED = "returned", "差戻し"
        APPROVED = "approved", "承認"
        REOPENED = "reopened", "承認の取消し"

    recipient = models.ForeignKey(
        "accounts.User", verbose_name="宛先", on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField("種類", max_length=24, choices=Kind.choices)
    title = models.CharField("件名", max_length=200)
    body = models.TextField("本文")
    # A path within the site (/staff/…), never an outside address.
    link = models.CharField("リンク", max_length=300, blank=True)
    created_at = models.DateTimeField("日時", auto_now_add=True)
    read_at = models.DateTimeField("既読日時", null=True, blank=True)

    class Meta:
        verbose_name = "お知らせ"
        verbose_name_plural = "お知らせ"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.title}"


class ReminderSchedule(models.Model):
    """When the departments of one round are reminded; see :mod:`shinchoku.core.reminder_schedule`."""

    round = models.OneToOneField(
        "evaluations.Round", verbose_name="年度", on_delete=models.CASCADE, related_name="reminder_schedule"
    )
    # Days relative to the deadline, e.g. [-7, -2, 0].
    offsets = models.JSONField("督促する日(期限からの日数)", default=list)
    overdue_every = models.PositiveSmallIntegerField(
        "期限後の督促の間隔(日)", default=reminder_schedule.DEFAULT_OVERDUE_EVERY
    )
    version = models.PositiveIntegerField("版", default=1)

    class Meta:
        verbose_name = "督促の予定"
        verbose_name_plural = "督促の予定"

    def __str__(self) -> str:
        return f"{self.round}: {reminder_schedule.describe(self.schedule)}"

    @property
    def schedule(self) -> reminder_schedule.Schedule:
        return reminder_schedule.Schedule(tuple(sorted(self.offsets)), self.overdue_every)


class ReminderSent(models.Model):
    """One reminder sent to one department of a round; the key (schedule step and date) is sent once."""

    round = models.ForeignKey(
        "evaluations.Round", verbose_name="年度", on_delete=models.CASCADE, related_name="+"
    )
    department = models.ForeignKey(
        "plans.Department", verbose_name="担当課", on_delete=models.PROTECT, related_name="+"
    )
    key = models.CharField("督促の区分", max_length=40)
    sent_at = models.DateTimeField("送信日時", auto_now_add=True)
    # The addresses and the names of the users notified, one per line.
    recipients = models.TextField("宛先", blank=True)
    entry_count = models.PositiveIntegerField("未提出の件数", default=0)

    class Meta:
        verbose_name = "送信した督促"
        verbose_name_plural = "送信した督促"
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "department", "key"], name="reminder_sent_once"),
        ]

    def __str__(self) -> str:
        return f"{self.round} {self.department} {self.key}"
