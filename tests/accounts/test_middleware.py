"""Sessions end after two idle hours or when the browser closes; the login page then says so."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.evaluations.services.personas import People

PASSWORD = "correct horse battery"
ENDED = "ログインの有効期限が切れました"


def _sign_in(client: Client) -> None:
    assert client.login(username="etsuran", password=PASSWORD)


def _login_page_after_visiting_the_staff_site(client: Client) -> str:
    response = client.get(reverse("web:home"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("web:login"))
    return response.content.decode()


def test_a_session_lasts_two_idle_hours_renewed_by_every_request_and_ends_with_the_browser() -> None:
    assert settings.SESSION_COOKIE_AGE == 2 * 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_every_request_pushes_the_end_of_the_session_back(client: Client, people: People) -> None:
    _sign_in(client)
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=1))

    assert client.get(reverse("web:home")).status_code == 200

    assert Session.objects.get().expire_date > timezone.now() + timedelta(hours=1)


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
