"""Forms of the corrections (正誤) of a published year. The reason is required: it is printed in
the 正誤表."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms

from shinchoku.editions.services import ENTRY_FIELDS
from shinchoku.plans.models import RatingCode
from shinchoku.web.rounds.forms import PlainForm, VersionedForm
from shinchoku.web.typed_text import TypedTextField

NO_RATING = "-"
_REASON_HELP = "正誤表に、訂正前と訂正後の値とともに載ります。"


class EntryCorrectionForm(VersionedForm):
    """An entry's fields as published, to correct; only the fields changed are corrected."""

    final_target = TypedTextField(label=ENTRY_FIELDS["final_target"], widget=forms.Textarea, required=False)
    year_target = TypedTextField(label=ENTRY_FIELDS["year_target"], widget=forms.Textarea, required=False)
    progress = TypedTextField(label=ENTRY_FIELDS["progress"], widget=forms.Textarea, required=False)
    rating = forms.ChoiceField(label=ENTRY_FIELDS["rating"], widget=forms.RadioSelect)
    reason = TypedTextField(label=ENTRY_FIELDS["reason"], widget=forms.Textarea, required=False)
    next_year_goal = TypedTextField(
        label=ENTRY_FIELDS["next_year_goal"], widget=forms.Textarea, required=False
    )
    correction_reason = TypedTextField(
        label="訂正の理由",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_REASON_HELP,
        error_messages={"required": "訂正の理由を書いてください。正誤表に載ります。"},
    )

    def __init__(self, *args: Any, codes: Sequence[RatingCode], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["rating"]
        choices = [(code.code, f"{code.code}: {code.definition or code.label}") for code in codes]
        field.choices = [*choices, (NO_RATING, "未評価")]  # type: ignore[attr-defined]
        field.error_messages["invalid_choice"] = "評価はこの年度の評価基準から選んでください。"

    def changes(self) -> dict[str, str]:
        """Every corrected field's value (the service keeps only those that differ)."""
        data = self.cleaned_data
        values = {name: data[name] for name in ENTRY_FIELDS if name != "rating"}
        return values | {"rating": "" if data["rating"] == NO_RATING else data["rating"]}


class NameCorrectionForm(PlainForm):
    """Names (or a description) as the published year shows them, to correct: one text field per
    name and, hidden, the value the form showed, so that a correction made meanwhile is not
    overwritten (see :func:`shinchoku.editions.services.correct_name`)."""

    correction_reason = TypedTextField(
        label="訂正の理由",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_REASON_HELP,
        error_messages={"required": "訂正の理由を書いてください。正誤表に載ります。"},
    )

    def __init__(self, *args: Any, labels: Mapping[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.names = list(labels)
        reason = self.fields.pop("correction_reason")
        for name, label in labels.items():
            rows = 4 if name == "description" else 2
            widget = forms.Textarea(attrs={"rows": rows})
            self.fields[name] = TypedTextField(label=f"{label}(訂正後)", widget=widget, required=False)
            self.fields[f"expected_{name}"] = forms.CharField(
                widget=forms.HiddenInput, required=False, strip=False
            )
        self.fields["correction_reason"] = reason

    def values(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in self.names}

    def expected(self) -> dict[str, str]:
        return {name: self.cleaned_data[f"expected_{name}"] for name in self.names}
