"""Forms of the plan editor. They parse what was typed (numbers, choices) with Japanese messages;
the services clean the text and decide what the plan's data allows."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django import forms

from shinchoku.core.indicators import ACHIEVEMENT_FORMULA_LABELS, DIRECTION_WORDS
from shinchoku.core.ratings import MULTI_DEPARTMENT_RULES, RULE_LABELS
from shinchoku.plans.editing.indicators import IndicatorFields
from shinchoku.plans.editing.settings import settings_version
from shinchoku.plans.models import Department, Indicator, Plan
from shinchoku.web.accounts.forms import AccountForm
from shinchoku.web.typed_number import TypedNumberField
from shinchoku.web.typed_text import TypedTextField

# The words the plan workbook uses for an indicator's direction.
LEVEL_SEPARATORS = re.compile(r"[、,,]")
MAX_LEVELS = 6


def _required(label: str) -> dict[str, str]:
    return {"required": f"{label}を入力してください。"}


def year_field(label: str, *, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=1989,
        max_value=2200,
        help_text="西暦で入力します(例: 2025)。",
        # A text box: a number box sent back with what was mistyped would not be valid HTML.
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages=_required(label)
        | {
            "invalid": f"{label}は西暦の数字で入力してください(例: 2025)。",
            "min_value": f"{label}は 1989 以降にしてください。",
            "max_value": f"{label}は 2200 以前にしてください。",
        },
    )


def _number_field(label: str) -> TypedNumberField:
    return TypedNumberField(label=label, required=False)


class EditorForm(AccountForm):
    """Labels without a colon and the error summary's links (see :class:`AccountForm`)."""


