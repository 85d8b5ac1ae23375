"""Read pages are served from the page cache until a change is recorded, never across audiences or
staff users, and always with the visitor's own account menu and CSRF token. A page missing from the
cache is rendered once for all the requests asking for it at the same time."""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Callable

import pytest
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.urls import reverse
from pytest_django import Settings as SettingsWrapper

from shinchoku.accounts.models import User
from shinchoku.audit.services import record
from shinchoku.evaluations.models import NodeEvaluation, Round
from shinchoku.web import page_cache
from shinchoku.web.audience import PUBLIC, STAFF, Audience
from tests.evaluations.tiny_plan import TinyPlan, make_user

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
    assert page_cache.data_version() is None
    client.get(policy_url(tiny))

    change_comment(tiny, "書き換えたコメント")
    assert "書き換えたコメント" in client.get(policy_url(tiny)).content.decode()


def test_the_data_version_changes_with_every_recorded_change(recorded: TinyPlan) -> None:
    first = page_cache.data_version()
    record_change(recorded)

    assert page_cache.data_version() not in (None, first)


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
        return page_cache.page_key("1-1-0", STAFF, request)

    first, second = make_user("a", recorded.municipality), make_user("b", recorded.municipality)

    assert key(first) != key(second)
    assert key(first) == key(first)


# --- one render at a time per page -------------------------------------------------------------

CROWD = 6
# Seconds after which a thread of these tests is taken as stuck: a bound, never reached when all is well.
STUCK = 30.0


@pytest.fixture
def version(monkeypatch: pytest.MonkeyPatch) -> str:
    """A data version of the test's own, told without the database (the threads have none)."""
    value = f"test-{uuid.uuid4().hex}"
    monkeypatch.setattr(page_cache, "data_version", lambda: value)
    return value


class Waiting:
    """Counts the requests that wait for another one's render of their page."""

    def __init__(self) -> None:
        self.count = 0
        self.changed = threading.Condition()

    def until(self, count: int) -> bool:
        """Block until ``count`` requests wait; False if they never do."""
        with self.changed:
            return self.changed.wait_for(lambda: self.count >= count, timeout=STUCK)


@pytest.fixture
def waiting(monkeypatch: pytest.MonkeyPatch, version: str) -> Waiting:
    """Waiting requests, counted; their wait only ends with the render (no time limit short of a stuck
    test), so a request that is never told the render ended shows as stuck."""
    waiting = Waiting()
    wait = page_cache._Render.wait

    def counted_wait(render: page_cache._Render) -> None:
        with waiting.changed:
            waiting.count += 1
            waiting.changed.notify_all()
        wait(render)

    monkeypatch.setattr(page_cache._Render, "wait", counted_wait)
    monkeypatch.setattr(page_cache, "RENDER_WAIT", 10 * STUCK)
    return waiting


def visit(page: page_cache.PageView, path: str = "/page/") -> HttpResponse:
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    return page(request, audience=PUBLIC)


def at_once(*visits: Callable[[], HttpResponse]) -> list[HttpResponse | Exception]:
    """Run each visit in a thread of its own, all at once; their responses, or what they raised."""
    results: list[HttpResponse | Exception] = [RuntimeError("not run")] * len(visits)

    def run(index: int, visit: Callable[[], HttpResponse]) -> None:
        try:
            results[index] = visit()
        except Exception as error:
            results[index] = error

    threads = [threading.Thread(target=run, args=item, daemon=True) for item in enumerate(visits)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(STUCK)
    assert not [thread for thread in threads if thread.is_alive()], "a request is stuck"
    return results


def contents(results: list[HttpResponse | Exception]) -> list[bytes]:
    return [result.content for result in results if isinstance(result, HttpResponse)]


def test_requests_arriving_together_for_a_page_missing_from_the_cache_get_it_rendered_once(
    waiting: Waiting,
) -> None:
    renders: list[int] = []

    @page_cache.cached_page
    def page(request: HttpRequest, audience: Audience) -> HttpResponse:
        renders.append(1)
        waiting.until(CROWD - 1)  # every other request is waiting for this render
        return HttpResponse(f"描画 {len(renders)}")

    results = at_once(*[lambda: visit(page)] * CROWD)

    assert len(renders) == 1
    assert waiting.count == CROWD - 1
    assert contents(results) == ["描画 1".encode()] * CROWD
    assert contents([visit(page)]) == ["描画 1".encode()]


def test_when_the_render_fails_the_waiting_requests_render_the_page_themselves(waiting: Waiting) -> None:
    renders: list[int] = []

    @page_cache.cached_page
    def page(request: HttpRequest, audience: Audience) -> HttpResponse:
        renders.append(1)
        if len(renders) == 1:
            waiting.until(CROWD - 1)
            raise RuntimeError("描画に失敗しました")
        return HttpResponse("ページ")

    results = at_once(*[lambda: visit(page)] * CROWD)

    assert waiting.count == CROWD - 1
    assert [str(result) for result in results if isinstance(result, RuntimeError)] == ["描画に失敗しました"]
    assert contents(results) == ["ページ".encode()] * (CROWD - 1)
    assert page_cache._renders == {}


def test_when_the_page_may_not_be_stored_the_waiting_requests_render_it_themselves(waiting: Waiting) -> None:
    renders: list[int] = []

    @page_cache.cached_page
    def page(request: HttpRequest, audience: Audience) -> HttpResponse:
        renders.append(1)
        if len(renders) == 1:
            waiting.until(CROWD - 1)
        response = HttpResponse("ページ")
        response.set_cookie("visited", "1")  # a page of this one request: never stored
        return response

    results = at_once(*[lambda: visit(page)] * CROWD)

    assert waiting.count == CROWD - 1
    assert len(renders) == CROWD
    assert contents(results) == ["ページ".encode()] * CROWD


def test_requests_for_different_pages_do_not_wait_for_one_another(waiting: Waiting) -> None:
    other_page_rendered = threading.Event()

    @page_cache.cached_page
    def page(request: HttpRequest, audience: Audience) -> HttpResponse:
        if request.path == "/slow/":
            return HttpResponse("後" if other_page_rendered.wait(STUCK) else "待たされた")
        other_page_rendered.set()
        return HttpResponse("先")

    results = at_once(lambda: visit(page, "/slow/"), lambda: visit(page, "/fast/"))

    assert contents(results) == ["後".encode(), "先".encode()]
    assert waiting.count == 0


def test_with_the_page_cache_switched_off_requests_for_the_same_page_do_not_wait(
    waiting: Waiting, settings: SettingsWrapper
) -> None:
    settings.CACHES = settings.CACHES | {
        page_cache.CACHE_ALIAS: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    }
    second_rendered = threading.Event()
    renders: list[int] = []

    @page_cache.cached_page
    def page(request: HttpRequest, audience: Audience) -> HttpResponse:
        renders.append(1)
        if len(renders) == 1:
            return HttpResponse("1" if second_rendered.wait(STUCK) else "待たせた")
        second_rendered.set()
        return HttpResponse("2")

    results = at_once(lambda: visit(page), lambda: visit(page))

    assert sorted(contents(results)) == [b"1", b"2"]
    assert waiting.count == 0


def _token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def _cache_control(response: HttpResponse) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}
