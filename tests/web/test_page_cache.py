"""Read pages are served from the page cache until a change is recorded, never across audiences or
staff users, and always with the visitor's own account menu and CSRF token. Right after a change the
stored page is served while it is rendered again, except to whoever made the change and once the
change is older than the window."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from pytest_django import Settings as SettingsWrapper

from shinchoku.accounts.models import User
from shinchoku.audit.models import AuditEntry
from shinchoku.audit.services import record
from shinchoku.evaluations.models import NodeEvaluation, Round
from shinchoku.web import page_cache, page_renders
from shinchoku.web.audience import PUBLIC, STAFF, Audience
from shinchoku.web.data_version import PUBLIC as PUBLIC_LANE
from shinchoku.web.data_version import DataVersion, LaneVersion, data_version
from tests.evaluations.tiny_plan import TinyPlan, build_tiny_plan, make_user

COMMENT = "おおむね順調に推移している。"


def record_change(tiny: TinyPlan, summary: str = "変更") -> None:
    """What every service does after changing data: one audit entry."""
    record(
        actor=None, action="test_change", target=tiny.plan, summary=summary, municipality=tiny.municipality
    )


@pytest.fixture
def recorded(tiny: TinyPlan) -> TinyPlan:
    """The tiny plan with a recorded change, so that its data have a version and pages are cached."""
    record_change(tiny, "作成")
    return tiny


def policy_url(tiny: TinyPlan, site: str = "public") -> str:
    return reverse(f"{site}:node", args=[tiny.plan.pk, tiny.policy.pk])


def plan_url(tiny: TinyPlan, site: str = "public") -> str:
    return reverse(f"{site}:plan", args=[tiny.plan.pk])


def change_comment(tiny: TinyPlan, comment: str) -> None:
    NodeEvaluation.objects.filter(round=tiny.published, node=tiny.policy).update(comment=comment)


def test_it_serves_the_stored_page_until_a_change_is_recorded(client: Client, recorded: TinyPlan) -> None:
    assert COMMENT in client.get(policy_url(recorded)).content.decode()

    # Written behind the services' back: no audit entry, so the stored page is still served.
    change_comment(recorded, "書き換えたコメント")
    assert COMMENT in client.get(policy_url(recorded)).content.decode()

    record_change(recorded)
    html = client.get(policy_url(recorded)).content.decode()
    assert "書き換えたコメント" in html
    assert COMMENT not in html


def test_without_any_recorded_change_nothing_is_stored(client: Client, tiny: TinyPlan) -> None:
    assert data_version((PUBLIC_LANE,)) is None
    client.get(policy_url(tiny))

    change_comment(tiny, "書き換えたコメント")
    assert "書き換えたコメント" in client.get(policy_url(tiny)).content.decode()


def test_a_staff_user_never_receives_another_staff_users_page(client: Client, recorded: TinyPlan) -> None:
    member = make_user("kyosei", recorded.municipality, display_name="共生 花子")
    outsider = make_user("konosu", None, display_name="鴻巣 太郎")
    client.force_login(member)
    assert "令和6年度(2024年度)" in client.get(plan_url(recorded, "web")).content.decode()

    client.force_login(outsider)
    html = client.get(plan_url(recorded, "web")).content.decode()
    assert "令和6年度(2024年度)" not in html
    assert "鴻巣 太郎 さん" in html
    assert "共生 花子" not in html


def test_the_public_never_sees_what_staff_were_shown(client: Client, recorded: TinyPlan) -> None:
    client.force_login(make_user("kyosei", recorded.municipality, display_name="共生 花子"))
    assert "令和6年度(2024年度)" in client.get(plan_url(recorded, "web")).content.decode()
    client.get(plan_url(recorded))  # the public page, stored while a member is signed in
    client.logout()

    html = client.get(plan_url(recorded)).content.decode()
    assert "2024年度" not in html
    assert "共生 花子" not in html
    assert "ログアウト" not in html
    assert "csrfmiddlewaretoken" not in html
    assert "職員ログイン" in html
    assert client.get(plan_url(recorded, "web")).status_code == 302


def test_every_visitor_gets_their_own_account_menu_on_a_shared_public_page(
    client: Client, recorded: TinyPlan
) -> None:
    assert "職員ログイン" in client.get(plan_url(recorded)).content.decode()

    client.force_login(make_user("kyosei", recorded.municipality))
    html = client.get(plan_url(recorded)).content.decode()
    assert "職員用の画面へ" in html
    assert "csrfmiddlewaretoken" in html
    assert page_cache.ACCOUNT_MENU_SLOT not in html


def test_the_logout_form_of_a_stored_page_works_after_signing_in_again(recorded: TinyPlan) -> None:
    make_user("kyosei", recorded.municipality)
    client = Client(enforce_csrf_checks=True)
    for _ in range(2):
        login_page = client.get(reverse("web:login")).content.decode()
        credentials = {"username": "kyosei", "password": "correct horse battery"}
        client.post(reverse("web:login"), credentials | {"csrfmiddlewaretoken": _token(login_page)})
        page = client.get(plan_url(recorded, "web")).content.decode()
        response = client.post(reverse("web:logout"), {"csrfmiddlewaretoken": _token(page)})
        assert response.status_code == 302


def test_public_pages_may_be_shared_and_staff_pages_are_private(client: Client, recorded: TinyPlan) -> None:
    public = client.get(plan_url(recorded))
    assert {"public", "no-cache"} <= _cache_control(public)
    assert "Cookie" in public["Vary"]

    client.force_login(make_user("kyosei", recorded.municipality))
    for url in (plan_url(recorded, "web"), plan_url(recorded)):
        response = client.get(url)
        assert {"private", "no-cache"} <= _cache_control(response), url
        assert "Cookie" in response["Vary"], url


def test_only_successful_pages_are_stored(client: Client, recorded: TinyPlan) -> None:
    assert client.get(plan_url(recorded), {"year": 2024}).status_code == 404
    Round.objects.filter(pk=recorded.collecting.pk).update(state=Round.State.PUBLISHED)

    assert client.get(plan_url(recorded), {"year": 2024}).status_code == 200


def test_a_page_that_used_a_csrf_token_is_not_stored(recorded: TinyPlan) -> None:
    calls: list[int] = []

    @page_cache.cached_page
    def form_page(request: HttpRequest, audience: Audience) -> HttpResponse:
        calls.append(1)
        return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')

    for _ in range(2):
        request = RequestFactory().get("/form/")
        request.user = User()
        form_page(request, audience=PUBLIC)
    assert len(calls) == 2


def test_flash_messages_are_always_shown_and_never_stored(recorded: TinyPlan) -> None:
    @page_cache.cached_page
    def page(request: HttpRequest, audience: Audience) -> HttpResponse:
        return HttpResponse("".join(str(message) for message in messages.get_messages(request)) or "ページ")

    def visit(*waiting: str) -> str:
        request = RequestFactory().get("/saved/")
        request.user = User()
        request._messages = CookieStorage(request)  # type: ignore[attr-defined]
        for text in waiting:
            messages.success(request, text)
        return page(request, audience=PUBLIC).content.decode()

    assert visit("保存しました") == "保存しました"
    assert visit() == "ページ"
    assert visit("承認しました") == "承認しました"
    assert visit() == "ページ"


def test_staff_pages_are_kept_per_user(recorded: TinyPlan) -> None:
    def key(user: User) -> str:
        request = RequestFactory().get("/staff/plans/1/?year=2023")
        request.user = user
        return page_cache.page_key(STAFF, request)

    first, second = make_user("a", recorded.municipality), make_user("b", recorded.municipality)

    assert key(first) != key(second)
    assert key(first) == key(first)


# --- stale while revalidate ----------------------------------------------------------------------


@pytest.fixture
def stale_window(settings: SettingsWrapper) -> float:
    """Serving stale pages switched on, as in production (the test settings turn it off)."""
    window = 60.0
    settings.PAGE_STALE_WINDOW = window
    return window


@pytest.fixture
def inline_refresh(monkeypatch: pytest.MonkeyPatch, stale_window: float) -> None:
    """Background renders run in the test's thread, inside its transaction, before the response."""
    monkeypatch.setattr(page_renders, "run_in_background", lambda work: work())