class Versioned(forms.Form):
    """An edit form's ``seen``: the digest of the stored values the form was filled from, sent
    back so that the service refuses a save over someone else's change (optimistic locking)."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False)


# --- settings ----------------------------------------------------------------------------------


class SettingsForm(Versioned, EditorForm):
    title = TypedTextField(label="計画名", max_length=200, error_messages=_required("計画名"))
    first_fiscal_year = year_field("計画期間(初年度)")
    last_fiscal_year = year_field("計画期間(最終年度)")
    level_labels = TypedTextField(
        label="階層の名称",
        help_text="上位から順に「、」で区切って 2〜6 個。最後の階層が、担当課が毎年評価する項目です。",
        error_messages=_required("階層の名称"),
    )
    evaluation_level = forms.TypedChoiceField(
        label="評価をまとめる階層",
        coerce=int,
        help_text="この階層の項目ごとに評価をまとめ、委員意見を受け、報告書の章を立てます。",
        error_messages={"invalid_choice": "最後の階層より上の階層から選んでください。"},
    )
    multi_department_rule = forms.ChoiceField(
        label="複数の担当課がある事業の評価",
        choices=[(rule.value, RULE_LABELS[rule]) for rule in MULTI_DEPARTMENT_RULES],
    )
    achievement_formula = forms.ChoiceField(
        label="達成率の計算方法",
        choices=[(formula.value, label) for formula, label in ACHIEVEMENT_FORMULA_LABELS.items()],
    )
    requires_department_approval = forms.BooleanField(
        label="所属長の承認を経る",
        required=False,
        help_text="オンにすると、担当課が提出した評価は所属長が承認してから事務局に届きます。",
    )

    def __init__(self, *args: Any, plan: Plan, levels_fixed: bool, **kwargs: Any) -> None:
        """``levels_fixed``: the plan has projects, so its number of levels stays; otherwise the
        evaluation level may be chosen among the levels of a plan of up to six levels."""
        kwargs.setdefault(
            "initial",
            {
                "title": plan.title,
                "first_fiscal_year": plan.first_fiscal_year,
                "last_fiscal_year": plan.last_fiscal_year,
                "level_labels": "、".join(plan.level_labels),
                "evaluation_level": plan.evaluation_level,
                "multi_department_rule": plan.multi_department_rule,
                "achievement_formula": plan.achievement_formula,
                "requires_department_approval": plan.requires_department_approval,
                "seen": settings_version(plan),
            },
        )
        super().__init__(*args, **kwargs)
        # Numbered by level: the names (and, without projects, their number) may change in the same form.
        count = len(plan.level_labels) if levels_fixed else MAX_LEVELS
        names = [*plan.level_labels[:-1], *([""] * MAX_LEVELS)]
        levels = [(str(level), f"{level + 1}階層目 {names[level]}".rstrip()) for level in range(count - 1)]
        self.fields["evaluation_level"].choices = levels  # type: ignore[attr-defined]

    def clean_level_labels(self) -> list[str]:
        typed: str = self.cleaned_data["level_labels"]
        return [label.strip() for label in LEVEL_SEPARATORS.split(typed)]


# --- the rating scale --------------------------------------------------------------------------


class RatingCodeForm(EditorForm):
    code = TypedTextField(label="記号", max_length=16, error_messages=_required("記号"))
    label = TypedTextField(label="名称", max_length=50, required=False)
    definition = TypedTextField(label="定義", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    is_rating = forms.BooleanField(
        label="評価として数える",
        required=False,
        initial=True,
        help_text="未着手・評価困難など、評価の段階でない区分はオフにします(集計では未評価と別に数えます)。",
    )


class RatingCodeEditForm(Versioned, RatingCodeForm):
    pass


# --- departments -------------------------------------------------------------------------------


class DepartmentForm(EditorForm):
    name = TypedTextField(label="名称", max_length=100, error_messages=_required("名称"))
    kind = forms.ChoiceField(label="種別", choices=Department.Kind.choices, initial=Department.Kind.DIVISION)
    email = forms.CharField(
        label="メールアドレス",
        max_length=254,
        required=False,
        help_text="課の共有アドレス(任意)。提出の督促は、入力担当の職員とこのアドレスに送ります。",
        widget=forms.EmailInput(),
    )
    extension = forms.CharField(label="内線", max_length=20, required=False, help_text="任意。")


class DepartmentEditForm(Versioned, DepartmentForm):
    pass


# --- the tree ----------------------------------------------------------------------------------


def _span_field(label: str, blank: str) -> forms.IntegerField:
    field = year_field(label, required=False)
    field.help_text = f"西暦で入力します(例: 2025)。空欄は{blank}です。"
    return field


class NodeForm(EditorForm):
    """A node's own fields; ``final_target`` and the years it is evaluated (中間見直し: a project
    ended from a year or added from one) only for the plan's projects."""

    code = TypedTextField(
        label="番号", max_length=32, help_text="例: 1-2-3", error_messages=_required("番号")
    )
    title = TypedTextField(label="名称", max_length=300, error_messages=_required("名称"))
    description = TypedTextField(
        label="説明・事業内容", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    final_target = TypedTextField(
        label="計画最終年度までの目標",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="この項目全体の目標。担当課ごとに異なる目標は、各担当課の評価に記入します。",
    )
    first_year = _span_field("開始年度", "計画の初年度から")
    last_year = _span_field("終了年度", "計画の最終年度まで")

    def __init__(self, *args: Any, is_project: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not is_project:
            for name in ("final_target", "first_year", "last_year"):
                del self.fields[name]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "code": data["code"],
            "title": data["title"],
            "description": data["description"],
            "final_target": data.get("final_target", ""),
            "first_year": data.get("first_year"),
            "last_year": data.get("last_year"),
        }


class NodeEditForm(Versioned, NodeForm):
    pass


class _NodeChoiceForm(EditorForm):
    parent = forms.TypedChoiceField(coerce=int, error_messages={"required": "選んでください。"})

    def __init__(
        self, *args: Any, parents: Sequence[tuple[int, str]], parent_label: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["parent"]
        field.label = parent_label
        field.choices = [("", "選んでください"), *parents]  # type: ignore[attr-defined]
        field.error_messages["invalid_choice"] = f"{parent_label}は一覧から選んでください。"


class ParentForm(_NodeChoiceForm):
    """Move a node under another parent of the level above."""


class CrossListForm(_NodeChoiceForm):
    """Show a project again (再掲) under another parent, with a number of its own."""

    code = TypedTextField(
        label="再掲する項目の番号", max_length=32, error_messages=_required("再掲する項目の番号")
    )


class ContinuationForm(EditorForm):
    """The project of a previous plan (前期計画) that this project continues, or none."""

    continues = forms.TypedChoiceField(coerce=int, empty_value=None, required=False)

    def __init__(
        self,
        *args: Any,
        choices: Sequence[tuple[int, str]],
        current: int | None,
        project_label: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["continues"]
        field.label = f"前期計画の{project_label}"
        field.help_text = "「計画名 番号 名称」の一覧から選びます。"
        field.choices = [("", "(引き継がない)"), *choices]  # type: ignore[attr-defined]
        field.initial = current or ""
        field.error_messages["invalid_choice"] = f"前期計画の{project_label}は一覧から選んでください。"


class SharedFromForm(EditorForm):
    """共通事業: the project of another plan of the city that this project shows, or none."""

    def __init__(
        self, *args: Any, choices: Sequence[tuple[int, str]], current: int | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"] = forms.TypedChoiceField(
            label="共通事業の元(ほかの計画の項目)",
            choices=[("", "(共通事業にしない)"), *choices],
            coerce=int,
            empty_value=None,
            required=False,
            initial=current or "",
            help_text="選んだ項目の評価を、この計画でも表示して集計します。評価は元の計画で一度だけ入力します。",
            error_messages={"invalid_choice": "共通事業の元は一覧から選んでください。"},
        )


class OwnersForm(EditorForm):
    """A project's owners in order: one select per place, the first the lead department (主担当)."""

    def __init__(
        self, *args: Any, departments: Sequence[Department], current: Sequence[int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "(なし)"), *((department.pk, department.name) for department in departments)]
        for place in range(max(len(current) + 2, 3)):
            self.fields[f"owner_{place}"] = forms.TypedChoiceField(
                label="主担当課" if place == 0 else f"担当課 {place + 1}",
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=current[place] if place < len(current) else "",
                error_messages={"invalid_choice": "担当課は一覧から選んでください。"},
            )

    def department_ids(self) -> list[int]:
        """The chosen departments in order, blanks skipped."""
        chosen = (self.cleaned_data.get(name) for name in self.fields)
        return [pk for pk in chosen if pk is not None]


# --- indicators --------------------------------------------------------------------------------


class IndicatorForm(EditorForm):
    label = TypedTextField(label="指標名", max_length=200, error_messages=_required("指標名"))
    unit = TypedTextField(label="単位", max_length=20, required=False)
    baseline_value = _number_field("基準値")
    baseline_year = year_field("基準年度", required=False)
    target_value = _number_field("目標値")
    target_year = year_field("目標年度", required=False)
    direction = forms.ChoiceField(
        label="方向",
        choices=[(direction.value, word) for direction, word in DIRECTION_WORDS.items()],
        initial="up",
    )

    @classmethod
    def of(cls, indicator: Indicator) -> IndicatorForm:
        fields = (
            "label",
            "unit",
            "baseline_value",
            "baseline_year",
            "target_value",
            "target_year",
            "direction",
        )
        return cls(initial={name: getattr(indicator, name) for name in fields})

    def fields_given(self) -> IndicatorFields:
        return IndicatorFields(**{name: value for name, value in self.cleaned_data.items() if name != "seen"})


class IndicatorEditForm(Versioned, IndicatorForm):
    pass


class TargetsForm(EditorForm):
    """One interim target per fiscal year of the plan's period; blank clears the year's target."""

    def __init__(
        self, *args: Any, years: Sequence[tuple[int, str]], current: dict[int, Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for year, label in years:
            field = _number_field(f"{label}の目標値")
            field.initial = current.get(year)
            self.fields[f"target_{year}"] = field

    def targets(self) -> dict[int, Any]:
        return {int(name.removeprefix("target_")): value for name, value in self.cleaned_data.items()}
