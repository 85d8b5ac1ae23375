from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from shinchoku.accounts.models import User
from shinchoku.plans.models import PlanNode
from tests.evaluations.tiny_plan import TinyPlan, add_projects

MaxQueries = Callable[[int], AbstractContextManager[Any]]


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _text(html: str) -> str:
    """The page's text with tags dropped and white space collapsed, to match what people read."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _outline(html: str) -> list[Any]:
    """The outline's items as [code, [items nested in it]], as the browser nests the lists."""

    class Outline(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.items: list[Any] = []
            self.open = [self.items]  # the lists of the items being read
            self.in_item: list[bool] = []  # per open <li>: whether it is an outline item
            self.code_wanted = False

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "li":
                self.in_item.append("tree__item" in (dict(attrs).get("class") or ""))
                if self.in_item[-1]:
                    item: list[Any] = ["", []]
                    self.open[-1].append(item)
                    self.open.append(item[1])
                    self.code_wanted = True

        def handle_endtag(self, tag: str) -> None:
            if tag == "li" and self.in_item.pop():
                self.open.pop()

        def handle_data(self, data: str) -> None:
            code = re.match(r"(\d+(?:-\d+)*) ", data)
            if self.code_wanted and code:
                self.open[-2][-1][0] = code.group(1)
                self.code_wanted = False

    parser = Outline()
    parser.feed(html)
    return parser.items


def plan_url(tiny: TinyPlan, site: str = "public") -> str:
    return reverse(f"{site}:plan", args=[tiny.plan.pk])


def node_url(tiny: TinyPlan, node: PlanNode, site: str = "public") -> str:
    return reverse(f"{site}:node", args=[tiny.plan.pk, node.pk])


def project_url(tiny: TinyPlan, node: PlanNode, site: str = "public") -> str:
    return reverse(f"{site}:project", args=[tiny.plan.pk, node.pk])


class TestLayout:
    def test_every_page_is_japanese_with_one_h1_a_skip_link_and_landmarks(
        self, client: Client, tiny: TinyPlan
    ) -> None:
        for url in [
            reverse("public:home"),
            plan_url(tiny),
            node_url(tiny, tiny.goal),
            node_url(tiny, tiny.policy),
            project_url(tiny, tiny.shared),
            reverse("public:dashboard", args=[tiny.plan.pk]),
            reverse("public:department", args=[tiny.plan.pk, tiny.departments["社協"].pk]),
            reverse("web:login"),
        ]:
            html = _page(client, url)
            assert '<html lang="ja">' in html
            assert html.count("<h1") == 1, url
            assert 'href="#main"' in html
            assert 'id="main"' in html
            assert "<header" in html
            assert "<nav" in html
            assert "<footer" in html
            assert "/static/shinchoku/site.css" in html
            assert not re.search(r"(src|href)=\"(https?:)?//", html), "no external asset"

    def test_the_staff_pages_share_the_same_layout(self, staff_client: Client, tiny: TinyPlan) -> None:
        for url in [
            reverse("web:home"),
            plan_url(tiny, "web"),
            node_url(tiny, tiny.policy, "web"),
            project_url(tiny, tiny.shared, "web"),
            reverse("web:dashboard", args=[tiny.plan.pk]),
            reverse("web:department", args=[tiny.plan.pk, tiny.departments["社協"].pk]),
        ]:
            html = _page(staff_client, url)
            assert html.count("<h1") == 1, url
            assert 'href="#main"' in html
            assert "/static/shinchoku/site.css" in html
            assert not re.search(r"(src|href)=\"(https?:)?//", html), "no external asset"

    def test_the_stylesheet_and_the_vendored_design_tokens_are_served(self, client: Client, db: None) -> None:
        assert client.get("/static/shinchoku/site.css").status_code == 200
        tokens = client.get("/static/shinchoku/vendor/digital-go-jp-design-tokens.css")
        assert tokens.status_code == 200
        assert b"--color-primitive-blue-900" in b"".join(tokens.streaming_content)


class TestHome:
    def test_it_lists_the_plans_with_their_period_and_published_rounds(
        self, client: Client, tiny: TinyPlan
    ) -> None:
        text = _text(_page(client, reverse("public:home")))

        assert "北本市" in text
        assert "北本市地域福祉計画" in text
        assert "計画期間: 令和4年度〜令和8年度" in text
        assert "令和5年度(2023年度) 公表済" in text
        assert "2024年度" not in text

    def test_staff_of_the_municipality_also_see_the_round_being_collected(
        self, staff_client: Client, tiny: TinyPlan
    ) -> None:
        text = _text(_page(staff_client, reverse("web:home")))

        assert "令和6年度(2024年度) 照会中" in text

    def test_it_runs_a_bounded_number_of_queries(
        self, client: Client, tiny: TinyPlan, django_assert_max_num_queries: MaxQueries
    ) -> None:
        # The data version, the cities per prefecture, a page of cities, their plans, their rounds
        # (tests/web/test_directory.py: as many for 30 cities as for 3).
        with django_assert_max_num_queries(5):
            _page(client, reverse("public:home"))


class TestPlanPage:
    def test_it_shows_the_plan_down_to_its_policies_with_the_tallies_of_the_newest_visible_year(
        self, client: Client, tiny: TinyPlan
    ) -> None:
        html = _page(client, plan_url(tiny))
        text = _text(html)

        assert "令和5年度(2023年度)の進捗状況" in text
        for words in [
            "基本目標 1 すべての世代に福祉の心を広げる意識づくり",
            "施策 1-1 福祉の心を育む学習機会の充実",
            "含まれる事業の評価: A 1 B 1 C 0 未評価 1",
            "この施策の評価: B",
        ]:
            assert words in text
        assert f'href="{node_url(tiny, tiny.policy)}?year=2023"' in html
        assert f'href="{node_url(tiny, tiny.goal)}?year=2023"' in html

    def test_it_leaves_the_initiatives_and_projects_to_the_policy_pages(
        self, client: Client, tiny: TinyPlan
    ) -> None:
        text = _text(_page(client, plan_url(tiny)))

        assert "施策に含まれる項目と事業は、各施策のページにあります" in text
        assert "1-1-1 " not in text
        assert "福祉教育" not in text

    def test_it_counts_the_ratings_of_the_year_with_the_unrated_apart(
        self, client: Client, tiny: TinyPlan
    ) -> None:
        text = _text(_page(client, plan_url(tiny)))

        assert "A 1件 B 1件 C 0件 未評価 1件" in text

    def test_the_public_does_not_see_the_unpublished_year(self, client: Client, tiny: TinyPlan) -> None:
        html = _page(client, plan_url(tiny))

        assert "2024" not in html
        assert client.get(plan_url(tiny), {"year": 2024}).status_code == 404

    def test_staff_of_another_municipality_do_not_see_it_either(
        self, client: Client, tiny: TinyPlan, other_staff: User
    ) -> None:
        client.force_login(other_staff)

        assert "2024年度" not in _page(client, plan_url(tiny, "web"))
        assert client.get(plan_url(tiny, "web"), {"year": 2024}).status_code == 404

    def test_staff_of_the_municipality_see_the_round_being_collected_by_default(
        self, staff_client: Client, tiny: TinyPlan
    ) -> None:
        text = _text(_page(staff_client, plan_url(tiny, "web")))

        assert "令和6年度(2024年度)の進捗状況" in text
        assert "「照会中」です" in text

    def test_the_year_switcher_lists_visible_years_and_switches(
        self, staff_client: Client, tiny: TinyPlan
    ) -> None:
        html = _page(staff_client, plan_url(tiny, "web") + "?year=2023")

        assert 'href="?year=2024"' in html
        assert '<span class="year-switcher__current" aria-current="page">令和5年度(2023年度)</span>' in html

    def test_a_plan_without_visible_rounds_shows_its_structure_without_ratings(
        self, client: Client, tiny: TinyPlan
    ) -> None:
        tiny.published.state = tiny.published.State.REVIEW
        tiny.published.save()

        text = _text(_page(client, plan_url(tiny)))

        assert "公表された年度の評価はまだありません" in text
        assert "1-1 福祉の心を育む学習機会の充実" in text
        assert "未評価" not in text

    def test_an_unknown_plan_or_a_malformed_year_is_not_found(self, client: Client, tiny: TinyPlan) -> None:
        assert client.get(reverse("public:plan", args=[tiny.plan.pk + 100])).status_code == 404
        assert client.get(plan_url(tiny), {"year": "令和5"}).status_code == 404

    def test_it_runs_a_bounded_number_of_queries_whatever_the_plan_size(
        self, client: Client, tiny: TinyPlan, django_assert_max_num_queries: MaxQueries
    ) -> None:
        add_projects(tiny, 25, start=20, with_entries=False)
        with django_assert_max_num_queries(9):
            _page(client, plan_url(tiny))


class TestPolicyPage:
    def test_it_is_laid_out_like_the_published_report(self, client: Client, tiny: TinyPlan) -> None:
        html = _page(client, node_url(tiny, tiny.policy))
        text = _text(html)

        assert "基本目標 1 すべての世代に福祉の心を広げる意識づくり" in text
        assert "施策 1-1 福祉の心を育む学習機会の充実" in text
        assert "説明 地域での支え合い、助け合いの意識を育むため、<br>" not in text
        assert "助け合いの意識を育むため、<br>子どもの頃から" in html
        assert "この施策の評価: B" in text
        assert "具体的な施策への着手は認められるものの" in text
        headers = re.findall(r'<th scope="col">([^<]+)</th>', html)
        assert headers[:8] == [
            "事業名",
            "事業内容",
            "計画最終年度までの目標",
            "令和5年度の進捗状況",
            "事業評価",
            "評価の理由・課題",
            "令和6年度の目標",
            "事業主体",
        ]
        assert html.count("<caption") == 3  # the header block and one per 取組
        assert "取組 1-1-1 学校教育、家庭教育、公民館活動を通じた福祉意識の向上" in text

    def test_the_policys_own_rating_is_marked_in_text_in_the_legend(
        self, client: Client, tiny: TinyPlan
    ) -> None:
        html = _page(client, node_url(tiny, tiny.policy))

        current = re.search(r'legend__item--current">(.*?)</li>', html, re.S)
        assert current is not None
        assert "B" in current.group(1)
        assert "この施策の評価" in current.group(1)

    def test_a_shared_project_shows_each_departments_text_and_rating_in_owner_order(
        self, client: Client, tiny: TinyPlan
    ) -> None:
        text = _text(_page(client, node_url(tiny, tiny.policy)))

        assert re.search(
            r"【共生福祉課】 民生委員に福祉サービスの情報を提供した。 【社協】 支え合い通信を発行した。", text
        )
        assert re.search(r"B .*共生福祉課 B 社協 A", text)

    def test_a_cross_listing_row_links_to_its_original(self, client: Client, tiny: TinyPlan) -> None:
        html = _page(client, node_url(tiny, tiny.policy))

        assert "再掲(元の事業: " in html
        assert f'<a href="{project_url(tiny, tiny.shared)}">1-1-1-2 地域資源を活かした情報の発信</a>)' in html

    def test_an_unrated_project_says_so_and_texts_keep_their_line_breaks(
        self, client: Client, tiny: TinyPlan
    ) -> None:
        html = _page(client, node_url(tiny, tiny.policy))

        assert "未評価" in html
        assert "支援籍学習を実施した。<br>○福祉体験を行った。" in html

    def test_the_public_cannot_read_the_unpublished_year(self, client: Client, tiny: TinyPlan) -> None:
        assert "下書き" not in _page(client, node_url(tiny, tiny.policy))
        assert client.get(node_url(tiny, tiny.policy), {"year": 2024}).status_code == 404

    def test_staff_of_the_municipality_can(self, staff_client: Client, tiny: TinyPlan) -> None:
        text = _text(_page(staff_client, node_url(tiny, tiny.policy, "web") + "?year=2024"))

        assert "令和6年度の下書きの進捗" in text
        assert "令和7年度の目標" in text
        assert "この施策の評価: 未評価" in text

    def test_it_has_breadcrumbs(self, client: Client, tiny: TinyPlan) -> None:
        html = _page(client, node_url(tiny, tiny.policy))

        crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S)
        assert crumbs is not None
        assert "計画の一覧" in crumbs.group(0)
        assert "北本市地域福祉計画" in crumbs.group(0)
        assert '<span aria-current="page">福祉の心を育む学習機会の充実</span>' in crumbs.group(0)

    def test_it_runs_a_bounded_number_of_queries(
        self, client: Client, tiny: TinyPlan, django_assert_max_num_queries: MaxQueries
    ) -> None:
        add_projects(tiny, 25, start=20)
        with django_assert_max_num_queries(12):  # whatever the number of projects
            _page(client, node_url(tiny, tiny.policy))

    def test_it_shows_the_committees_opinions_on_the_policy_and_below_with_the_citys_responses(
        self, client: Client, staff_client: Client, opinions: TinyPlan
    ) -> None:
        tiny = opinions
        text = _text(_page(client, node_url(tiny, tiny.policy)))
        assert "委員意見と市の考え方" in text
        policy = f"{tiny.policy.code} {tiny.policy.display_title}"
        assert f"{policy} 成果を数字で示してほしい。 次年度から指標を示します。" in text
        assert f"{tiny.single.code} {tiny.single.display_title} 対象を広げてほしい。 —" in text
        assert "作業中の意見" not in text
        staff = _text(_page(staff_client, node_url(tiny, tiny.policy, "web") + "?year=2024"))
        assert "作業中の意見" in staff


