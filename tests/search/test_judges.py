"""The search page over several cities and plans passes the judges every page type passes (the
page-type judges read the tiny plan alone, which has neither a second city nor a shared project):
the Nu HTML checker, no inline code, and axe, HTML_CodeSniffer and reflow at 320 px."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from shinchoku.accounts.models import User
from tests.evaluations.tiny_plan import make_user
from tests.search.many_plans import ManyPlans
from tests.web.judges import axe_violations, describe, htmlcs_errors, reflow_faults
from tests.web.test_html_validity import CANARY, _java, _vnu_errors
from tests.web.test_inline_code import _inline_code


def search_paths(many: ManyPlans) -> list[str]:
    """Results with counts and several cities, a shared project's hits, a city and plan chosen
    (with the link back to all), and a plan of another city refused."""
    city, plan = many.tiny.municipality.pk, many.tiny.plan.pk
    return [
        "/search/?q=福祉",
        "/search/?q=民生委員",
        f"/search/?q=福祉&city={city}&plan={plan}&year=2023",
        f"/search/?q=福祉&city={many.konosu.pk}&plan={plan}",
        f"/search/?q=存在しない語句&city={city}",
    ]


def rendered(many: ManyPlans) -> dict[str, str]:
    staff = Client()
    staff.force_login(make_user("judge-jimu", many.tiny.municipality, role=User.Role.SECRETARIAT))
    pages = {}
    for reader, client in (("visitor", Client()), ("事務局", staff)):
        for path in search_paths(many):
            response = client.get(path)
            assert response.status_code == 200, f"{path}: HTTP {response.status_code}"
            pages[f"{reader} {path}"] = response.content.decode()
    return pages


@pytest.mark.django_db
def test_the_search_over_several_cities_and_plans_is_valid_html(many: ManyPlans, tmp_path: Path) -> None:
    _java()
    pages = rendered(many)
    pages["canary"] = CANARY
    errors = _vnu_errors(pages, tmp_path)
    assert "canary" in errors, "the checker did not report the canary page's list inside a span"
    del errors["canary"]
    assert errors == {}


@pytest.mark.django_db
def test_the_search_over_several_cities_and_plans_has_no_inline_code(many: ManyPlans) -> None:
    assert _inline_code(rendered(many)) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_search_over_several_cities_and_plans_passes_the_browser_judges(
    page: Page, live_server: LiveServer, many: ManyPlans
) -> None:
    problems: list[str] = []
    for path in search_paths(many):
        response = page.goto(live_server.url + path)
        assert response is not None
        assert response.status == 200, f"{path}: HTTP {response.status}"
        problems += describe(f"axe {path}", axe_violations(page))
        problems += [f"HTMLCS {path}: {e['code']} {e['msg']}" for e in htmlcs_errors(page)]
        problems += [f"reflow {path}: {fault}" for fault in reflow_faults(page)]  # at 320 px
    assert problems == [], "\n".join(problems)
