"""The search form: the query and the filters, with choices limited to what the reader may see.

The form works without JavaScript (the CSP forbids inline script): the cities offered are those of
the prefecture chosen in the submitted form when there are many (:mod:`.places`), and the plans
those of the city chosen, so a person picks the prefecture, the city, searches, then picks the plan.
A plan of another city (the city was changed) is reported and left out, like any stale value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms

from shinchoku.core import fiscal_year as fy
from shinchoku.search.places import Places
from shinchoku.search.query import Filters, filter_choices
from shinchoku.search.scope import SearchScope

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


FILTER_NAMES = ("prefecture", "city", "plan", "year", "policy", "department", "rating")

PLAN_NOT_IN_CITY = "選んだ自治体の計画にありません。計画を選び直してください。"


def _chosen_id(data: Any, name: str, allowed: list[tuple[int, str]]) -> int | None:
    """The submitted id of ``name`` when it is one of ``allowed``, before the form is validated."""
    raw = str(data.get(name, "")) if data is not None else ""
    return int(raw) if raw.isdigit() and int(raw) in {pk for pk, _ in allowed} else None


class SearchForm(forms.Form):
    q = forms.CharField(label="検索する語", required=False, max_length=200)

    def __init__(self, data: Any, scope: SearchScope, places: Places) -> None:
        super().__init__(data)
        city = places.city
        plans = [(plan.pk, scope.plan_label(plan)) for plan in scope.plans_of(city)]
        choices = filter_choices(scope, municipality_id=city, plan_id=_chosen_id(data, "plan", plans))
        self.choices = choices
        self.places = places
        self.fields["prefecture"] = forms.ChoiceField(
            label="都道府県",
            required=False,
            choices=[ANY, *((found.code, found.name) for found in places.prefectures)],
        )
        self.fields["city"] = _id_choice("自治体", places.cities)
        self.fields["plan"] = _id_choice("計画", choices.plans)
        self.fields["plan"].error_messages["invalid_choice"] = PLAN_NOT_IN_CITY
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
        """The valid filters: one that is not a choice (a stale link) is left out and shows its
        error. A node chosen without a plan narrows to the node's plan as well."""
        data = self._valid_data()
        policy_id = data.get("policy")
        plan_id = data.get("plan") or (self.choices.policy_plan if policy_id else None)
        return Filters(
            fiscal_year=data.get("year"),
            policy_id=policy_id,
            department_id=data.get("department"),
            rating_code=data.get("rating") or None,
            municipality_id=data.get("city"),
            plan_id=plan_id,
        )

    def filter_fields(self) -> list[FilterField]:
        """The filters in order, with the submitted value selected; the node and department
        filters only once there are nodes and departments to offer (see :class:`FilterChoices`)."""
        offered = {
            "prefecture": bool(self.places.prefectures),
            "city": bool(self.places.cities),
            "plan": bool(self.choices.plans),
            "policy": bool(self.choices.policies),
            "department": bool(self.choices.departments),
        }
        fields = []
        for name in (name for name in FILTER_NAMES if offered.get(name, True)):
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
