"""Rating scales and the rules that consolidate several ratings into one.

A scale is an ordered list of codes, best first (A, B, C; or S, A, B, C; or 1..5 where 1 is best).
Some codes are not ratings at all (未着手, 中止, 評価困難, 対象外): they are shown and counted
each apart, but never ranked, never counted as a low score and never in a share's denominator.
Unrated items (no code at all, 未評価) are reported as unrated, never as zero.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property


@dataclass(frozen=True)
class ScaleCode:
    code: str
    label: str = ""
    definition: str = ""
    is_rating: bool = True


@dataclass(frozen=True)
class Scale:
    """An ordered rating scale; ``codes`` lists ratings best first, then the non-rating codes."""

    codes: tuple[ScaleCode, ...]
    _rank: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ranked = [code.code for code in self.codes if code.is_rating]
        object.__setattr__(self, "_rank", {code: position for position, code in enumerate(ranked)})

    @property
    def ratings(self) -> tuple[str, ...]:
        """Rating codes, best first."""
        return tuple(code.code for code in self.codes if code.is_rating)

    @property
    def non_ratings(self) -> tuple[str, ...]:
        """The codes that are not ratings (未着手, 評価困難 …), in the scale's order."""
        return tuple(code.code for code in self.codes if not code.is_rating)

    def rank(self, code: str) -> int | None:
        """0 for the best rating; None for a non-rating code or an unknown one."""
        return self._rank.get(code)

    def is_rating(self, code: str) -> bool:
        return code in self._rank

    def worst(self, codes: Iterable[str]) -> str | None:
        ranked = [code for code in codes if self.is_rating(code)]
        return max(ranked, key=lambda code: self._rank[code]) if ranked else None

    def best(self, codes: Iterable[str]) -> str | None:
        ranked = [code for code in codes if self.is_rating(code)]
        return min(ranked, key=lambda code: self._rank[code]) if ranked else None


ABC = Scale(
    (
        ScaleCode(
            "A", "A", "具体的な施策に着手し、一定の成果や数値実績があるなど、その取組が堅調に推移している"
        ),
        ScaleCode("B", "B", "具体的な施策への着手は認められるものの、より一層の取組や事業の伸展が求められる"),
        ScaleCode("C", "C", "具体的な施策に着手しているとは言い難い"),
    )
)


class ConsolidationRule(StrEnum):
    """How a consolidated rating was produced; stored beside it so the maths stays visible."""

    MANUAL = "manual"
    AS_PUBLISHED = "as_published"
    SINGLE_DEPARTMENT = "single_department"
    LOWEST = "lowest"
    LEAD_DEPARTMENT = "lead_department"
    MOST_COMMON = "most_common"


RULE_LABELS: dict[ConsolidationRule, str] = {
    ConsolidationRule.MANUAL: "事務局が判断",
    ConsolidationRule.AS_PUBLISHED: "公表資料のとおり",
    ConsolidationRule.SINGLE_DEPARTMENT: "担当課の評価",
    ConsolidationRule.LOWEST: "最も低い評価",
    ConsolidationRule.LEAD_DEPARTMENT: "主担当課の評価",
    ConsolidationRule.MOST_COMMON: "最も多い評価(同数なら低い方)",
}


MULTI_DEPARTMENT_RULES: tuple[ConsolidationRule, ...] = (
    ConsolidationRule.LOWEST,
    ConsolidationRule.LEAD_DEPARTMENT,
    ConsolidationRule.MOST_COMMON,
    ConsolidationRule.MANUAL,
)
"""The rules a plan may choose for rating a project that several departments evaluate."""


@dataclass(frozen=True)
class Suggestion:
    """A computed rating with the rule and the inputs that produced it."""

    rating: str | None
    rule: ConsolidationRule
    rated: int
    unrated: int
    non_rating: bool = False
    """True when ``rating`` is a non-rating code taken from the lead department."""

    @property
    def explanation(self) -> str:
        base = RULE_LABELS[self.rule]
        if self.non_rating:
            return f"{base}: 評価の記号がないため、主担当課の区分「{self.rating}」としました"
        if self.rated == 0:
            return f"{base}: 評価済みの項目がないため算出できません(未評価 {self.unrated} 件)"
        if self.rating is None and self.rule is ConsolidationRule.LEAD_DEPARTMENT:
            others = f"ほかの評価済み {self.rated} 件は使いません"
            return f"{base}: 主担当課の評価がまだないため算出できません({others})"
        tail = f"、未評価 {self.unrated} 件は計算に含めていません" if self.unrated else ""
        return f"{base}: 評価済み {self.rated} 件から算出{tail}"


