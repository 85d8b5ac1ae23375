"""A user's typed name is stored as one clean line: a right-to-left override could otherwise make
a name read as another's in every list and report."""

from __future__ import annotations

from shinchoku.accounts import services
from shinchoku.accounts.models import User
from tests.evaluations.services.personas import People


def test_a_new_users_name_and_login_id_are_stored_as_one_clean_line(people: People) -> None:
    user = services.create_user(
        people.secretariat,
        username="kosodate\x00",
        display_name=" 子育て\x0b\u202e三郎\u202c\x1b ",
        role=User.Role.VIEWER,
        department_ids=[],
        password="kitamoto-2024-shinchoku",
    )
    user.refresh_from_db()
    assert (user.username, user.display_name) == ("kosodate", "子育て 三郎")


def test_a_changed_name_is_stored_as_one_clean_line(people: People) -> None:
    services.update_user(
        people.secretariat,
        people.viewer.pk,
        display_name="閲覧\u2066\ufffe 花子\n",
        role=people.viewer.role,
        department_ids=[],
        is_active=True,
    )
    people.viewer.refresh_from_db()
    assert people.viewer.display_name == "閲覧 花子"
