"""The login page in Japanese: one message for every refusal, so that it tells no login ID apart."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from shinchoku.accounts import throttle
from shinchoku.accounts.models import User
from tests.evaluations.services.personas import People
from tests.web.accounts.conftest import page_text

PASSWORD = "correct horse battery"
REFUSED = (
    "ログインIDまたはパスワードが違うか、ログインの失敗が続いたためこの端末からのログインを"
    "一時的に制限しています。"
)


def _log_in(client: Client, username: str, password: str) -> str:
    return page_text(client.post(reverse("web:login"), {"username": username, "password": password}))


def test_a_wrong_password_is_refused_with_the_japanese_message(client: Client, people: People) -> None:
    assert REFUSED in _log_in(client, "shogai", "wrong")


def test_every_refusal_reads_the_same_whether_the_id_exists_or_is_limited(
    client: Client, people: People
) -> None:
    pages = [_log_in(client, "shogai", "wrong") for _ in range(throttle.PAIR_LIMIT)]
    pages += [_log_in(client, "shogai", PASSWORD)]  # limited now: the right password is refused
    pages += [_log_in(client, "nobody", "wrong") for _ in range(throttle.PAIR_LIMIT + 1)]
    User.objects.filter(username="etsuran").update(is_active=False)
    pages += [_log_in(client, "etsuran", PASSWORD)]

    assert all(REFUSED in page for page in pages)
    assert len({page.replace("nobody", "shogai").replace("etsuran", "shogai") for page in pages}) == 1
    assert all("ロックされています" not in page for page in pages)


def test_a_limited_address_stays_signed_out_and_another_signs_in(people: People) -> None:
    guesser, member = Client(REMOTE_ADDR="192.0.2.66"), Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(throttle.PAIR_LIMIT):
        _log_in(guesser, "shogai", "wrong")

    assert REFUSED in _log_in(guesser, "shogai", PASSWORD)
    assert isinstance(guesser.get(reverse("web:login")).wsgi_request.user, AnonymousUser)
    response = member.post(reverse("web:login"), {"username": "shogai", "password": PASSWORD})
    assert response["Location"] == reverse("web:my_entries")  # an editor's landing page


def test_signing_in_leads_to_the_staff_site(client: Client, people: People) -> None:
    response = client.post(reverse("web:login"), {"username": "jimu", "password": PASSWORD})

    assert response["Location"] == reverse("web:home")


def test_an_editor_lands_on_their_own_entries(client: Client, people: People) -> None:
    response = client.post(reverse("web:login"), {"username": "shogai", "password": PASSWORD})

    assert response["Location"] == reverse("web:my_entries")


def test_a_department_head_and_a_committee_member_land_on_the_staff_home(people: People) -> None:
    for username in ("kacho", "iin"):
        response = Client().post(reverse("web:login"), {"username": username, "password": PASSWORD})

        assert response["Location"] == reverse("web:home")


def test_an_editor_sent_to_the_login_from_a_page_goes_back_to_it(client: Client, people: People) -> None:
    plan_list = reverse("web:round_management")
    response = client.post(
        reverse("web:login") + f"?next={plan_list}", {"username": "shogai", "password": PASSWORD}
    )

    assert response["Location"] == plan_list


def test_the_error_is_tied_to_both_fields(client: Client, people: People) -> None:
    html = client.post(reverse("web:login"), {"username": "shogai", "password": "wrong"}).content.decode()

    assert html.count('aria-describedby="login-error"') == 2
    assert 'id="login-error"' in html
