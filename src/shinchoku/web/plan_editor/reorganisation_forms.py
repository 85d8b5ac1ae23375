"""Forms of the reorganisation pages (組織改編): rename from a year, merge, split, retire. They
parse what was typed; the services in plans/editing/reorganisation decide what may move."""

from __future__ import annotations

from typing import Any

from django import forms

from shinchoku.plans.models import Department, PlanNode
from shinchoku.web.plan_editor.forms import EditorForm, Versioned, year_field
from shinchoku.web.typed_text import TypedTextField

FROM_YEAR_HELP = (
    "この年度から変わります。前の年度までの評価は、いまの担当課と名称のまま残ります。"
    "西暦で入力します(例: 2025)。"
)
# How many new departments the split form offers.
SPLIT_INTO = 3


def _from_year() -> forms.IntegerField:
    field = year_field("変更年度")
    field.help_text = FROM_YEAR_HELP
    return field


class RenameForm(Versioned, EditorForm):
    name = TypedTextField(
        label="新しい名称", max_length=100, error_messages={"required": "新しい名称を入力してください。"}
    )
    from_year = _from_year()


class RetireForm(Versioned, EditorForm):
    from_year = _from_year()


class MergeForm(Versioned, EditorForm):
    sources = forms.MultipleChoiceField(
        label="統合する担当課",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "統合する担当課を選んでください。"},
    )
    target = forms.ChoiceField(
        label="統合先",
        required=False,
        help_text="既存の担当課を選ぶか、「新しい担当課」を選んで下に名称を入力します。",
    )
    new_name = TypedTextField(label="新しい担当課の名称", max_length=100, required=False)
    from_year = _from_year()

    def __init__(self, *args: Any, departments: list[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(each.pk), each.name) for each in departments]
        self.fields["sources"].choices = choices  # type: ignore[attr-defined]
        self.fields["target"].choices = [("", "新しい担当課"), *choices]  # type: ignore[attr-defined]

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "source_ids": [int(pk) for pk in data["sources"]],
            "target_id": int(data["target"]) if data["target"] else None,
            "new_name": data["new_name"],
            "from_year": data["from_year"],
        }


class SplitForm(Versioned, EditorForm):
    """The new departments' names, then a select per project and per member choosing among them
    (by number: the names are typed in the same form)."""

    def __init__(
        self,
        *args: Any,
        projects: list[PlanNode],
        members: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for index in range(SPLIT_INTO):
            self.fields[f"name_{index}"] = TypedTextField(
                label=f"分割後の担当課 {index + 1}",
                max_length=100,
                required=index < 2,
                help_text="" if index < 2 else "三つに分けるときだけ入力します。",
                error_messages={"required": f"分割後の担当課 {index + 1} の名称を入力してください。"},
            )
        self.fields["from_year"] = _from_year()
        numbers = [(str(index), f"分割後の担当課 {index + 1}") for index in range(SPLIT_INTO)]
        self.projects = projects
        for project in projects:
            self.fields[f"project_{project.pk}"] = forms.ChoiceField(
                label=(
                    f"{project.plan.project_label} {project.code} {project.display_title}"
                    f"({project.plan.title})"
                ),
                choices=numbers,
            )
        for pk, name in members:
            self.fields[f"member_{pk}"] = forms.ChoiceField(label=f"利用者 {name} の所属", choices=numbers)
        self.member_ids = [pk for pk, _ in members]

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        names: list[str] = [data[f"name_{index}"] for index in range(SPLIT_INTO)]

        def chosen(key: str) -> str:
            return names[int(data[key])]

        return {
            "new_names": names,
            "assignment": {project.pk: chosen(f"project_{project.pk}") for project in self.projects},
            "members": {pk: chosen(f"member_{pk}") for pk in self.member_ids},
            "from_year": data["from_year"],
        }

    def name_fields(self) -> list[forms.BoundField]:
        return [self[f"name_{index}"] for index in range(SPLIT_INTO)] + [self["from_year"]]

    def project_fields(self) -> list[forms.BoundField]:
        return [self[f"project_{project.pk}"] for project in self.projects]

    def member_fields(self) -> list[forms.BoundField]:
        return [self[f"member_{pk}"] for pk in self.member_ids]
