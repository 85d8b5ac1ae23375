"""Quality checks on one department's yearly entry: the common failures of Japanese 進行管理
(numbers never filled in, text copied from last year, targets carried forward, ratings that
contradict the indicators, placeholders) found in what was typed.

Pure: the caller gathers an entry's texts, last year's texts, its rating and its indicators into
:class:`EntryFacts`; :func:`check_entry` returns the findings. Findings are warnings, never
refusals: a person reads them and fixes the entry or dismisses the finding with a reason.
The rating scale comes from the plan (best = its first rating code, lowest = its last); non-rating
codes (未着手, 評価困難 …) never take part in a rating check.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from shinchoku.core.indicators import AchievementFormula, Direction, achievement_rate
from shinchoku.core.ratings import Scale


@dataclass(frozen=True)
class Check:
    """A named check: ``id`` as the CLI and the API print it, ``name`` and ``explanation`` in Japanese."""

    id: str
    name: str
    explanation: str


CHECKS: tuple[Check, ...] = (
    Check(
        "blank_number",
        "数字の書き漏れ",
        "「回」「件」「人」などの単位の前に、あるはずの数字がありません(例:「会議 回開催」)。"
        "数字を記入してください。",
    ),
    Check(
        "copied_from_last_year",
        "昨年度と同じ文章",
        "進捗状況または評価の理由・課題が、昨年度の記入と同じです(空白の違いは無視します)。"
        "今年度に行ったことと、その結果を書いてください。",
    ),
    Check(
        "target_unchanged",
        "次年度の目標が据え置き",
        "次年度の目標が、昨年度に記入した次年度の目標と同じです。2年以上同じ目標でよいか確認してください。",
    ),
    Check(
        "rating_vs_indicator",
        "評価と指標の食い違い",
        "評価が指標の達成率と合っていません(最も良い評価なのに達成率が50%未満、"
        "または最も低い評価なのに目標を達成している)。評価か理由を見直してください。",
    ),
    Check(
        "missing_reason",
        "理由が短すぎる",
        "最も低い評価なのに、評価の理由・課題がほとんど書かれていません。理由と今後の課題を書いてください。",
    ),
    Check(
        "placeholder_text",
        "中身のない記入",
        "「同上」「特になし」「―」だけの記入です。内容を具体的に書いてください。",
    ),
    Check(
        "missing_actual",
        "指標の実績値がない",
        "指標に、今年度の実績値が入力されていません。",
    ),
)
CHECKS_BY_ID: dict[str, Check] = {check.id: check for check in CHECKS}

FIELD_LABELS: dict[str, str] = {
    "year_target": "今年度の目標",
    "progress": "進捗状況",
    "rating": "評価",
    "reason": "評価の理由・課題",
    "next_year_goal": "次年度の目標",
    "indicator": "指標",
}
"""The fields a finding can point at, in the order of the entry form."""

TEXT_FIELDS = ("year_target", "progress", "reason", "next_year_goal")
"""The typed texts of an entry that the text checks read."""

COPY_FIELDS = ("progress", "reason")
"""The texts compared with last year's (copied_from_last_year)."""

MIN_REASON_LENGTH = 10
"""Fewer characters than this (spaces aside) say nothing about why the lowest rating was given."""

LOW_ACHIEVEMENT = Decimal("0.5")
"""Under half of the target contradicts the best rating."""

EXCERPT_RADIUS = 12
"""Characters shown either side of a blank numeral."""

# Counter words (助数詞) after which a number is expected; longest first so 時間 wins over 時.
_COUNTERS = (
    "か所",
    "箇所",
    "ヵ所",
    "ケ所",
    "団体",
    "世帯",
    "時間",
    "事業所",
    "回",
    "件",
    "人",
    "校",
    "部",
    "冊",
    "日",
    "名",
    "組",
    "戸",
    "台",
    "枚",
    "社",
)
# What may follow a counter word whose number is missing: the end, punctuation, or a verb of
# counting (開催, 参加 …). Requiring it keeps line-wrap spaces inside words (「上 回る」「人 材」
# 「地域 回覧」) from reading as blank numerals.
_AFTER_COUNTER = (
    r"(?:$|[。、,，.．・:：;；)）」』/／\s]|"
    r"開催|実施|参加|受講|利用|訪問|配布|発行|登録|設置|相談|派遣|回収|作成|達成|延べ|程度|以上|未満"
    r"|分|増|減|受診|来場|出席|修了|認定|交付|貸出|貸し出し|掲載|視聴|応募|提出|支援|指導|研修)"
)
# A blank where the number should be: the start of the text or a space after a character that is
# not itself part of a number (digits, kanji numerals) nor a Latin letter (OCR reads 1 as I or l).
_BLANK_NUMERAL = re.compile(
    r"(?:^|(?<=[^\s0-9０-９一二三四五六七八九十百千万〇零a-zA-Zａ-ｚＡ-Ｚ.,，．]))"
    r"[ \t\u3000]+"
    rf"(?P<counter>{'|'.join(_COUNTERS)})"
    rf"(?={_AFTER_COUNTER})"
    # A number just after the word makes it a label, not a unit: 「団体登録49団体」「団体:48団体」.
    r"(?![^\s]{0,3}[0-9０-９])",
    re.MULTILINE,
)

_SPACES = re.compile(r"\s+")
_BULLETS = "○●◯・■□◆◇※"  # the marks reports put before each item
_PLACEHOLDERS = frozenset(
    {
        "同上",
        "同左",
        "〃",
        "特になし",
        "特に無し",
        "とくになし",
        "なし",
        "無し",
        "―",
        "ー",
        "-",
        "−",
        "‐",
        "—",
        "－",
    }
)