class TestOtherNodePages:
    def test_a_goal_page_lists_its_children_with_their_ratings(self, client: Client, tiny: TinyPlan) -> None:
        text = _text(_page(client, node_url(tiny, tiny.goal)))

        assert "基本目標 1 すべての世代に福祉の心を広げる意識づくり" in text
        assert "この基本目標に含まれる項目" in text
        assert "1-1 福祉の心を育む学習機会の充実" in text
        assert "1-1-2-1 福祉協力校設置" in text

    def test_a_goal_page_nests_the_items_below_it_as_lists(self, client: Client, tiny: TinyPlan) -> None:
        outline = _outline(_page(client, node_url(tiny, tiny.goal)))

        assert outline == [
            [
                "1-1",
                [
                    ["1-1-1", [["1-1-1-1", []], ["1-1-1-2", []]]],
                    ["1-1-2", [["1-1-2-1", []], ["1-1-2-2", []]]],
                ],
            ]
        ]

    def test_an_initiative_page_lists_its_projects_with_their_ratings_owners_and_cross_listings(
        self, client: Client, tiny: TinyPlan
    ) -> None:
        html = _page(client, node_url(tiny, tiny.initiatives[0]))
        text = _text(html)

        assert "事業 1-1-1-1 福祉教育" in text
        assert f'href="{project_url(tiny, tiny.single)}"' in html
        assert re.search(r"事業主体: ?共生福祉課、社協 .*共生福祉課 B 社協 A", text)
        relisting = _text(_page(client, node_url(tiny, tiny.initiatives[1])))
        assert re.search(r"再掲 \(元の事業: 1-1-1-2 地域資源を活かした情報の発信 ?\)", relisting)
        assert "評価: 未評価" in relisting

    def test_an_initiative_page_has_breadcrumbs_through_its_policy(
        self, client: Client, tiny: TinyPlan
    ) -> None:
        html = _page(client, node_url(tiny, tiny.initiatives[0]))

        assert f'href="{node_url(tiny, tiny.policy)}?year=2023"' in html
        assert "1-1-1-1 福祉教育" in html

    def test_a_project_address_under_nodes_redirects_to_the_project_page(
        self, client: Client, tiny: TinyPlan
    ) -> None:
        response = client.get(node_url(tiny, tiny.single))

        assert response.status_code == 302
        assert response["Location"] == project_url(tiny, tiny.single)

    def test_a_node_of_another_plan_or_an_unknown_node_is_not_found(
        self, client: Client, tiny: TinyPlan
    ) -> None:
        assert client.get(reverse("public:node", args=[tiny.plan.pk + 1, tiny.policy.pk])).status_code == 404
        assert client.get(reverse("public:node", args=[tiny.plan.pk, 999999])).status_code == 404

    def test_the_not_found_page_is_in_japanese(self, client: Client, tiny: TinyPlan) -> None:
        response = client.get(reverse("public:node", args=[tiny.plan.pk, 999999]))

        assert "ページが見つかりません" in response.content.decode()


