"""Every page type passes the browser judges, for visitors, signed-in staff and the 事務局:

- axe-core's WCAG 2.x A/AA rules (vendored under tests/vendor/axe-core);
- HTML_CodeSniffer's WCAG2AA standard, the engine pa11y runs, as a second opinion (vendored under
  tests/vendor/html_codesniffer): 0 errors; its warnings and notices ask a person to look and do
  not fail;
- reflow at 320 CSS px (WCAG 1.4.10): the document does not scroll sideways and nothing sticks out
  of the viewport except inside a table's own scroll box (``.table-scroll``).

The pages come from tests/web/page_types.py (discovered from the URLconf), plus the error pages and
the downloadable HTML report. The vendored engines are test assets, never served.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Entry
from shinchoku.search.services import rebuild_search_index, update_entry_document
from tests.evaluations.scaled_plan import ScaledPlan
from tests.evaluations.tiny_plan import TinyPlan, make_user
from tests.web.judges import axe_violations, describe, htmlcs_errors, reflow_faults
from tests.web.page_types import MISSING_PAGE, html_report_path, page_urls, server_error_page, stateful_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _judge(page: Page, label: str) -> list[str]:
    """Every judge's findings on the page now shown, one line each, prefixed by judge and page."""
    found = describe(f"axe {label}", axe_violations(page))
    found += [f"HTMLCS {label}: {e['code']} {e['msg']} — {e['element']}" for e in htmlcs_errors(page)]
    faults = reflow_faults(page)
    found += [f"reflow {label}: {fault}" for fault in faults[:5]]
    if len(faults) > 5:
        found.append(f"reflow {label}: … and {len(faults) - 5} more")
    return found


def _check_every_page(page: Page, live_server: LiveServer, tiny: TinyPlan, *, refusals: bool = False) -> None:
    """With ``refusals``, a page the reader may not use answers 403 and the refusal page is
    checked in its place (the page itself is checked for a role that may use it)."""
    rebuild_search_index(tiny.plan)
    problems: list[str] = []
    allowed = (200, 403) if refusals else (200,)
    for name, paths in page_urls(tiny):
        checked = 0
        for path in paths:
            response = page.goto(live_server.url + path)
            assert response is not None
            if response.status == 404:
                continue  # a candidate value this page does not take (see page_types._kwarg_values)
            assert response.status in allowed, f"{name} {path}: HTTP {response.status}"
            checked += 1
            problems += _judge(page, f"{name} {path}")
        assert checked, f"{name}: no candidate URL answered 200 ({paths})"
    response = page.goto(live_server.url + MISSING_PAGE)
    assert response is not None
    assert response.status == 404
    problems += _judge(page, f"404 {MISSING_PAGE}")
    page.set_content(server_error_page())  # on the live server's origin: its style sheets load
    problems += _judge(page, "500")
    # The report is an attachment (a download, not a page): fetched with the page's cookies and shown.
    report = page.context.request.get(live_server.url + html_report_path(tiny))
    assert report.status == 200, f"HTML report: HTTP {report.status}"
    # Shown in a blank document: the page now open carries the site's policy, which (rightly)
    # forbids the report's inline style sheet; the download's own policy allows it by its hash.
    page.goto("about:blank")
    page.set_content(report.text())
    problems += _judge(page, "HTML report")
    assert problems == [], f"{len(problems)} findings of the judges:\n" + "\n".join(problems)


def _sign_in(page: Page, live_server: LiveServer, user: User) -> None:
    page.goto(live_server.url + reverse("web:login"))
    page.get_by_label("ユーザー名").fill(user.username)
    page.get_by_label("パスワード").fill("correct horse battery")
    page.get_by_role("button", name="ログイン", exact=True).click()
    expect(page.get_by_role("button", name="ログアウト")).to_be_visible()


def test_every_page_passes_the_browser_judges_for_a_visitor(
    page: Page, live_server: LiveServer, tiny: TinyPlan
) -> None:
    _check_every_page(page, live_server, tiny)


