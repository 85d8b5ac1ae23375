"""The words the demo plan is built from: departments, theme types, generic projects, indicators.

Everything here was written for the demo; none of it is taken from a real city's report. Each
policy theme carries its own initiatives and projects so that the generated tree reads like a
real 地域福祉計画, and generic templates (filled with the theme's keyword) extend a theme when
the tree needs more projects than it lists.
"""

from __future__ import annotations

from dataclasses import dataclass

from shinchoku.plans.models import Department

DIVISION = Department.Kind.DIVISION
EXTERNAL = Department.Kind.EXTERNAL

# Name and kind, in display order.
DEPARTMENTS: tuple[tuple[str, Department.Kind], ...] = (
    ("市長公室", DIVISION),
    ("共生福祉課", DIVISION),
    ("高齢介護課", DIVISION),
    ("障がい福祉課", DIVISION),
    ("子育て支援課", DIVISION),
    ("健康づくり課", DIVISION),
    ("生活支援課", DIVISION),
    ("人権推進課", DIVISION),
    ("くらし安全課", DIVISION),
    ("危機管理課", DIVISION),
    ("市民課", DIVISION),
    ("都市計画課", DIVISION),
    ("生涯学習課", DIVISION),
    ("学校教育課", DIVISION),
    ("社会福祉協議会", EXTERNAL),
)


@dataclass(frozen=True)
class ProjectWords:
    """A project's name (事業名) and content (事業内容, one ○ line per activity)."""

    name: str
    content: str


@dataclass(frozen=True)
class PolicyTheme:
    """A 施策 with its initiatives (取組) and projects (事業).

    ``departments`` are the likely owners, most likely first. The first project is always used,
    so themes that must be searchable (成年後見制度, ヤングケアラー) put such a project first.
    ``down_indicator`` is an indicator that should fall (label, unit), if the theme has one.
    """

    title: str
    description: str
    keyword: str
    departments: tuple[str, ...]
    initiatives: tuple[str, ...]
    projects: tuple[ProjectWords, ...]
    down_indicator: tuple[str, str] | None = None


@dataclass(frozen=True)
class GoalTheme:
    """A 基本目標; its first policy theme is always used, the others are drawn."""

    title: str
    policies: tuple[PolicyTheme, ...]


def project_words(*pairs: tuple[str, str]) -> tuple[ProjectWords, ...]:
    return tuple(ProjectWords(name, content) for name, content in pairs)


# Generic projects any theme can have; {kw} is the theme's keyword.
GENERIC_PROJECTS: tuple[ProjectWords, ...] = project_words(
    ("{kw}に関する情報発信", "○広報紙・ホームページ・SNSを活用した{kw}に関する情報の発信"),
    ("{kw}に関する職員研修", "○窓口職員を対象に{kw}に関する知識と対応力を高める研修の実施"),
    ("{kw}関係機関連絡会議", "○関係機関による連絡会議の開催\n○情報共有と連携の強化"),
    ("{kw}に関する市民意識調査", "○市民アンケートによる{kw}に関する意識と実態の把握"),
    ("{kw}に関する出前講座", "○自治会や団体の求めに応じた{kw}に関する出前講座の実施"),
    ("{kw}に関する相談窓口の周知", "○相談窓口を紹介するカードの作成\n○公共施設・医療機関等での配布"),
    ("{kw}に取り組む団体への補助", "○{kw}に取り組む地域団体への補助金の交付"),
    ("{kw}に関するパネル展", "○市役所ロビーや公民館でのパネル展示による啓発"),
    ("{kw}に関する事例集の作成", "○市内の先進的な取組を紹介する事例集の作成と配布"),
    ("{kw}推進会議の運営", "○関係課による推進会議の開催と取組状況の点検"),
)

# Indicators that should rise: (label template, unit). {name} is the project name, {kw} the keyword.
UP_INDICATORS: tuple[tuple[str, str], ...] = (
    ("{name}の参加者数", "人"),
    ("{name}の延べ利用者数", "人"),
    ("{name}の実施回数", "回"),
    ("{kw}に関する講座の開催回数", "回"),
    ("{kw}の活動拠点数", "箇所"),
    ("{kw}に関する相談件数", "件"),
    ("{kw}について知っている市民の割合", "%"),
)