class TestProjectPage:
    def test_it_shows_the_project_its_owners_lead_first_and_its_entries_side_by_side(
        self, client: Client, tiny: TinyPlan
    ) -> None:
        html = _page(client, project_url(tiny, tiny.shared))
        text = _text(html)

        assert "事業 1-1-1-2 地域資源を活かした情報の発信" in text
        assert re.search(r"共生福祉課 ?\(主担当\) 社協", text)
        assert "令和5年度(2023年度)の評価" in text
        assert re.search(
            r'<th scope="col">項目</th><th scope="col">共生福祉課</th><th scope="col">社協</th>', html
        )
        assert "この事業の評価: B" in text
        assert "算出方法: 最も低い評価" in text
        # The definition is shown on hover and on keyboard focus, not only in a title.
        assert re.search(
            r'tabindex="0" aria-describedby="(tip-[\w-]+)">B</span>'
            r'<span class="rating-tip__text" role="tooltip" id="\1">具体的な施策への着手は認められるものの',
            html,
        )

    def test_it_shows_the_indicators_with_their_yearly_values(self, client: Client, tiny: TinyPlan) -> None:
        text = _text(_page(client, project_url(tiny, tiny.single)))

        assert "福祉教育の実施校数" in text
        assert "3校 (令和3年度)" in text
        assert "12校 (令和8年度)" in text
        assert "増加を目指す" in text
        assert "7.5校" in text
        assert "9校" not in text

    def test_staff_of_the_municipality_see_the_unpublished_year_first(
        self, staff_client: Client, tiny: TinyPlan
    ) -> None:
        text = _text(_page(staff_client, project_url(tiny, tiny.single, "web")))

        assert text.index("令和6年度(2024年度)の評価") < text.index("令和5年度(2023年度)の評価")
        assert "令和6年度の下書きの進捗" in text
        assert "9校" in text

    def test_the_public_does_not(self, client: Client, tiny: TinyPlan) -> None:
        text = _text(_page(client, project_url(tiny, tiny.single)))

        assert "2024年度" not in text
        assert "下書き" not in text

    def test_a_cross_listing_links_to_its_original(self, client: Client, tiny: TinyPlan) -> None:
        html = _page(client, project_url(tiny, tiny.relisted))

        assert "の再掲です" in html
        assert f'href="{project_url(tiny, tiny.shared)}"' in html

    def test_a_node_that_is_not_a_project_is_not_found(self, client: Client, tiny: TinyPlan) -> None:
        assert client.get(project_url(tiny, tiny.policy)).status_code == 404

    def test_it_runs_a_bounded_number_of_queries(
        self, client: Client, tiny: TinyPlan, django_assert_max_num_queries: MaxQueries
    ) -> None:
        # The rounds' targets, the later projects continuing it, the published years' structures.
        with django_assert_max_num_queries(15):
            _page(client, project_url(tiny, tiny.single))


class TestLogin:
    def test_the_login_page_is_in_japanese(self, client: Client, db: None) -> None:
        text = _text(_page(client, reverse("web:login")))

        assert "職員ログイン" in text
        assert "ユーザー名" in text
        assert "パスワード" in text

    def test_a_member_signs_in_and_out(self, client: Client, city_staff: User) -> None:
        response = client.post(
            reverse("web:login"), {"username": "kyosei", "password": "correct horse battery"}, follow=True
        )
        text = _text(response.content.decode())
        assert "共生 花子 さん" in text
        assert "ログアウト" in text

        response = client.post(reverse("web:logout"), follow=True)
        assert "職員ログイン" in _text(response.content.decode())

    def test_a_wrong_password_is_refused_with_a_japanese_message(
        self, client: Client, city_staff: User
    ) -> None:
        response = client.post(reverse("web:login"), {"username": "kyosei", "password": "wrong"})

        assert response.status_code == 200
        assert "ログインできませんでした" in response.content.decode()

    @pytest.mark.usefixtures("db")
    def test_logout_is_a_post_only(self, client: Client) -> None:
        assert client.get(reverse("web:logout")).status_code == 405
