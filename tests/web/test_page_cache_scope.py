"""A cached page is made stale only by the changes in its scope (shinchoku.web.page_scopes): a
department's draft, made through the real services or the staff pages, leaves every public page
of every city served from the cache, and the staff pages of other cities; a public change of a
city (publication, correction, plan edit) makes its own public pages and the cross-city ones stale
but not another city's; a change without a municipality makes every page stale. Every test runs
on the embedded in-process cache and again on Redis, as several servers share it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from shinchoku.accounts.models import User
from shinchoku.audit.services import record
from shinchoku.editions.services import correct_entry
from shinchoku.evaluations.models import Entry
from shinchoku.evaluations.services import (
    EntryDraft,
    approve_entry,
    close_round,
    publish_round,
    return_entry,
    save_entry,
    start_review,
    submit_entry,
)
from shinchoku.plans.editing.settings import update_plan_settings
from shinchoku.plans.models import Municipality
from tests.evaluations.tiny_plan import TinyPlan, build_tiny_plan, make_user

# Each test on the in-process cache, then on a throw-away Redis (tests/redis_server.py).
pytestmark = pytest.mark.usefixtures("page_cache_backend")

Role = User.Role


def plan_pages(tiny: TinyPlan, site: str) -> list[str]:
    """The pages of one plan on ``site`` ("public" or "web")."""
    plan = tiny.plan.pk
    pages = [
        reverse(f"{site}:plan", args=[plan]),
        reverse(f"{site}:dashboard", args=[plan]),
        reverse(f"{site}:node", args=[plan, tiny.policy.pk]),
        reverse(f"{site}:project", args=[plan, tiny.single.pk]),
        reverse(f"{site}:department", args=[plan, tiny.departments["生涯学習課"].pk]),
    ]
    if site == "public":
        pages.append(reverse("public:corrections", args=[plan, tiny.published.fiscal_year]))
    return pages


def every_city_pages(site: str) -> list[str]:
    return [reverse(f"{site}:home"), reverse("search:search") + "?q=福祉"]


def visit(client: Client, pages: list[str]) -> None:
    for page in pages:
        assert client.get(page).status_code == 200, page


def served(client: Client, pages: list[str]) -> dict[str, str]:
    """How each page is served now (the ``X-Page-Cache`` header)."""
    return {page: client.get(page)["X-Page-Cache"] for page in pages}


def all_hit(client: Client, pages: list[str]) -> dict[str, str]:
    return {page: how for page, how in served(client, pages).items() if how != "hit"}


def none_hit(client: Client, pages: list[str]) -> dict[str, str]:
    return {page: how for page, how in served(client, pages).items() if how == "hit"}


@pytest.fixture
def city_a(tiny: TinyPlan) -> TinyPlan:
    """The tiny plan, in a city renamed to 行田市 (city B takes the tiny plan's own city)."""
    Municipality.objects.filter(pk=tiny.municipality.pk).update(name="行田市", code="112062")
    tiny.municipality.refresh_from_db()
    record(actor=None, action="test_create", target=tiny.plan, summary="作成", municipality=tiny.municipality)
    return tiny


@pytest.fixture
def city_b(city_a: TinyPlan) -> TinyPlan:
    tiny = build_tiny_plan()
    record(actor=None, action="test_create", target=tiny.plan, summary="作成", municipality=tiny.municipality)
    return tiny


def member(tiny: TinyPlan, username: str, role: str, *departments: str) -> User:
    user = make_user(username, tiny.municipality, role=role)
    user.departments.set([tiny.departments[name] for name in departments])
    return user


@pytest.fixture
def editor_a(city_a: TinyPlan) -> User:
    return member(city_a, "gyoda-henshu", Role.EDITOR, "生涯学習課")


@pytest.fixture
def secretariat_a(city_a: TinyPlan) -> User:
    return member(city_a, "gyoda-jimu", Role.SECRETARIAT)


@pytest.fixture
def secretariat_b(city_b: TinyPlan) -> User:
    return member(city_b, "kitamoto-jimu", Role.SECRETARIAT)


@pytest.fixture
def public_pages(city_a: TinyPlan, city_b: TinyPlan) -> list[str]:
    return plan_pages(city_a, "public") + plan_pages(city_b, "public") + every_city_pages("public")


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def draft_of(tiny: TinyPlan) -> Entry:
    """生涯学習課's 令和6年度 entry for 1-1-1-1 福祉教育: a draft of the round being collected."""
    return Entry.objects.get(round=tiny.collecting, project=tiny.single)


def save_draft(editor: User, tiny: TinyPlan) -> Entry:
    entry = draft_of(tiny)
    return save_entry(editor, entry.pk, version=entry.version, draft=EntryDraft("下書きの進捗", "B", "", ""))


def submit(editor: User, tiny: TinyPlan) -> Entry:
    entry = draft_of(tiny)
    complete = EntryDraft("提出する進捗", "B", "理由", "目標")
    return submit_entry(editor, entry.pk, version=entry.version, draft=complete)


def return_(editor: User, secretariat: User, tiny: TinyPlan) -> Entry:
    entry = submit(editor, tiny)
    return return_entry(secretariat, entry.pk, version=entry.version, comment="数字を確かめてください。")


def approve(editor: User, secretariat: User, tiny: TinyPlan) -> Entry:
    entry = submit(editor, tiny)
    return approve_entry(secretariat, entry.pk, version=entry.version)


Workflow = Callable[[User, User, TinyPlan], object]
WORKFLOW: dict[str, Workflow] = {
    "save": lambda editor, _secretariat, tiny: save_draft(editor, tiny),
    "submit": lambda editor, _secretariat, tiny: submit(editor, tiny),
    "return": return_,
    "approve": approve,
}


@pytest.mark.parametrize("step", list(WORKFLOW))
def test_a_draft_of_one_city_leaves_every_public_page_of_every_city_cached(
    step: str,
    client: Client,
    city_a: TinyPlan,
    editor_a: User,
    secretariat_a: User,
    public_pages: list[str],
) -> None:
    visit(client, public_pages)

    WORKFLOW[step](editor_a, secretariat_a, city_a)

    assert all_hit(client, public_pages) == {}


def test_a_draft_saved_on_the_staff_page_leaves_every_public_page_cached(
    client: Client, city_a: TinyPlan, editor_a: User, public_pages: list[str]
) -> None:
    visit(client, public_pages)
    entry = draft_of(city_a)
    form = {"version": str(entry.version), "progress": "画面で書いた進捗", "rating": "B", "action": "draft"}

    response = signed_in(editor_a).post(reverse("web:entry", kwargs={"entry_id": entry.pk}), form)

    assert response.status_code == 302
    assert draft_of(city_a).progress == "画面で書いた進捗"
    assert all_hit(client, public_pages) == {}


def test_a_draft_makes_its_own_citys_staff_pages_stale_but_not_another_citys(
    city_a: TinyPlan,
    city_b: TinyPlan,
    editor_a: User,
    secretariat_a: User,
    secretariat_b: User,
) -> None:
    staff_a, staff_b = signed_in(secretariat_a), signed_in(secretariat_b)
    pages_a = plan_pages(city_a, "web") + every_city_pages("web")
    pages_b = plan_pages(city_b, "web") + every_city_pages("web") + plan_pages(city_a, "web")[:1]
    visit(staff_a, pages_a)
    visit(staff_b, pages_b)

    save_draft(editor_a, city_a)

    assert none_hit(staff_a, pages_a) == {}
    assert all_hit(staff_b, pages_b) == {}
    assert "下書きの進捗" in staff_a.get(plan_pages(city_a, "web")[3]).content.decode()


def test_closing_a_round_leaves_public_pages_cached_and_publishing_it_does_not(
    client: Client, city_a: TinyPlan, city_b: TinyPlan, secretariat_a: User, public_pages: list[str]
) -> None:
    Entry.objects.filter(round=city_a.collecting).update(status=Entry.Status.APPROVED)
    visit(client, public_pages)
    start_review(secretariat_a, city_a.collecting.pk)
    close_round(secretariat_a, city_a.collecting.pk)
    assert all_hit(client, public_pages) == {}

    publish_round(secretariat_a, city_a.collecting.pk)

    stale = plan_pages(city_a, "public") + every_city_pages("public")
    assert none_hit(client, stale) == {}
    assert all_hit(client, plan_pages(city_b, "public")) == {}


def test_a_correction_makes_its_own_citys_public_pages_stale_but_not_another_citys(
    client: Client, city_a: TinyPlan, city_b: TinyPlan, secretariat_a: User, public_pages: list[str]
) -> None:
    visit(client, public_pages)
    entry = Entry.objects.get(round=city_a.published, project=city_a.single)

    correct_entry(secretariat_a, entry.pk, {"progress": "訂正した進捗"}, "転記の誤り", version=entry.version)

    assert none_hit(client, plan_pages(city_a, "public") + every_city_pages("public")) == {}
    assert all_hit(client, plan_pages(city_b, "public")) == {}
    project = plan_pages(city_a, "public")[3]
    assert "訂正した進捗" in client.get(project).content.decode()


def test_a_plan_edit_makes_its_own_citys_public_pages_stale_but_not_another_citys(
    client: Client, city_a: TinyPlan, city_b: TinyPlan, secretariat_a: User, public_pages: list[str]
) -> None:
    visit(client, public_pages)

    update_plan_settings(secretariat_a, city_a.plan.pk, title="行田市地域福祉計画")

    assert none_hit(client, plan_pages(city_a, "public") + every_city_pages("public")) == {}
    assert all_hit(client, plan_pages(city_b, "public")) == {}


def test_a_change_without_a_municipality_makes_every_page_stale(
    client: Client, city_a: TinyPlan, secretariat_a: User, secretariat_b: User, public_pages: list[str]
) -> None:
    staff = signed_in(secretariat_b)
    staff_pages = plan_pages(city_a, "web") + every_city_pages("web")
    visit(client, public_pages)
    visit(staff, staff_pages)

    record(actor=None, action="test_change", target=city_a.plan, summary="全体の変更")

    assert none_hit(client, public_pages) == {}
    assert none_hit(staff, staff_pages) == {}


def test_an_account_change_without_a_municipality_leaves_public_pages_cached(
    client: Client, city_a: TinyPlan, public_pages: list[str]
) -> None:
    """A superuser's failed sign-in, say: recorded without a city, never on a public page."""
    visit(client, public_pages)

    record(actor=None, action="fail_login", target=city_a.plan, summary="失敗", affects_public=False)

    assert all_hit(client, public_pages) == {}
