"""parse_report on small synthetic reports: one test per reading or repair rule."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shinchoku.ingest.report_text.document import ReportFormatError, TextBlock
from shinchoku.ingest.report_text.parse import parse_report
from tests.ingest.report_text.snippets import HEADER, page, report, row


def test_it_reads_the_fiscal_year_from_the_progress_header() -> None:
    assert parse_report(report(page([row()]))).fiscal_year == 2023


def test_it_reads_the_legend_with_its_definitions() -> None:
    legend = parse_report(report(page([row()]))).legend
    assert [item.code for item in legend] == ["A", "B", "C"]
    assert legend[2].definition == "具体的な施策に着手しているとは言い難い"


def test_it_reads_goals_policies_and_initiatives() -> None:
    parsed = parse_report(report(page([row()])))
    assert [(goal.number, goal.title) for goal in parsed.goals] == [
        (1, "すべての世代に福祉の心を広げる意識づくり")
    ]
    policy = parsed.policies[0]
    assert (policy.code, policy.goal, policy.number, policy.title) == (
        "1-1",
        1,
        1,
        "福祉の心を育む学習機会の充実",
    )
    assert policy.description == "地域での支え合いの意識を育みます。"
    assert [(i.policy, i.number) for i in parsed.initiatives] == [("1-1", 1)]


@pytest.mark.parametrize(
    ("printed", "expected"), [("Α", "A"), ("В", "B"), ("С", "C"), ("Ｂ", "B"), ("A", "A")]
)
def test_it_folds_lookalike_rating_letters_without_review(printed: str, expected: str) -> None:
    project = parse_report(report(page([row(rating=printed)]))).projects[0]
    assert project.rating == expected
    assert project.rating_raw == printed
    assert project.review_fields == []


@pytest.mark.parametrize("printed", ["R", "D", "Ь", "٨", "b"])
def test_it_sends_a_misread_rating_letter_to_review(printed: str) -> None:
    project = parse_report(report(page([row(rating=printed)]))).projects[0]
    assert project.rating is None
    assert project.review_fields == ["rating"]
    assert project.needs_review[0].raw == printed
    assert project.needs_review[0].line == project.line


def test_it_leaves_a_blank_rating_empty_without_review() -> None:
    project = parse_report(report(page([row(rating="")]))).projects[0]
    assert project.rating is None
    assert project.review_fields == []


def test_it_joins_a_row_continued_on_the_next_page() -> None:
    first = page([row("家庭教育支援")], initiative="② 学校や地域の福祉教育への支援")
    second = page(
        [row("公共施設事業"), "--------\t---\t---\t---\t---\t---\t---\t---"], initiative=None, header=False
    )
    parsed = parse_report(report(first, second))
    assert [(p.name, p.policy, p.initiative) for p in parsed.projects] == [
        ("家庭教育支援", "1-1", 2),
        ("公共施設事業", "1-1", 2),
    ]
    assert len(parsed.initiatives) == 1


def test_it_joins_the_cells_of_a_row_broken_by_a_page_end() -> None:
    first = page([row("福祉教育", progress="○体験学習を")])
    rest = row("", progress="実施した。", rating="", owners="")
    parsed = parse_report(report(first, page([rest], initiative=None, header=False)))
    assert len(parsed.projects) == 1
    assert parsed.projects[0].progress == [TextBlock(None, "○体験学習を 実施した。")]


def test_it_splits_text_cells_by_department_markers() -> None:
    progress = "全体の記述 【共生福祉課】 民生委員に周知した。 【参考】 資料あり 【社協】 だよりを発行した。"
    project = parse_report(report(page([row(progress=progress, owners="共生福祉課 社協")]))).projects[0]
    assert project.progress == [
        TextBlock(None, "全体の記述"),
        TextBlock("共生福祉課", "民生委員に周知した。 【参考】 資料あり"),
        TextBlock("社協", "だよりを発行した。"),
    ]


def test_it_shares_the_text_after_markers_printed_together() -> None:
    target = "【子育て支援課】【高齢介護課】 研修を通じた相談支援スキルの向上"
    project = parse_report(report(page([row(target=target, owners="子育て支援課 高齢介護課")]))).projects[0]
    assert [block.department for block in project.final_target] == ["子育て支援課", "高齢介護課"]
    assert {block.text for block in project.final_target} == {"研修を通じた相談支援スキルの向上"}


def test_it_reads_per_department_ratings_from_the_owner_cell() -> None:
    project = parse_report(report(page([row(rating="", owners="共生福祉課B 市長公室B 社協A")]))).projects[0]
    assert project.owners == ["共生福祉課", "市長公室", "社協"]
    assert project.ratings_by_owner == {"共生福祉課": "B", "市長公室": "B", "社協": "A"}
    assert project.rating is None
    assert project.review_fields == []


def test_it_splits_owners_run_together_and_joins_wrapped_owner_names() -> None:
    rows = [
        row("一", owners="くらし安全課"),
        row("福祉教育", owners="高齢介護課共生福祉課 くらし 安 全課 社協"),
    ]
    project = parse_report(report(page(rows))).projects[1]
    assert project.owners == ["高齢介護課", "共生福祉課", "くらし安全課", "社協"]
    assert project.review_fields == []


def test_it_resolves_a_misread_owner_against_the_document_and_asks_for_review() -> None:
    rows = [row("公共施設事業", owners="子育て支援課"), row("地域子育て支援拠点", owners="子育て支援記")]
    project = parse_report(report(page(rows))).projects[1]
    assert project.owners == ["子育て支援課"]
    assert project.review_fields == ["owners"]
    assert project.needs_review[0].raw == "子育て支援記"


def test_it_keeps_an_owner_that_is_no_department_and_asks_for_review() -> None:
    project = parse_report(report(page([row(owners="障がい福祉課 子育を 高齢介護課")]))).projects[0]
    assert project.owners == ["障がい福祉課", "子育を", "高齢介護課"]
    assert project.review_fields == ["owners"]


def test_it_takes_owners_from_the_department_markers_when_the_owner_cell_is_garbled() -> None:
    rows = [
        row("広報", owners="共生福祉課 障がい福祉課"),
        row(
            "研修",
            progress="【共生福祉課】 実施した。 【障がい福祉課】 参加した。",
            owners="共生でいてでは、 はは、",
        ),
    ]
    project = parse_report(report(page(rows))).projects[1]
    assert project.owners == ["共生福祉課", "障がい福祉課"]
    assert project.review_fields == ["owners"]


def test_it_removes_wrap_spaces_from_names() -> None:
    names = ["認知症サポーター養成講 座", "市民大学きたもと学苑 (キタガク)", "ボランティア 登録"]
    projects = parse_report(report(page([row(name) for name in names]))).projects
    assert [p.name for p in projects] == [
        "認知症サポーター養成講座",
        "市民大学きたもと学苑(キタガク)",
        "ボランティア登録",
    ]
    assert [p.name_raw for p in projects] == names
    assert all(p.review_fields == [] for p in projects)


def test_it_marks_relisted_projects_and_reads_where_they_point() -> None:
    relisted = row(
        "高齢者等見守りネット ワーク事業 <再掲>",
        progress="3 - I -①の再掲",
        rating="",
        reason="3 - I -①の再掲",
    )
    project = parse_report(report(page([relisted]))).projects[0]
    assert (project.name, project.relisted, project.relisted_from) == (
        "高齢者等見守りネットワーク事業",
        True,
        "3-1-1",
    )


@pytest.mark.parametrize(
    ("printed", "kept"),
    [
        ("1 TATO TAVE / 1 PULL 7-2011", "1 TATO TAVE / 1 PULL 7-2011"),
        ("#ロン知当老研修", "#ロン知当老研修"),
        ("", ""),
        ("一 ", "一"),
        ("権利擁護支援の方針につ", "権利擁護支援の方針につ"),
    ],
)
def test_it_keeps_a_garbled_name_and_asks_for_review(printed: str, kept: str) -> None:
    project = parse_report(report(page([row(printed)]))).projects[0]
    assert project.name == kept
    assert project.review_fields == ["name"]


def test_it_puts_back_the_end_of_a_name_that_slid_into_the_content_column() -> None:
    rows = [
        row("成年後見制度利用支 業", content="援事 ○市長による成年後見の申し立て"),
        row("地域子育て支援拠点にお ける交流事業"),
    ]
    project = parse_report(report(page(rows))).projects[0]
    assert project.name == "成年後見制度利用支援事業"
    assert project.content == "○市長による成年後見の申し立て"
    assert project.review_fields == ["name"]


def test_it_leaves_a_fragment_in_the_content_when_the_first_name_line_is_full() -> None:
    rows = [
        row("総合福祉センターの機能 強化", content="築 ○多世代交流事業の実施"),
        row("地域子育て支援拠点にお ける交流事業"),
    ]
    project = parse_report(report(page(rows))).projects[0]
    assert project.name == "総合福祉センターの機能強化"
    assert project.review_fields == []


def test_it_flags_a_name_that_differs_from_a_phrase_its_row_repeats() -> None:
    misread = row(
        "認知症初期集中文援ナー",
        target="○認知症初期集中支援チームの安定的な稼働",
        progress="認知症初期集中支援チーム員会議で検討した。",
    )
    project = parse_report(report(page([misread]))).projects[0]
    assert project.name == "認知症初期集中文援ナー"
    assert project.review_fields == ["name"]


def test_it_repairs_policy_codes_read_with_i_for_1_without_review() -> None:
    parsed = parse_report(report(page([row()], goal="目標I すべての世代に", policy="施策I-I 福祉の心を育む")))
    assert [p.code for p in parsed.policies] == ["1-1"]
    assert parsed.policies[0].needs_review == []


def test_it_identifies_a_policy_page_by_its_title_when_a_digit_is_lost() -> None:
    first = page([row("一つ目")], policy="施策 I - 2 市民同士のふれあう機会の拡充")
    second = page(
        [row("二つ目")],
        goal="目標 すべての世代に福祉の心を広げる意識づくり",
        policy="施策 - 2 市民同士のふれあう機会の拡充",
    )
    parsed = parse_report(report(first, second))
    assert [p.code for p in parsed.policies] == ["1-2"]
    assert [p.policy for p in parsed.projects] == ["1-2", "1-2"]
    assert parsed.policies[0].needs_review == []


def test_it_takes_a_lost_goal_digit_from_the_goal_heading() -> None:
    parsed = parse_report(
        report(page([row()], goal="目標 5 公民協働", policy="5策 - 1 重層的な地域福祉ネットワークの構築"))
    )
    assert parsed.policies[0].code == "5-1"
    assert parsed.policies[0].needs_review == []


def test_it_guesses_a_lost_policy_number_and_asks_for_review() -> None:
    first = page([row("一つ目")])
    second = page([row("二つ目")], goal=None, policy="施策1- 市民同士のふれあう機会の拡充")
    policy = parse_report(report(first, second)).policies[1]
    assert policy.code == "1-2"
    assert [item.field for item in policy.needs_review] == ["code"]


def test_it_reads_the_bold_legend_letter_as_the_policy_rating() -> None:
    policy = parse_report(report(page([row()], bold="A"))).policies[0]
    assert policy.rating == "A"
    assert policy.needs_review == []


def test_it_prefers_bold_over_a_star_on_another_letter_and_asks_for_review() -> None:
    policy = parse_report(report(page([row()], bold="B", star="A"))).policies[0]
    assert policy.rating == "B"
    assert [item.field for item in policy.needs_review] == ["rating"]


def test_it_decides_by_the_pages_that_have_a_bold_letter_and_asks_for_review() -> None:
    first = page([row("一つ目")], bold=None, star="A")
    second = page([row("二つ目")], bold="B")
    policy = parse_report(report(first, second)).policies[0]
    assert policy.rating == "B"
    assert [item.field for item in policy.needs_review] == ["rating"]


def test_it_uses_a_star_alone_and_asks_for_review() -> None:
    policy = parse_report(report(page([row()], bold=None, star="C"))).policies[0]
    assert policy.rating == "C"
    assert [item.field for item in policy.needs_review] == ["rating"]


def test_it_joins_an_initiative_title_split_over_cells_and_asks_for_review() -> None:
    parsed = parse_report(report(page([row()], initiative="③ 緊急時に支援を必要とする人の情報共\t有")))
    assert parsed.initiatives[0].title == "緊急時に支援を必要とする人の情報共有"
    assert [item.field for item in parsed.policies[0].needs_review] == ["initiative"]


def test_it_prefers_a_complete_initiative_title_over_split_pieces() -> None:
    printed = "② ニーズに応じた生活支援サービス・シ\t② ニーズに応じた生活支援サービス・活動の推進"
    parsed = parse_report(report(page([row()], initiative=printed)))
    assert (parsed.initiatives[0].number, parsed.initiatives[0].title) == (
        2,
        "ニーズに応じた生活支援サービス・活動の推進",
    )
    assert parsed.policies[0].needs_review == []


def test_it_reads_indicators_from_the_target_cell() -> None:
    project = parse_report(report(page([row(target="開催箇所数 68箇所 ※R3 62箇所")]))).projects[0]
    [indicator] = project.indicators
    assert (indicator.label, indicator.unit, indicator.target_value) == ("開催箇所数", "箇所", Decimal(68))
    assert (indicator.baseline_value, indicator.baseline_year) == (Decimal(62), 2021)
    assert indicator.direction == "up"


def test_it_drops_empty_trailing_cells_and_reports_a_short_row() -> None:
    parsed = parse_report(report(page([row() + "\t\t", "福祉教育\t○内容\t目標\t進捗\tB"])))
    assert parsed.projects[0].review_fields == []
    assert "row" in parsed.projects[1].review_fields


def test_it_refuses_an_empty_file() -> None:
    with pytest.raises(ReportFormatError, match="空") as error:
        parse_report("\n \n", file_name="empty.txt")
    assert error.value.line == 1
    assert str(error.value).startswith("empty.txt 1行目: ")


def test_it_refuses_text_that_is_not_a_report_naming_the_first_line() -> None:
    with pytest.raises(ReportFormatError, match="施策") as error:
        parse_report("\nこれは報告書ではありません\n単なるメモです\n")
    assert error.value.line == 2


def test_it_refuses_binary_content_naming_the_line() -> None:
    with pytest.raises(ReportFormatError, match="制御文字") as error:
        parse_report("目標\t目標1\n施策\t施策1-1 題\n\x00\x01PK")
    assert error.value.line == 3


def test_it_refuses_a_report_without_a_fiscal_year_header() -> None:
    text = report(page([row()])).replace("令和5年度の進捗状況", "進捗状況")
    with pytest.raises(ReportFormatError, match="年度") as error:
        parse_report(text)
    assert error.value.line == text.split("\n").index(HEADER.replace("令和5年度の進捗状況", "進捗状況")) + 1


def test_it_refuses_a_report_without_any_project_row() -> None:
    text = report(page([]))
    with pytest.raises(ReportFormatError, match="事業の行"):
        parse_report(text)


def test_it_reads_an_initiative_line_on_a_page_without_a_legend() -> None:
    text = report(page([row()])).replace("- A ", "").replace("- **B** ", "").replace("- C ", "")
    text = "\n".join(line for line in text.split("\n") if not line.startswith("具体的"))
    parsed = parse_report(text)
    assert [(i.number, i.title) for i in parsed.initiatives] == [
        (1, "学校教育、家庭教育、公民館活動を通じた福祉意識の向上")
    ]
    assert [item.field for item in parsed.policies[0].needs_review] == ["rating"]


def test_it_reports_a_page_whose_policy_heading_was_lost() -> None:
    second = page([row("二つ目")]).replace("施策\t施策1-1 福祉の心を育む学習機会の充実\n", "")
    parsed = parse_report(report(page([row("一つ目")]), second))
    assert [p.policy for p in parsed.projects] == ["1-1", "1-1"]
    assert [item.field for item in parsed.needs_review] == ["code"]