def consolidate(scale: Scale, ratings: Sequence[str | None], rule: ConsolidationRule) -> Suggestion:
    """Consolidate ``ratings`` (in owner order, the lead first; None = not rated) by ``rule``.

    Unrated items and non-rating codes are left out of the maths and counted as unrated, so a
    missing entry can never drag a 施策 down silently.
    """
    rated = [code for code in ratings if code is not None and scale.is_rating(code)]
    unrated = len(ratings) - len(rated)
    result: str | None
    if rule is ConsolidationRule.LOWEST:
        result = scale.worst(rated)
    elif rule is ConsolidationRule.LEAD_DEPARTMENT:
        lead = ratings[0] if ratings else None
        result = lead if lead is not None and scale.is_rating(lead) else None
    elif rule is ConsolidationRule.MOST_COMMON:
        result = _most_common(scale, rated)
    elif rule is ConsolidationRule.SINGLE_DEPARTMENT:
        result = rated[0] if len(ratings) == 1 and rated else None
    else:
        raise ValueError(f"{rule} is entered by a person, not computed")
    return Suggestion(result, rule, len(rated), unrated)


def consolidate_project(scale: Scale, ratings: Sequence[str | None], rule: ConsolidationRule) -> Suggestion:
    """Rate a project from its departments' codes (in owner order, the lead first) by ``rule``,
    as :func:`consolidate`, except where that would leave an answered project 未評価: the lead
    department's non-rating code (未着手, 評価困難 …) stands for the project under the lead
    department's rule, and under any rule when no department gave a rating code but all gave a
    non-rating one. A project counted as what it is, never as unrated for want of a letter."""
    suggestion = consolidate(scale, ratings, rule)
    if suggestion.rating is not None or not ratings or ratings[0] is None:
        return suggestion
    lead = ratings[0]
    lead_stands = rule is ConsolidationRule.LEAD_DEPARTMENT
    nobody_rated = suggestion.rated == 0 and all(code is not None for code in ratings)
    if not scale.is_rating(lead) and (lead_stands or nobody_rated):
        return Suggestion(lead, rule, suggestion.rated, suggestion.unrated, non_rating=True)
    return suggestion


def _most_common(scale: Scale, rated: Sequence[str]) -> str | None:
    if not rated:
        return None
    counts = Counter(rated)
    top = max(counts.values())
    return scale.worst(code for code, count in counts.items() if count == top)


@dataclass(frozen=True)
class Tally:
    """Counts per code of a scale: ``counts`` the rating codes (best first), ``others`` each
    non-rating code (未着手, 評価困難 …, in the scale's order; a code the scale lacks after them)
    and ``unrated`` the items without any code (未評価). Shares are over the rating codes only:
    non-rating codes and the unrated are never counted as zero nor put in the denominator."""

    counts: dict[str, int]
    unrated: int
    others: dict[str, int] = field(default_factory=dict)

    @cached_property
    def rated(self) -> int:
        """Items with a rating code: the denominator of every share."""
        return sum(self.counts.values())

    @property
    def not_rated(self) -> int:
        """Items with a non-rating code."""
        return sum(self.others.values())

    @property
    def total(self) -> int:
        return self.rated + self.not_rated + self.unrated

    @property
    def columns(self) -> tuple[tuple[str, int], ...]:
        """Every code with its count, rating codes first, then the non-rating codes (not 未評価)."""
        return (*self.counts.items(), *self.others.items())

    @property
    def note(self) -> str:
        """What this tally counts apart, in the words every page and report uses."""
        return tally_note(tuple(self.others))

    def share(self, code: str) -> float | None:
        """Share of rating ``code`` among the rated items; None when nothing is rated or ``code``
        is not a rating code (a non-rating code has no share)."""
        if code not in self.counts or not self.rated:
            return None
        return self.counts[code] / self.rated


def tally_note(non_ratings: Sequence[str]) -> str:
    """The sentence said beside every tally: non-rating codes (named) and 未評価 are counted
    apart, never as zero, and shares are over the rated items only."""
    apart = f"評価ではない区分({'・'.join(non_ratings)})と" if non_ratings else ""
    return (
        f"{apart}未評価(評価の記入がないもの)は、評価の件数に含めず、0件や低い評価としても数えず、"
        "それぞれ別に数えています。割合は、評価の記号がついたものだけに占める割合です。"
    )


def tally(scale: Scale, codes: Iterable[str | None]) -> Tally:
    """Count ``codes`` (None = no code) by ``scale``: every code of the scale appears, zero or not."""
    counts = dict.fromkeys(scale.ratings, 0)
    others = dict.fromkeys(scale.non_ratings, 0)
    unrated = 0
    for code in codes:
        if code is None:
            unrated += 1
        elif code in counts:
            counts[code] += 1
        else:
            others[code] = others.get(code, 0) + 1
    return Tally(counts, unrated, others)
