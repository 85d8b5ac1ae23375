"""Small synthetic report texts laid out like the published report, for unit tests."""

from __future__ import annotations

from collections.abc import Sequence

GOAL_1 = "目標1 すべての世代に福祉の心を広げる意識づくり"
POLICY_1_1 = "施策1-1 福祉の心を育む学習機会の充実"
INITIATIVE_1 = "① 学校教育、家庭教育、公民館活動を通じた福祉意識の向上"
HEADER = "\t".join(
    [
        "事業名",
        "事業内容",
        "計画最終年度までの目標",
        "令和5年度の進捗状況",
        "事業 評価",
        "評価の理由・課題",
        "令和6年度の目標",
        "事業主体",
    ]
)
DEFINITIONS = {
    "A": "具体的な施策に着手し、一定の成果や数値実績があるなど、その取組が堅調に推移している",
    "B": "具体的な施策への着手は認められるものの、より一層の取組や事業の伸展が求められる",
    "C": "具体的な施策に着手しているとは言い難い",
}


def row(
    name: str = "福祉教育",
    *,
    content: str = "○福祉に係る体験教育活動",
    target: str = "目標設定なし",
    progress: str = "○体験学習を実施した。",
    rating: str = "B",
    reason: str = "○理解を深められた。",
    next_goal: str = "継続して実施する。",
    owners: str = "学校教育課",
) -> str:
    return "\t".join([name, content, target, progress, rating, reason, next_goal, owners])


def legend(bold: str | None = "B", star: str | None = None) -> list[str]:
    lines = []
    for code, definition in DEFINITIONS.items():
        letter = "★" if code == star else code
        if code == bold:
            letter = f"**{letter}**"
        lines.append(f"- {letter} {definition}")
    return lines


def page(
    rows: Sequence[str] = (),
    *,
    goal: str | None = GOAL_1,
    policy: str = POLICY_1_1,
    description: str = "説明\t地域での支え合いの意識を育みます。",
    bold: str | None = "B",
    star: str | None = None,
    initiative: str | None = INITIATIVE_1,
    header: bool = True,
) -> str:
    lines = [f"目標\t{goal}"] if goal is not None else []
    lines += [f"施策\t{policy}", description, "", *legend(bold, star), ""]
    if initiative is not None:
        lines.append(f"取組\t{initiative}\t\t\t\t\t\t")
    if header:
        lines.append(HEADER)
    lines += rows
    return "\n".join(lines)


def report(*pages: str) -> str:
    return "\n\n".join(pages) + "\n"
