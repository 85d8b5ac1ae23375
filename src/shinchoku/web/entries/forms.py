"""Forms of the entry pages: the department's entry with its indicator actuals, and the review
actions (approve, return, reopen) that post a version and an optional page to go back to."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms

from shinchoku.evaluations.services import EntryDraft, IndicatorActual
from shinchoku.web.entries.selectors import EntryPage, IndicatorLine
from shinchoku.web.typed_number import TypedNumberField
from shinchoku.web.typed_text import TypedTextField

DRAFT_FIELDS = ("progress", "rating", "reason", "next_year_goal")


@dataclass(frozen=True)
class IndicatorInputs:
    """One indicator row of the form: the indicator's figures and its two inputs."""

    line: IndicatorLine
    actual: forms.BoundField
    note: forms.BoundField


class EntryForm(forms.Form):
    """A department's entry for one year; unbound, it shows what is stored."""

    progress = TypedTextField(label="進捗状況", required=False, widget=forms.Textarea)
    rating = forms.ChoiceField(label="評価", required=False)
    reason = TypedTextField(label="評価の理由・課題", required=False, widget=forms.Textarea)
    next_year_goal = TypedTextField(label="次年度の目標", required=False, widget=forms.Textarea)
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    def __init__(self, data: Any = None, *, page: EntryPage) -> None:
        entry = page.entry
        initial: dict[str, Any] = {
            name: getattr(entry, name) for name in ("progress", "reason", "next_year_goal")
        }
        initial |= {"rating": entry.rating.code if entry.rating else "", "version": entry.version}
        for line in page.indicators:
            initial[self._actual_name(line)] = line.current.value.normalize() if line.current else None
            initial[self._note_name(line)] = line.current.note if line.current else ""
        super().__init__(data, initial=initial)
        self.page = page
        self.fields["rating"].choices = [("", "未選択")] + [(code.code, code.code) for code in page.codes]  # type: ignore[attr-defined]
        for line in page.indicators:
            label = line.indicator.label
            self.fields[self._actual_name(line)] = TypedNumberField(
                label=f"「{label}」の実績値", required=False
            )
            self.fields[self._note_name(line)] = TypedTextField(
                label=f"{label}の備考", required=False, max_length=300
            )

    @staticmethod
    def _actual_name(line: IndicatorLine) -> str:
        return f"actual_{line.indicator.pk}"

    @staticmethod
    def _note_name(line: IndicatorLine) -> str:
        return f"note_{line.indicator.pk}"

    def indicator_inputs(self) -> list[IndicatorInputs]:
        return [
            IndicatorInputs(line, self[self._actual_name(line)], self[self._note_name(line)])
            for line in self.page.indicators
        ]

    def draft(self) -> EntryDraft:
        return EntryDraft(**{name: self.cleaned_data[name] for name in DRAFT_FIELDS})

    def changed_actuals(self) -> list[IndicatorActual]:
        """The indicators whose actual or note differs from what is stored."""
        changes = []
        for line in self.page.indicators:
            value: Decimal | None = self.cleaned_data[self._actual_name(line)]
            note: str = self.cleaned_data[self._note_name(line)]
            stored = (line.current.value, line.current.note) if line.current else (None, "")
            if (value, note if value is not None else "") != stored:
                changes.append(IndicatorActual(line.indicator.pk, value, note))
        return changes

    def add_service_errors(self, errors: dict[str, str]) -> None:
        """Tie a service's field messages to the fields (others go to the form as a whole)."""
        for name, message in errors.items():
            self.add_error(name if name in self.fields else None, message)

    def with_version(self, version: int) -> EntryForm:
        """The same input with ``version`` in place of the one posted: the person's text is kept
        and saving again deliberately overwrites the newer version."""
        data = {name: self.data.get(name) for name in self.data}  # one value per name, as posted
        return EntryForm(data | {"version": str(version)}, page=self.page)


class ReviewForm(forms.Form):
    """An approval: the version the reviewer saw and where to go back to."""

    version = forms.IntegerField(min_value=1)
    next = forms.CharField(required=False)

    def service_arguments(self) -> dict[str, Any]:
        return {"version": self.cleaned_data["version"]}


class ReturnForm(ReviewForm):
    """Returning an entry: the comment is required by the service, which says so in Japanese."""

    comment = TypedTextField(label="差戻しの理由", required=False, widget=forms.Textarea)

    def service_arguments(self) -> dict[str, Any]:
        return super().service_arguments() | {"comment": self.cleaned_data["comment"]}


class ReopenForm(ReviewForm):
    """Reopening an approved entry, with the reason shown to the department."""

    reason = TypedTextField(label="承認を取り消す理由", required=False, widget=forms.Textarea)

    def service_arguments(self) -> dict[str, Any]:
        return super().service_arguments() | {"reason": self.cleaned_data["reason"]}