@pytest.fixture
def held_refreshes(
    monkeypatch: pytest.MonkeyPatch, stale_window: float
) -> Iterator[list[Callable[[], None]]]:
    """Background renders kept, to be run by the test; any left are run at its end."""
    held: list[Callable[[], None]] = []
    monkeypatch.setattr(page_renders, "run_in_background", held.append)
    yield held
    for work in held:
        work()


def test_right_after_a_change_visitors_get_the_stored_page_while_it_is_rendered_again(
    client: Client, recorded: TinyPlan, inline_refresh: None
) -> None:
    client.get(policy_url(recorded))
    change_comment(recorded, "書き換えたコメント")
    record_change(recorded)

    stale = client.get(policy_url(recorded))
    assert stale["X-Page-Cache"] == "stale"
    assert COMMENT in stale.content.decode()

    fresh = client.get(policy_url(recorded))
    assert fresh["X-Page-Cache"] == "hit"
    assert "書き換えたコメント" in fresh.content.decode()


def test_a_stale_page_is_rendered_again_once_however_many_visitors_get_it(
    client: Client, recorded: TinyPlan, held_refreshes: list[Callable[[], None]]
) -> None:
    client.get(policy_url(recorded))
    change_comment(recorded, "書き換えたコメント")
    record_change(recorded)

    served = [client.get(policy_url(recorded))["X-Page-Cache"] for _ in range(3)]

    assert served == ["stale"] * 3
    assert len(held_refreshes) == 1
    held_refreshes.pop()()
    assert "書き換えたコメント" in client.get(policy_url(recorded)).content.decode()


