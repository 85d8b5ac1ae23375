"""The form of a round's reminder schedule."""

from __future__ import annotations

from django import forms

from shinchoku.notifications.services.schedules import MAX_OVERDUE_EVERY
from shinchoku.web.rounds.forms import PlainForm


class ReminderScheduleForm(PlainForm):
    offsets = forms.CharField(
        label="督促する日(提出期限からの日数)",
        required=False,
        max_length=200,
        help_text=(
            "期限の何日前・何日後かをカンマ区切りで書きます。例: -7, -2, 0(7日前・2日前・当日)。"
            "空欄なら予定の督促はしません。"
        ),
    )
    overdue_every = forms.IntegerField(
        label="期限を過ぎたあとの督促の間隔(日)",
        min_value=0,
        max_value=MAX_OVERDUE_EVERY,
        help_text="期限を過ぎても未提出の担当課に、この日数ごとに督促します。0 なら繰り返しません。",
        error_messages={
            "required": "間隔を日数で入力してください(繰り返さないときは 0)。",
            "invalid": "間隔は整数の日数で入力してください。",
            "min_value": "間隔は 0 以上にしてください。",
            "max_value": f"間隔は {MAX_OVERDUE_EVERY} 日以内にしてください。",
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