@dataclass(frozen=True)
class IndicatorFacts:
    """One indicator of the entry's project: this year's actual (None when not entered) and the
    target in force that year."""

    label: str
    actual: Decimal | None
    target: Decimal | None
    direction: Direction
    baseline: Decimal | None = None


@dataclass(frozen=True)
class EntryFacts:
    """What the checks read of one entry. ``texts`` maps the ids of :data:`TEXT_FIELDS` to the typed
    text; ``last_year`` holds the same department's texts for the project a year before (None when
    it has none)."""

    texts: Mapping[str, str]
    rating: str | None = None
    last_year: Mapping[str, str] | None = None
    indicators: Sequence[IndicatorFacts] = field(default_factory=tuple)


@dataclass(frozen=True)
class Finding:
    """One finding: the check's id, the field it points at and the excerpt that shows why."""

    check: str
    field: str
    excerpt: str

    @property
    def check_name(self) -> str:
        return CHECKS_BY_ID[self.check].name

    @property
    def explanation(self) -> str:
        return CHECKS_BY_ID[self.check].explanation

    @property
    def field_label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field)


def compact(text: str) -> str:
    """``text`` without any whitespace: two texts that differ only in spacing compare equal."""
    return _SPACES.sub("", text)


def blank_numbers(text: str) -> list[str]:
    """The excerpts around each counter word whose number is missing (「会議 回開催」)."""
    excerpts = []
    for match in _BLANK_NUMERAL.finditer(text):
        start = max(0, match.start() - EXCERPT_RADIUS)
        end = min(len(text), match.end("counter") + EXCERPT_RADIUS)
        excerpts.append(_SPACES.sub(" ", text[start:end]).strip())
    return excerpts


def is_placeholder(text: str) -> bool:
    """True when ``text`` is only 「同上」「特になし」「―」 or the like (also 「○特になし」)."""
    core = compact(text).rstrip("。.")
    return core in _PLACEHOLDERS or core.lstrip(_BULLETS) in _PLACEHOLDERS


def _excerpt(text: str, limit: int = 40) -> str:
    flat = _SPACES.sub(" ", text).strip()
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _text_findings(facts: EntryFacts) -> list[Finding]:
    findings = []
    for name in TEXT_FIELDS:
        text = facts.texts.get(name, "")
        findings += [Finding("blank_number", name, excerpt) for excerpt in blank_numbers(text)]
        if text.strip() and is_placeholder(text):
            findings.append(Finding("placeholder_text", name, _excerpt(text)))
    return findings


def _year_on_year_findings(facts: EntryFacts) -> list[Finding]:
    if facts.last_year is None:
        return []
    findings = []
    for name in COPY_FIELDS:
        text = compact(facts.texts.get(name, ""))
        if text and not is_placeholder(text) and text == compact(facts.last_year.get(name, "")):
            findings.append(Finding("copied_from_last_year", name, _excerpt(facts.texts[name])))
    goal = compact(facts.texts.get("next_year_goal", ""))
    if goal and not is_placeholder(goal) and goal == compact(facts.last_year.get("next_year_goal", "")):
        findings.append(
            Finding("target_unchanged", "next_year_goal", _excerpt(facts.texts["next_year_goal"]))
        )
    return findings


def _rate(indicator: IndicatorFacts, formula: AchievementFormula | str) -> Decimal | None:
    if indicator.actual is None or indicator.target is None:
        return None
    return achievement_rate(
        actual=indicator.actual,
        target=indicator.target,
        direction=indicator.direction,
        formula=formula,
        baseline=indicator.baseline,
    )


def _percent(rate: Decimal) -> str:
    return f"{rate * 100:.0f}%"


def _rating_findings(facts: EntryFacts, scale: Scale, formula: AchievementFormula | str) -> list[Finding]:
    ratings = scale.ratings
    if facts.rating is None or not scale.is_rating(facts.rating) or len(ratings) < 2:
        return []
    best, lowest = ratings[0], ratings[-1]
    findings = []
    for indicator in facts.indicators:
        rate = _rate(indicator, formula)
        if rate is None:
            continue
        if facts.rating == best and rate < LOW_ACHIEVEMENT:
            findings.append(
                Finding(
                    "rating_vs_indicator", "rating", f"評価 {best}/{indicator.label} 達成率 {_percent(rate)}"
                )
            )
        elif facts.rating == lowest and rate >= 1:
            findings.append(
                Finding(
                    "rating_vs_indicator",
                    "rating",
                    f"評価 {lowest}/{indicator.label} 達成率 {_percent(rate)}",
                )
            )
    reason = facts.texts.get("reason", "")
    if facts.rating == lowest and len(compact(reason)) < MIN_REASON_LENGTH:
        findings.append(Finding("missing_reason", "reason", _excerpt(reason) or "(空欄)"))
    return findings


def _indicator_findings(facts: EntryFacts) -> list[Finding]:
    return [
        Finding("missing_actual", "indicator", f"{indicator.label}(実績値なし)")
        for indicator in facts.indicators
        if indicator.actual is None
    ]


def check_entry(facts: EntryFacts, scale: Scale, formula: AchievementFormula | str) -> list[Finding]:
    """Every finding of every check on one entry, in the order of :data:`CHECKS` per field.

    ``scale`` is the plan's rating scale (best first) and ``formula`` its achievement formula.
    """
    findings = (
        _text_findings(facts)
        + _year_on_year_findings(facts)
        + _rating_findings(facts, scale, formula)
        + _indicator_findings(facts)
    )
    order = {check.id: position for position, check in enumerate(CHECKS)}
    return sorted(findings, key=lambda finding: order[finding.check])