def test_the_tallies_of_a_scale_with_non_rating_codes_pass_the_browser_judges(
    page: Page, live_server: LiveServer, scaled: ScaledPlan
) -> None:
    """The tiny plan's scale has no non-rating code: these pages show their own columns and notes."""
    plan = scaled.plan.pk
    paths = {
        "dashboard": reverse("public:dashboard", args=[plan]),
        "plan": reverse("public:plan", args=[plan]),
        "department": reverse("public:department", args=[plan, scaled.departments["福祉課"].pk]),
    }
    problems: list[str] = []
    for name, path in paths.items():
        response = page.goto(live_server.url + path)
        assert response is not None
        assert response.status == 200, f"{name} {path}: HTTP {response.status}"
        problems += _judge(page, f"{name} {path}")
    report = page.context.request.get(
        live_server.url
        + reverse("reports:download", kwargs={"plan_id": plan, "fiscal_year": 2023, "key": "html"})
    )
    assert report.status == 200, f"HTML report: HTTP {report.status}"
    page.goto("about:blank")
    page.set_content(report.text())
    problems += _judge(page, "HTML report")
    assert problems == [], f"{len(problems)} findings of the judges:\n" + "\n".join(problems)


def test_every_page_passes_the_browser_judges_for_signed_in_staff(
    page: Page, live_server: LiveServer, tiny: TinyPlan, city_staff: User
) -> None:
    _sign_in(page, live_server, city_staff)
    _check_every_page(page, live_server, tiny, refusals=True)


def test_every_page_passes_the_browser_judges_for_the_secretariat(
    page: Page, live_server: LiveServer, tiny: TinyPlan
) -> None:
    _sign_in(page, live_server, make_user("jimukyoku", tiny.municipality, role=User.Role.SECRETARIAT))
    _check_every_page(page, live_server, tiny)


def test_the_pages_reached_by_a_form_or_a_superuser_pass_the_browser_judges(
    page: Page, live_server: LiveServer, tiny: TinyPlan
) -> None:
    page.goto(live_server.url + MISSING_PAGE)  # on the live server's origin: its style sheets load
    problems: list[str] = []
    for label, html in stateful_pages(tiny).items():
        page.set_content(html)
        problems += _judge(page, label)
    assert problems == [], f"{len(problems)} findings of the judges:\n" + "\n".join(problems)


def test_the_axe_harness_reports_a_known_violation(page: Page) -> None:
    page.set_content('<html lang="ja"><body><main><input type="text"></main></body></html>')
    assert "label" in {violation["id"] for violation in axe_violations(page)}


def test_the_html_codesniffer_harness_reports_a_known_error(page: Page) -> None:
    page.set_content('<html lang="ja"><body><main><img src="data:,"></main></body></html>')
    assert "WCAG2AA.Principle1.Guideline1_1.1_1_1.H37" in {error["code"] for error in htmlcs_errors(page)}


def test_the_reflow_check_reports_what_sticks_out_at_320_px(page: Page) -> None:
    page.set_content(
        '<html lang="ja"><body><p class="wide">x</p>'
        '<div class="table-scroll"><table class="inner"><tr><td>y</td></tr></table>'
        '<span class="out">z</span></div>'
        '<table><tr><td class="thin">福祉教育</td></tr></table>'
        '<table class="fixed"><tr><td><span class="long">z</span></td></tr></table>'
        "</body></html>"
    )
    page.add_style_tag(
        content=".wide { width: 500px } .inner { width: 600px } .table-scroll { overflow-x: auto }"
        " .out { position: absolute; left: 0; width: 1px } .thin { width: 10px; padding: 0 }"
        " .fixed { table-layout: fixed; width: 100px } .long { display: block; width: 200px }"
    )
    assert reflow_faults(page) == [
        "the document is 508 px wide",  # 500 px and the body's margin
        "p.wide ends at 508 px",
        "span.out escapes its scroll box (positioned against body)",
        'td.thin "福祉教育" is squeezed to 16 px',  # one character a line
        'td "z" overflows its cell',
    ]


def test_the_header_search_works_by_keyboard_alone(
    page: Page, live_server: LiveServer, tiny: TinyPlan
) -> None:
    entry = Entry.objects.get(project=tiny.unrated)
    entry.reason = "成年後見制度の相談にも応じた。"
    entry.save()
    update_entry_document(entry)
    page.goto(live_server.url + reverse("search:search"))
    field = page.get_by_role("banner").get_by_role("searchbox", name="サイト内検索")
    for _ in range(20):
        page.keyboard.press("Tab")
        if field.evaluate("element => element === document.activeElement"):
            break
    expect(field).to_be_focused()

    page.keyboard.type("後見")
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_have_text("1件見つかりました")
    result = page.get_by_role("link", name="1-1-2-1 福祉協力校設置")
    expect(result).to_be_visible()
    expect(page.locator(".search-hit mark")).to_have_text(["後見"])
