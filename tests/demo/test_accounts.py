"""The demo's sign-in accounts."""

from __future__ import annotations

import pytest

from shinchoku.accounts.models import User
from shinchoku.audit.models import AuditEntry
from shinchoku.demo import accounts
from shinchoku.demo.accounts import DemoUserError, create_demo_team, create_demo_user
from shinchoku.demo.generator import DemoSummary
from shinchoku.evaluations.models import Entry
from shinchoku.plans.models import Municipality


def test_it_creates_an_active_staff_user_of_the_demo_municipality(demo: DemoSummary) -> None:
    user = create_demo_user(password="demo-password")

    user.refresh_from_db()
    assert user.username == "demo"
    assert user.display_name == "デモ 事務局"
    assert user.municipality == demo.municipality
    assert user.is_active
    assert user.is_staff
    assert user.role == User.Role.SECRETARIAT
    assert not user.is_superuser
    assert user.check_password("demo-password")
    assert AuditEntry.objects.filter(action="create_demo_user", object_id=str(user.pk)).exists()


def test_it_resets_the_password_when_the_user_exists(demo: DemoSummary) -> None:
    first = create_demo_user(username="jimukyoku", password="first-password")
    first.is_active = False
    first.save()

    second = create_demo_user(username="jimukyoku", password="second-password")

    second.refresh_from_db()
    assert second.pk == first.pk
    assert User.objects.filter(username="jimukyoku").count() == 1
    assert second.is_active
    assert second.check_password("second-password")
    assert not second.check_password("first-password")


@pytest.mark.django_db
def test_it_refuses_before_the_demo_exists() -> None:
    with pytest.raises(DemoUserError, match="先にデモデータを作成"):
        create_demo_user(password="demo-password")

    assert not User.objects.exists()


def test_it_never_takes_over_someone_elses_account(demo: DemoSummary) -> None:
    other = Municipality.objects.create(name="別の市", code="112178")
    User.objects.create_user("demo", password="their-password", municipality=other)

    with pytest.raises(DemoUserError, match="デモ用の利用者ではない"):
        create_demo_user(password="demo-password")

    assert User.objects.get(username="demo").check_password("their-password")


def test_the_demo_team_has_one_person_per_role_and_editors_with_work_to_do(demo: DemoSummary) -> None:
    team = create_demo_team(password="demo-password")

    users = {account.username: User.objects.get(username=account.username) for account in team}
    assert {user.role for user in users.values()} == set(User.Role) - {User.Role.SECRETARIAT}
    for username in ("tanto1", "tanto2"):
        (department,) = users[username].departments.all()
        owed = Entry.objects.filter(department=department, round__state="collecting")
        owed = owed.exclude(status="approved")
        assert owed.exists(), f"{username} has nothing to do in the demo"
    assert list(users["shocho1"].departments.all()) == list(users["tanto1"].departments.all())
    assert all(user.check_password("demo-password") for user in users.values())


def test_the_team_shares_one_hash_of_its_well_known_password_made_once(
    demo: DemoSummary, monkeypatch: pytest.MonkeyPatch
) -> None:
    hashed: list[str] = []
    original = accounts.make_password

    def counting(password: str) -> str:
        hashed.append(password)
        return original(password)

    monkeypatch.setattr(accounts, "make_password", counting)
    team = create_demo_team(password="demo-password")

    stored = {User.objects.get(username=account.username).password for account in team}
    assert hashed == ["demo-password"]
    assert len(stored) == 1
    assert "demo-password" not in stored.pop()
