"""Forms of the 事務局's round pages, the 施策評価 and the committee opinions.

Field errors are shown beside their field (see rounds/includes/field.html); the messages are
Japanese and say what to do.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from shinchoku.core.ratings import RULE_LABELS, ConsolidationRule
from shinchoku.evaluations.models import Entry
from shinchoku.evaluations.services.node_evaluations import SUGGESTION_RULES
from shinchoku.plans.models import Department, RatingCode
from shinchoku.web.rounds.policy_selectors import NodeEvaluationPage
from shinchoku.web.rounds.selectors import OVERDUE
from shinchoku.web.typed_text import TypedTextField


class PlainForm(forms.Form):
    """Labels without a trailing colon, as Japanese forms are written."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


# --- the rounds of a plan ----------------------------------------------------------------------


class OpenRoundForm(PlainForm):
    """Which fiscal year to open; the choices are the plan's years without a round."""

    fiscal_year = forms.TypedChoiceField(
        label="年度",
        coerce=int,
        error_messages={
            "required": "年度を選んでください。",
            "invalid_choice": "選べる年度から選んでください。",
        },
    )

    def __init__(self, *args: Any, years: Sequence[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = list(years)  # type: ignore[attr-defined]


class PlanSettingsForm(PlainForm):
    requires_department_approval = forms.BooleanField(
        label="所属長の承認を経る",
        required=False,
        help_text=(
            "オンにすると、担当課が提出した評価は所属長が承認してから事務局に届きます。"
            "切り替えた時点で提出済みの評価は、新しい設定に従います"
            "(所属長がすでに承認した評価は、そのまま事務局の承認待ちです)。"
        ),
    )


# --- the round page ----------------------------------------------------------------------------


class DeadlineForm(PlainForm):
    deadline = forms.DateField(
        label="提出期限",
        widget=DateInput(),
        error_messages={
            "required": "提出期限を入力してください。",
            "invalid": "提出期限は日付(例: 2025-01-31)で入力してください。",
        },
    )


class StartCollectingForm(DeadlineForm):
    """照会を始める: the deadline is required and may not be in the past."""

    def clean_deadline(self) -> date:
        deadline: date = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError("提出期限は今日以降の日付にしてください。")
        return deadline


class ReopenRoundForm(PlainForm):
    reason = TypedTextField(
        label="戻す理由",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="監査記録に残ります。",
        error_messages={"required": "戻す理由を書いてください。監査記録に残ります。"},
    )


# --- the entries to review ---------------------------------------------------------------------

STATUS_FILTERS = [("", "すべて"), *Entry.Status.choices, (OVERDUE, "期限超過")]


class ReviewFilterForm(PlainForm):
    """The list's filters, read from the query string; an unknown value is an error on its field."""

    department = forms.ModelChoiceField(
        label="担当課",
        queryset=Department.objects.none(),
        required=False,
        empty_label="すべて",
        error_messages={"invalid_choice": "この年度に評価のある担当課から選んでください。"},
    )
    status = forms.ChoiceField(
        label="状態",
        choices=STATUS_FILTERS,
        required=False,
        error_messages={"invalid_choice": "一覧にある状態から選んでください。"},
    )

    def __init__(self, *args: Any, departments: Sequence[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Department.objects.filter(pk__in=[department.pk for department in departments])

    def filters(self) -> tuple[Department | None, str]:
        """(department, status) when valid; no filter at all otherwise."""
        if not self.is_valid():
            return None, ""
        return self.cleaned_data["department"], self.cleaned_data["status"]


# --- 施策評価 -----------------------------------------------------------------------------------

RULE_CHOICES = [(rule.value, RULE_LABELS[rule]) for rule in SUGGESTION_RULES]
NO_RATING = ""


class SuggestionRuleForm(PlainForm):
    """Which rule computes the suggestion shown beside the evaluation form (query string)."""

    rule = forms.ChoiceField(label="提案の算出方法", choices=RULE_CHOICES, required=False)

    def rule_or(self, default: ConsolidationRule) -> ConsolidationRule:
        if self.is_valid() and self.cleaned_data["rule"]:
            return ConsolidationRule(self.cleaned_data["rule"])
        return default


class VersionedForm(PlainForm):
    """A form editing a versioned record: it carries the version it was loaded with."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def carry_version(self, version: int) -> None:
        """Carry ``version`` from now on, keeping the reader's input: after a stale save, the
        reader has seen the other person's change and saving again is deliberate."""
        # One value per field (a QueryDict unpacked with ** would give lists).
        self.data = {field: self.data.get(field) for field in self.data} | {"version": str(version)}


class NodeEvaluationForm(VersionedForm):
    """The 施策評価. ``version`` is 0 while the node has no evaluation yet."""

    rating = forms.ChoiceField(label="評価", widget=forms.RadioSelect, required=False)
    comment = TypedTextField(label="評価のコメント", widget=forms.Textarea(attrs={"rows": 5}), required=False)
    rule = forms.ChoiceField(choices=RULE_CHOICES, widget=forms.HiddenInput)

    field_order = ["rating", "comment"]

    def __init__(self, *args: Any, codes: Sequence[RatingCode], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(code.code, f"{code.code}: {code.definition or code.label}") for code in codes]
        field = self.fields["rating"]
        field.choices = [*choices, (NO_RATING, "未評価のままにする")]  # type: ignore[attr-defined]
        field.error_messages["invalid_choice"] = "評価はこの計画の評価基準から選んでください。"


def evaluation_initial(page: NodeEvaluationPage) -> dict[str, object]:
    """The form as loaded: the stored evaluation, or else the suggestion to accept or change."""
    evaluation = page.evaluation
    stored = evaluation.rating.code if evaluation and evaluation.rating else None
    return {
        "rating": stored or page.suggestion.rating or NO_RATING,
        "comment": evaluation.comment if evaluation else "",
        "rule": page.rule.value,
        "version": page.version,
    }


# --- the project-level page ----------------------------------------------------------------------


class ProjectRatingForm(VersionedForm):
    """The 事務局's own rating of a project several departments rate (kept over the plan's rule)."""

    rating = forms.ChoiceField(label="事務局が決める評価", widget=forms.RadioSelect, required=False)
    comment = TypedTextField(label="評価のコメント", widget=forms.Textarea(attrs={"rows": 4}), required=False)

    field_order = ["rating", "comment"]

    def __init__(self, *args: Any, codes: Sequence[RatingCode], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(code.code, f"{code.code}: {code.definition or code.label}") for code in codes]
        field = self.fields["rating"]
        field.choices = [*choices, (NO_RATING, "未評価とする")]  # type: ignore[attr-defined]
        field.error_messages["invalid_choice"] = "評価はこの計画の評価基準から選んでください。"


class ProjectTargetsForm(VersionedForm):
    """The targets of the whole project: for the plan's last year, and for this round's year."""

    final_target = TypedTextField(
        label="計画最終年度までの目標", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    year_target = TypedTextField(
        label="今年度の目標", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    field_order = ["final_target", "year_target"]

    def __init__(self, *args: Any, project_label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["final_target"].label = f"計画最終年度までの目標({project_label}全体)"
        self.fields["year_target"].label = f"今年度の目標({project_label}全体)"


# --- 委員意見と市の考え方 --------------------------------------------------------------------------


class OpinionForm(PlainForm):
    opinion = TypedTextField(
        label="意見",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "意見を入力してください。"},
    )


class OpinionResponseForm(VersionedForm):
    response = TypedTextField(label="市の考え方", widget=forms.Textarea(attrs={"rows": 4}), required=False)

    field_order = ["response"]


# --- bulk review -------------------------------------------------------------------------------


def _versions(values: Sequence[str]) -> dict[int, int]:
    """``["12:3", …]`` (entry id:version as the list showed it) → {12: 3, …}; bad pairs dropped."""
    versions: dict[int, int] = {}
    for value in values:
        entry, _, version = value.partition(":")
        if entry.isdecimal() and version.isdecimal():
            versions[int(entry)] = int(version)
    return versions


class BulkReviewForm(PlainForm):
    """The list's まとめて承認 / まとめて差戻し form: the checked entries (``selected``) or every
    entry the filtered list showed (``shown``, when ``scope`` is "all"), each as id:version."""

    action = forms.ChoiceField(choices=[("approve", "まとめて承認"), ("return", "まとめて差戻し")])
    scope = forms.ChoiceField(
        choices=[("selected", "選んだ評価"), ("all", "絞り込んだすべて")], required=False
    )
    comment = forms.CharField(required=False)

    def __init__(self, data: Any, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.selected = _versions(data.getlist("selected"))
        self.shown = _versions(data.getlist("shown"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.targets():
            raise forms.ValidationError(
                "評価がひとつも選ばれていません。一覧の「選ぶ」にチェックを入れるか、「絞り込んだすべて」を選んでください。"
            )
        return data

    def targets(self) -> dict[int, int]:
        return self.shown if self.data.get("scope") == "all" else self.selected
