"""The filled example plan of the README walkthrough (``shinchoku plan template --example``).

A 3-level plan 基本方針 → 施策 → 事業 evaluated at 施策, with an S/A/B/C scale and the non-rating
codes 未着手 and 評価困難, an outside body, projects of several departments, one cross-listing,
indicators (one to reduce) and last year's evaluations and actual values.
"""

from __future__ import annotations

from decimal import Decimal

from shinchoku.plans.workbook.document import (
    CodeRow,
    DepartmentRow,
    EvaluationRow,
    IndicatorRow,
    NodeRow,
    PlanDocument,
    PlanSettings,
    TargetRow,
    ValueRow,
)
from shinchoku.plans.workbook.layout import EXAMPLE_CODE, EXAMPLE_MUNICIPALITY

EXAMPLE_TITLE = "見本市地域福祉計画"
FIRST_YEAR, LAST_YEAR = 2024, 2028
EVALUATED_YEAR = 2024  # "last year": the evaluations the city's last Excel file holds
LEVELS = ("基本方針", "施策", "事業")


def _project(
    code: str,
    parent: str,
    title: str,
    owners: tuple[str, ...],
    description: str,
    target: str = "",
    span: tuple[int | None, int | None] = (None, None),
) -> NodeRow:
    return NodeRow(code, parent, 2, title, description, owners, target, "", span=span, continues="")


