"""A stored staff page is never served after its reader's rights changed: moved to another
department, a member does not see the old department's draft, not even as a stale page."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from pytest_django import Settings as SettingsWrapper

from shinchoku.accounts import services
from shinchoku.accounts.models import User
from shinchoku.audit.services import record
from shinchoku.web import page_renders
from shinchoku.web.audience import STAFF
from shinchoku.web.page_cache import page_key
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan

DRAFT = "令和6年度の下書きの進捗"  # 生涯学習課's unsubmitted 2024 entry of 1-1-1-1


@pytest.fixture
def stale_pages(settings: SettingsWrapper, monkeypatch: pytest.MonkeyPatch) -> None:
    """Serving stale pages on, as in production, with background renders run at once."""
    settings.PAGE_STALE_WINDOW = 60.0
    monkeypatch.setattr(page_renders, "run_in_background", lambda work: work())


def _move(people: People, user: User, department: str, tiny: TinyPlan) -> None:
    services.update_user(
        people.secretariat,
        user.pk,
        display_name=user.display_name,
        role=user.role,
        department_ids=[tiny.departments[department].pk],
        is_active=True,
    )


def test_a_member_moved_to_another_department_no_longer_gets_its_draft_from_the_cache(
    client: Client, tiny: TinyPlan, people: People, stale_pages: None
) -> None:
    record(actor=None, action="test_change", target=tiny.plan, summary="作成", municipality=tiny.municipality)
    url = reverse("web:project", args=[tiny.plan.pk, tiny.single.pk])
    client.force_login(people.editor)
    assert DRAFT in client.get(url).content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"

    _move(people, people.editor, "社協", tiny)

    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert DRAFT not in response.content.decode()


def test_the_key_of_a_staff_page_changes_with_the_readers_role(people: People) -> None:
    request = RequestFactory().get("/staff/")
    request.user = people.editor
    before = page_key(STAFF, request)
    User.objects.filter(pk=people.editor.pk).update(role=User.Role.VIEWER)
    request.user = User.objects.get(pk=people.editor.pk)

    assert page_key(STAFF, request) != before