def test_whoever_made_a_change_sees_it_at_once(
    client: Client, recorded: TinyPlan, inline_refresh: None
) -> None:
    member = make_user("kyosei", recorded.municipality)
    client.force_login(member)
    year = {"year": recorded.published.fiscal_year}
    for site in ("web", "public"):
        client.get(policy_url(recorded, site), year)
    change_comment(recorded, "書き換えたコメント")
    record(
        actor=member,
        action="test_change",
        target=recorded.plan,
        summary="変更",
        municipality=recorded.municipality,
    )

    for site in ("web", "public"):
        response = client.get(policy_url(recorded, site), year)
        assert response["X-Page-Cache"] == "miss", site
        assert "書き換えたコメント" in response.content.decode(), site


def test_a_page_lacking_a_change_older_than_the_window_is_rendered_for_the_visitor(
    client: Client, recorded: TinyPlan, inline_refresh: None, stale_window: float
) -> None:
    client.get(policy_url(recorded))
    change_comment(recorded, "書き換えたコメント")
    record_change(recorded)
    AuditEntry.objects.filter(action="test_change").update(
        at=timezone.now() - timedelta(seconds=stale_window + 1)
    )

    response = client.get(policy_url(recorded))

    assert response["X-Page-Cache"] == "miss"
    assert "書き換えたコメント" in response.content.decode()


def test_with_the_window_at_zero_no_stale_page_is_served(client: Client, recorded: TinyPlan) -> None:
    client.get(policy_url(recorded))
    change_comment(recorded, "書き換えたコメント")
    record_change(recorded)

    response = client.get(policy_url(recorded))

    assert response["X-Page-Cache"] == "miss"
    assert "書き換えたコメント" in response.content.decode()


def test_a_stale_staff_page_is_rendered_again_for_its_own_user_with_its_own_rights(
    client: Client, recorded: TinyPlan, inline_refresh: None
) -> None:
    client.force_login(make_user("kyosei", recorded.municipality, display_name="共生 花子"))
    client.get(plan_url(recorded, "web"))
    record_change(recorded)

    assert client.get(plan_url(recorded, "web"))["X-Page-Cache"] == "stale"
    html = client.get(plan_url(recorded, "web")).content.decode()
    assert "令和6年度(2024年度)" in html  # the collecting round: staff of the city see it
    assert "共生 花子 さん" in html


def test_an_older_render_finishing_late_never_replaces_a_newer_page(recorded: TinyPlan) -> None:
    def page(request: HttpRequest, audience: Audience) -> HttpResponse:
        return HttpResponse(request.GET["v"])

    newer = data_version((PUBLIC_LANE,))
    assert newer is not None
    lane = newer.lanes[0]
    assert lane is not None
    older = DataVersion(newer.scope, (LaneVersion(lane.newest_id - 1, lane.count, lane.at),))
    factory = RequestFactory()
    store = page_cache._render_and_store
    store("key", newer, page, _visitor(factory.get("/", {"v": "新"})), audience=PUBLIC)
    store("key", older, page, _visitor(factory.get("/", {"v": "旧"})), audience=PUBLIC)

    stored = page_cache._stored_page("key")
    assert stored is not None
    assert stored.pieces == ("新".encode(),)


def test_the_background_render_runs_on_a_thread_of_its_own(
    transactional_db: None, client: Client, stale_window: float
) -> None:
    tiny = build_tiny_plan()
    record_change(tiny, "作成")
    member = make_user("kyosei", tiny.municipality)
    staff = Client()
    staff.force_login(member)
    year = {"year": tiny.published.fiscal_year}
    for visitor, site in ((client, "public"), (staff, "web")):
        visitor.get(policy_url(tiny, site), year)
    change_comment(tiny, "書き換えたコメント")
    record_change(tiny)

    for visitor, site in ((client, "public"), (staff, "web")):
        assert visitor.get(policy_url(tiny, site), year)["X-Page-Cache"] == "stale", site
        assert _eventually(lambda: visitor.get(policy_url(tiny, site), year)["X-Page-Cache"] == "hit"), site  # noqa: B023
        assert "書き換えたコメント" in visitor.get(policy_url(tiny, site), year).content.decode(), site


def _visitor(request: HttpRequest) -> HttpRequest:
    request.user = AnonymousUser()
    return request


def _eventually(condition: Callable[[], bool], seconds: float = 30.0) -> bool:
    """Whether ``condition`` holds within ``seconds`` (a bound for a stuck thread, never reached)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def _token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def _cache_control(response: HttpResponse) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}
