"""Every page type passes axe-core's WCAG 2.x A/AA rules, for visitors and for signed-in staff.

The pages are discovered from the URLconf, not listed here: every named pattern of the ``web``,
``public`` and ``search`` namespaces is filled from the tiny plan by its keyword names. A new page
whose keywords this file cannot fill fails the test, so it gets an entry here before it ships.
axe-core is vendored under tests/vendor/axe-core (a test asset, never served).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Entry
from shinchoku.search.services import rebuild_search_index, update_entry_document
from tests.evaluations.tiny_plan import TinyPlan, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
NAMESPACES = ("web", "public", "search")
# Named patterns that are not pages to read (logout and the actions of the work pages only accept POST).
NOT_PAGES = {
    "web:logout",
    "web:entry_approve_department",
    "web:entry_approve",
    "web:entry_return",
    "web:entry_reopen",
    "web:round_open",
    "web:plan_settings",
    "web:round_deadline",
    "web:round_start_collecting",
    "web:round_start_review",
    "web:round_close",
    "web:round_publish",
    "web:round_reopen",
    "web:opinion_write",
    "web:opinion_respond",
    "web:workbook_commit",
    "web:workbook_download",  # an .xlsx file, not a page
    "web:user_unlock",
    "web:user_password_reset",
}
# Query strings giving a page type its distinct states (the search: empty, results, no result).
STATES = {"search:search": ["", "?q=福祉", "?q=存在しない語句"]}


def _kwarg_values(tiny: TinyPlan) -> dict[str, list[object]]:
    """Candidate values for each URL keyword; a pattern is filled with every combination that
    answers 200 (a node id that is not a project is a 404 for the project page, and so on)."""
    nodes = [tiny.goal, tiny.policy, tiny.single, tiny.shared, tiny.relisted]
    departments = list(tiny.departments.values())
    return {
        "plan_id": [tiny.plan.pk],
        "node_id": [node.pk for node in nodes],
        "project_id": [node.pk for node in nodes[2:]],
        "department_id": [department.pk for department in departments],
        "dept_id": [department.pk for department in departments],
        "fiscal_year": [tiny.published.fiscal_year],
        "year": [tiny.published.fiscal_year],
        "entry_id": list(Entry.objects.filter(round__plan=tiny.plan).values_list("pk", flat=True)),
        "round_id": [tiny.collecting.pk, tiny.published.pk],
        # 0 is nobody: visitors are sent to the login page whatever the id; staff get 403 or 404.
        "user_id": [0, *User.objects.filter(municipality=tiny.municipality).values_list("pk", flat=True)],
    }


def named_patterns() -> Iterator[tuple[str, list[str]]]:
    """(namespace:name, keyword names) of every named pattern in :data:`NAMESPACES`."""

    def walk(
        patterns: list[URLPattern | URLResolver], namespace: str | None
    ) -> Iterator[tuple[str, list[str]]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif pattern.name and namespace in NAMESPACES:
                yield f"{namespace}:{pattern.name}", list(pattern.pattern.converters)

    yield from walk(get_resolver().url_patterns, None)


def page_urls(tiny: TinyPlan) -> Iterator[tuple[str, list[str]]]:
    """(pattern name, candidate paths) for every page pattern; fails on a keyword it cannot fill."""
    values = _kwarg_values(tiny)
    for name, kwargs in named_patterns():
        if name in NOT_PAGES:
            continue
        unknown = [kwarg for kwarg in kwargs if kwarg not in values]
        if unknown:
            pytest.fail(f"{name}: no test value for URL keyword(s) {unknown}; add them to _kwarg_values")
        combinations = itertools.product(*(values[kwarg] for kwarg in kwargs))
        paths = [reverse(name, kwargs=dict(zip(kwargs, combo, strict=True))) for combo in combinations]
        yield name, [path + state for path in paths for state in STATES.get(name, [""])]


def _axe_violations(page: Page) -> list[dict[str, Any]]:
    # Evaluated through the DevTools protocol, not added as a <script>: the pages' Content-Security-
    # Policy (shinchoku.security_headers) rightly blocks inline scripts, and it stays on under test.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return list(result["violations"])


def _describe(url: str, violations: list[dict[str, Any]]) -> list[str]:
    return [
        f"{url}: {violation['id']} ({violation['impact']}) {violation['help']} — "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in violations
    ]


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
                continue  # a candidate value this page does not take (see _kwarg_values)
            assert response.status in allowed, f"{name} {path}: HTTP {response.status}"
            checked += 1
            problems += _describe(f"{name} {path}", _axe_violations(page))
        assert checked, f"{name}: no candidate URL answered 200 ({paths})"
    assert problems == [], "axe found WCAG 2.x A/AA violations:\n" + "\n".join(problems)


def _sign_in(page: Page, live_server: LiveServer, user: User) -> None:
    page.goto(live_server.url + reverse("web:login"))
    page.get_by_label("ユーザー名").fill(user.username)
    page.get_by_label("パスワード").fill("correct horse battery")
    page.get_by_role("button", name="ログイン", exact=True).click()
    expect(page.get_by_role("button", name="ログアウト")).to_be_visible()


def test_every_page_has_no_axe_violations_for_a_visitor(
    page: Page, live_server: LiveServer, tiny: TinyPlan
) -> None:
    _check_every_page(page, live_server, tiny)


def test_every_page_has_no_axe_violations_for_signed_in_staff(
    page: Page, live_server: LiveServer, tiny: TinyPlan, city_staff: User
) -> None:
    _sign_in(page, live_server, city_staff)
    _check_every_page(page, live_server, tiny, refusals=True)


def test_every_page_has_no_axe_violations_for_the_secretariat(
    page: Page, live_server: LiveServer, tiny: TinyPlan
) -> None:
    _sign_in(page, live_server, make_user("jimukyoku", tiny.municipality, role=User.Role.SECRETARIAT))
    _check_every_page(page, live_server, tiny)


def test_the_axe_harness_reports_a_known_violation(page: Page) -> None:
    page.set_content('<html lang="ja"><body><main><input type="text"></main></body></html>')
    assert "label" in {violation["id"] for violation in _axe_violations(page)}


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
