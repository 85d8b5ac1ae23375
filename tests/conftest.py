"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import Client

from shinchoku.accounts.models import User
from shinchoku.evaluations.models import CommitteeOpinion
from shinchoku.web.page_cache import CACHE_ALIAS
from tests.evaluations.scaled_plan import ScaledPlan, build_scaled_plan
from tests.evaluations.services.personas import People, make_people
from tests.evaluations.tiny_plan import TinyPlan, build_tiny_plan, make_user

REPO_ROOT = Path(__file__).resolve().parent.parent
SEED_REPORT = REPO_ROOT.parent / "shared" / "seeds" / "000_1ab97e7656db3c51.txt"
SEED_GOLD = REPO_ROOT.parent / "shared" / "gold" / "000_1ab97e7656db3c51.goals-1-2.json"

pytest_plugins = ["tests.browser", "tests.redis_server"]


@pytest.fixture(autouse=True)
def empty_page_cache() -> None:
    """Every test starts without stored pages: the cache lives as long as the test process, and a
    page stored by another test, of another database state, could otherwise be served."""
    caches[CACHE_ALIAS].clear()


@pytest.fixture(scope="session")
def seed_report_path() -> Path:
    """The real published report (北本市 地域福祉計画, 令和5年度) shared beside the project."""
    if not SEED_REPORT.exists():
        pytest.fail(f"the shared seed report is missing: {SEED_REPORT}")
    return SEED_REPORT


@pytest.fixture(scope="session")
def seed_report_text(seed_report_path: Path) -> str:
    return seed_report_path.read_text(encoding="utf-8")


@pytest.fixture
def tiny(db: None) -> TinyPlan:
    """The tiny four-level plan (tests/evaluations/tiny_plan.py): a published and a collecting round."""
    return build_tiny_plan()


@pytest.fixture
def scaled(db: None) -> ScaledPlan:
    """A plan with an S/A/B/C scale plus 未着手 and 評価困難 (tests/evaluations/scaled_plan.py),
    with entries of each code and some without a code, in one published round."""
    return build_scaled_plan()


@pytest.fixture
def people(tiny: TinyPlan) -> People:
    """The tiny plan's city staff, one per role (tests/evaluations/services/personas.py)."""
    return make_people(tiny)


@pytest.fixture
def client_for(client: Client) -> Callable[[User], Client]:
    """A test client signed in as the given user (the same client: sign in once per test)."""

    def sign_in(user: User) -> Client:
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def opinions(tiny: TinyPlan) -> TinyPlan:
    """The tiny plan with committee opinions: on a project (by a committee member, no response yet)
    and on the 施策 (with the city's response) in the published round, and one on the 施策 in the
    round still being collected."""
    member: User = make_user("iin", tiny.municipality)
    CommitteeOpinion.objects.create(
        round=tiny.published, node=tiny.single, position=1, opinion="対象を広げてほしい。", author=member
    )
    CommitteeOpinion.objects.create(
        round=tiny.published,
        node=tiny.policy,
        position=1,
        opinion="成果を数字で示してほしい。",
        response="次年度から指標を示します。",
    )
    CommitteeOpinion.objects.create(round=tiny.collecting, node=tiny.policy, opinion="作業中の意見")
    return tiny