def example_document(municipality: str = EXAMPLE_MUNICIPALITY, code: str = EXAMPLE_CODE) -> PlanDocument:
    """The example plan for ``municipality`` (``code`` must be a valid 全国地方公共団体コード)."""
    nodes = [
        NodeRow("1", "", 0, "誰もが支え合う地域をつくる", "住民同士の支え合いを広げます。", (), "", ""),
        NodeRow("1-1", "1", 1, "地域の見守り活動の推進", "", (), "", ""),
        _project(
            "1-1-1",
            "1-1",
            "見守りネットワーク事業",
            ("福祉課", "社会福祉協議会"),
            "民生委員・自治会・事業者による見守り活動を支援します。",
            "全地区で見守り活動が行われている",
        ),
        _project(
            "1-1-2", "1-1", "ふれあいサロン支援事業", ("社会福祉協議会",), "地域のサロン活動に補助します。"
        ),
        NodeRow("1-2", "1", 1, "福祉の担い手づくり", "", (), "", ""),
        _project(
            "1-2-1", "1-2", "福祉教育推進事業", ("生涯学習課", "福祉課"), "小中学校で福祉体験学習を行います。"
        ),
        # Ended by the mid-plan revision (中間見直し): evaluated until 2026, not asked for after.
        _project(
            "1-2-2",
            "1-2",
            "ボランティア養成講座",
            ("社会福祉協議会", "生涯学習課"),
            "講座を年4回開きます。",
            span=(None, 2026),
        ),
        NodeRow("2", "", 0, "安心して暮らせる仕組みをつくる", "", (), "", ""),
        NodeRow("2-1", "2", 1, "相談支援体制の充実", "", (), "", ""),
        _project(
            "2-1-1",
            "2-1",
            "総合相談窓口の運営",
            ("福祉課",),
            "分野を問わない相談を受け付けます。",
            "相談から支援につながる割合を高める",
        ),
        _project(
            "2-1-2",
            "2-1",
            "成年後見制度利用支援事業",
            ("福祉課", "高齢介護課"),
            "申立て費用などを助成します。",
        ),
        NodeRow("2-2", "2", 1, "災害時の支援体制づくり", "", (), "", ""),
        _project(
            "2-2-1", "2-2", "避難行動要支援者支援事業", ("危機管理課", "福祉課"), "個別避難計画をつくります。"
        ),
        NodeRow("2-2-2", "2-2", 2, "見守りネットワーク事業", "", (), "", "1-1-1"),
    ]
    evaluations = [
        EvaluationRow(
            EVALUATED_YEAR,
            "1-1-1",
            "福祉課",
            "協定事業者を12社に増やした。",
            "A",
            "計画どおり進んだ。",
            "協定事業者を15社にする。",
        ),
        EvaluationRow(
            EVALUATED_YEAR,
            "1-1-1",
            "社会福祉協議会",
            "見守り訪問を延べ820件行った。",
            "B",
            "担い手が不足している。",
            "訪問員を募集する。",
        ),
        EvaluationRow(
            EVALUATED_YEAR,
            "1-1-2",
            "社会福祉協議会",
            "サロンを3か所新設した。",
            "S",
            "目標を上回った。",
            "新設地区を広げる。",
        ),
        EvaluationRow(
            EVALUATED_YEAR, "1-2-1", "生涯学習課", "小学校8校で実施した。", "A", "", "中学校でも実施する。"
        ),
        EvaluationRow(
            EVALUATED_YEAR, "1-2-1", "福祉課", "講師の派遣を調整した。", "B", "派遣先が偏った。", ""
        ),
        EvaluationRow(EVALUATED_YEAR, "1-2-2", "社会福祉協議会", "講座を4回開いた。", "A", "", ""),
        EvaluationRow(
            EVALUATED_YEAR,
            "1-2-2",
            "生涯学習課",
            "会場を提供した。",
            "C",
            "周知が不足した。",
            "広報を見直す。",
        ),
        EvaluationRow(EVALUATED_YEAR, "2-1-1", "福祉課", "相談件数は1,250件だった。", "A", "", ""),
        EvaluationRow(
            EVALUATED_YEAR,
            "2-1-2",
            "福祉課",
            "制度改正を待って着手していない。",
            "未着手",
            "国の制度改正待ち。",
            "改正に合わせて始める。",
        ),
        EvaluationRow(EVALUATED_YEAR, "2-1-2", "高齢介護課", "", "評価困難", "実績を把握できなかった。", ""),
        EvaluationRow(EVALUATED_YEAR, "2-2-1", "危機管理課", "名簿を更新した。", "B", "", ""),
    ]
    return PlanDocument(
        settings=PlanSettings(
            municipality_name=municipality,
            municipality_code=code,
            title=EXAMPLE_TITLE,
            first_fiscal_year=FIRST_YEAR,
            last_fiscal_year=LAST_YEAR,
            level_labels=LEVELS,
            evaluation_level=1,
            multi_department_rule="lowest",
            achievement_formula="ratio",
            requires_department_approval=False,
        ),
        codes=[
            CodeRow("S", "大きく上回る", "目標を大きく上回って達成した", True),
            CodeRow("A", "順調", "目標どおり達成した", True),
            CodeRow("B", "おおむね順調", "目標をおおむね達成した", True),
            CodeRow("C", "遅れている", "目標を達成できなかった", True),
            CodeRow("未着手", "未着手", "まだ取り組んでいない", False),
            CodeRow("評価困難", "評価困難", "実績を把握できず評価できない", False),
        ],
        departments=[
            DepartmentRow("福祉課", "division"),
            DepartmentRow("高齢介護課", "division"),
            DepartmentRow("生涯学習課", "division"),
            # Renamed from 令和7年度 (組織改編): 令和6年度 and before it was 防災安全課.
            DepartmentRow("危機管理課", "division", previous_name="防災安全課", renamed_from=2025),
            DepartmentRow("社会福祉協議会", "external"),
        ],
        nodes=nodes,
        indicators=[
            IndicatorRow("1-1-1", "見守り協定事業者数", "社", Decimal(8), 2023, Decimal(20), 2028, "up"),
            IndicatorRow("1-1-2", "サロンの数", "か所", Decimal(40), 2023, Decimal(60), 2028, "up"),
            IndicatorRow(
                "2-1-1",
                "相談から支援につながらなかった件数",
                "件",
                Decimal(120),
                2023,
                Decimal(60),
                2028,
                "down",
            ),
            IndicatorRow(
                "2-2-1", "個別避難計画の作成率", "%", Decimal("12.5"), 2023, Decimal(50), 2028, "up"
            ),
        ],
        targets=[
            TargetRow("1-1-1", "見守り協定事業者数", 2025, Decimal(12)),
            TargetRow("1-1-1", "見守り協定事業者数", 2026, Decimal(15)),
        ],
        evaluations=evaluations,
        values=[
            ValueRow("1-1-1", "見守り協定事業者数", EVALUATED_YEAR, Decimal(12)),
            ValueRow("1-1-2", "サロンの数", EVALUATED_YEAR, Decimal(46)),
            ValueRow("2-1-1", "相談から支援につながらなかった件数", EVALUATED_YEAR, Decimal(95)),
            ValueRow("2-2-1", "個別避難計画の作成率", EVALUATED_YEAR, Decimal("18.2")),
        ],
    )
