"""Sessions end after two idle hours or when the browser closes; the login page then says so. The end
of a session is pushed back at most once a minute, so most requests write nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from shinchoku.accounts.middleware import RENEWED_AT_KEY, SESSION_RENEWAL_INTERVAL
from tests.evaluations.services.personas import People

PASSWORD = "correct horse battery"
ENDED = "ログインの有効期限が切れました"


class Clock:
    """The time ``django.utils.timezone.now`` tells while the ``clock`` fixture is in use."""

    def __init__(self) -> None:
        self.now: datetime = timezone.now()

    def advance(self, **duration: float) -> None:
        self.now += timedelta(**duration)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """A clock the test moves forward: sessions are stored, expire and are renewed on its time."""
    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


def _sign_in(client: Client) -> None:
    assert client.login(username="etsuran", password=PASSWORD)


def _login_page_after_visiting_the_staff_site(client: Client) -> str:
    response = client.get(reverse("web:home"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("web:login"))
    return response.content.decode()


def _end_of_session() -> datetime:
    return Session.objects.get().expire_date


def _end_session_in_a_minute() -> datetime:
    """Move the stored end of the session close, so that a renewal shows; the new end."""
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=1))
    return _end_of_session()


def _move_last_renewal_back(client: Client, seconds: int) -> None:
    session = client.session
    session[RENEWED_AT_KEY] -= seconds
    session.save()


def test_a_session_lasts_two_idle_hours_renewed_at_most_once_a_minute_and_ends_with_the_browser() -> None:
    assert settings.SESSION_COOKIE_AGE == 2 * 60 * 60
    assert SESSION_RENEWAL_INTERVAL == 60
    assert not settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_a_request_within_a_minute_of_the_last_renewal_writes_nothing(client: Client, people: People) -> None:
    _sign_in(client)
    assert client.get(reverse("web:home")).status_code == 200  # the first request renews
    end = _end_session_in_a_minute()

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("web:home")).status_code == 200

    assert _end_of_session() == end
    session_writes = [
        query["sql"]
        for query in queries
        if "django_session" in query["sql"] and not query["sql"].lstrip().upper().startswith("SELECT")
    ]
    assert session_writes == []


def test_the_first_request_a_minute_after_the_last_renewal_pushes_the_end_of_the_session_back(
    client: Client, people: People
) -> None:
    _sign_in(client)
    assert client.get(reverse("web:home")).status_code == 200
    _move_last_renewal_back(client, SESSION_RENEWAL_INTERVAL)
    _end_session_in_a_minute()

    assert client.get(reverse("web:home")).status_code == 200

    assert _end_of_session() > timezone.now() + timedelta(hours=1)
    assert client.session[RENEWED_AT_KEY] >= int(timezone.now().timestamp()) - 5


def test_signing_in_records_the_renewal_without_a_write_of_its_own(client: Client, people: People) -> None:
    response = client.post(reverse("web:login"), {"username": "etsuran", "password": PASSWORD})
    assert response.status_code == 302
    assert RENEWED_AT_KEY in client.session
    end = _end_session_in_a_minute()

    assert client.get(reverse("web:home")).status_code == 200

    assert _end_of_session() == end


def test_a_member_active_every_half_hour_stays_signed_in_and_two_idle_hours_end_the_session(
    client: Client, people: People, clock: Clock
) -> None:
    _sign_in(client)
    for _ in range(6):
        clock.advance(minutes=30)
        assert client.get(reverse("web:home")).status_code == 200

    clock.advance(hours=2, seconds=1)

    assert ENDED in _login_page_after_visiting_the_staff_site(client)


def test_a_session_may_end_up_to_the_renewal_interval_before_two_hours_after_the_last_activity(
    client: Client, people: People, clock: Clock
) -> None:
    _sign_in(client)
    assert client.get(reverse("web:home")).status_code == 200  # renews
    clock.advance(seconds=SESSION_RENEWAL_INTERVAL - 1)
    assert client.get(reverse("web:home")).status_code == 200  # the last activity; renews nothing

    clock.advance(hours=2, seconds=-SESSION_RENEWAL_INTERVAL + 2)

    assert ENDED in _login_page_after_visiting_the_staff_site(client)


def test_after_the_session_expired_the_login_page_says_it_ended(client: Client, people: People) -> None:
    _sign_in(client)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))

    assert ENDED in _login_page_after_visiting_the_staff_site(client)
    assert ENDED not in client.get(reverse("web:login")).content.decode()


def test_after_the_password_changed_elsewhere_the_login_page_says_the_session_ended(
    client: Client, people: People
) -> None:
    _sign_in(client)
    people.viewer.set_password("kitamoto-2024-shinchoku")
    people.viewer.save()

    assert ENDED in _login_page_after_visiting_the_staff_site(client)


def test_a_visitor_who_signed_out_or_never_signed_in_is_not_told_a_session_ended(
    client: Client, people: People
) -> None:
    assert ENDED not in _login_page_after_visiting_the_staff_site(client)

    _sign_in(client)
    client.post(reverse("web:logout"))

    assert ENDED not in _login_page_after_visiting_the_staff_site(client)
