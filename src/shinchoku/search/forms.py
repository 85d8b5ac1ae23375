"""The search form: the query and the four filters, with choices limited to what the reader may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms

from shinchoku.core import fiscal_year as fy
from shinchoku.search.query import FilterChoices, Filters

ANY = ("", "すべて")


def _id_choice(label: str, choices: list[tuple[int, str]]) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, required=False, coerce=int, empty_value=None, choices=[ANY, *choices]
    )


@dataclass(frozen=True)
class FilterField:
    """One filter ready for the template: its options as strings with the chosen one flagged.

    Rendering the options directly is several times cheaper than Django's widget templates, which
    matters with a hundred nodes in the list.
    """

    name: str
    label: str
    options: list[tuple[str, str, bool]]
    errors: list[str]


class SearchForm(forms.Form):
    q = forms.CharField(label="検索する語", required=False, max_length=200)

    def __init__(self, data: Any, choices: FilterChoices) -> None:
        super().__init__(data)
        self.fields["year"] = _id_choice(
            "年度", [(year, fy.format_with_seireki(year)) for year in choices.fiscal_years]
        )
        self.fields["policy"] = _id_choice(choices.policy_label, choices.policies)
        self.fields["department"] = _id_choice("担当課", choices.departments)
        self.fields["rating"] = forms.ChoiceField(
            label="評価", required=False, choices=[ANY, *((code, code) for code in choices.rating_codes)]
        )

    def query(self) -> str:
        """The query as typed (stripped); empty when the form is unbound or the query too long."""
        return str(self._valid_data().get("q") or "")

    def filters(self) -> Filters:
        """The valid filters: one that is not a choice (a stale link) is left out and shows its error."""
        data = self._valid_data()
        return Filters(
            fiscal_year=data.get("year"),
            policy_id=data.get("policy"),
            department_id=data.get("department"),
            rating_code=data.get("rating") or None,
        )

    def filter_fields(self) -> list[FilterField]:
        """The four filters in order, with the submitted value selected."""
        fields = []
        for name in ("year", "policy", "department", "rating"):
            field = self[name]
            chosen = str(self.data.get(name, "")) if self.is_bound else ""
            choices = self.fields[name].choices  # type: ignore[attr-defined]
            options = [(str(value), str(label), str(value) == chosen) for value, label in choices]
            fields.append(
                FilterField(name, str(field.label), options, [str(error) for error in field.errors])
            )
        return fields

    def _valid_data(self) -> dict[str, Any]:
        if not self.is_bound:
            return {}
        self.is_valid()
        return self.cleaned_data
