"""お知らせ: the header's unread count, the list (unread first), opening and marking read."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from shinchoku.accounts.models import User
from shinchoku.notifications.models import Notification
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan
from tests.web.test_data_version import record_change

SignIn = Callable[[User], Client]


def notice(user: User, title: str, link: str = "/staff/my/") -> Notification:
    return Notification.objects.create(recipient=user, kind="reminder", title=title, body="本文", link=link)


def test_the_header_counts_the_unread_notices_on_every_staff_page(
    tiny: TinyPlan, people: People, client_for: SignIn
) -> None:
    notice(people.editor, "一つ目")
    notice(people.editor, "二つ目")
    notice(people.other_editor, "他人のお知らせ")
    client = client_for(people.editor)
    for url in (reverse("web:home"), reverse("web:my_entries")):
        assert (
            '<span class="count-badge">2<span class="visually-hidden">件の未読</span>'
            in client.get(url).content.decode()
        )


def test_the_list_shows_unread_notices_first_and_only_the_readers_own(
    tiny: TinyPlan, people: People, client_for: SignIn
) -> None:
    old = notice(people.editor, "古い未読")
    read = notice(people.editor, "既読のもの")
    Notification.objects.filter(pk=read.pk).update(read_at=old.created_at)
    notice(people.editor, "新しい未読")
    notice(people.other_editor, "他人のお知らせ")
    html = client_for(people.editor).get(reverse("web:notifications")).content.decode()
    assert html.index("新しい未読") < html.index("古い未読") < html.index("既読のもの")
    assert "他人のお知らせ" not in html
    assert "未読のお知らせが 2 件あります" in html


def test_opening_a_notice_marks_it_read_and_goes_to_its_page(
    tiny: TinyPlan, people: People, client_for: SignIn
) -> None:
    item = notice(people.editor, "督促")
    response = client_for(people.editor).post(reverse("web:notification_read", args=[item.pk]), {"open": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/staff/my/"
    item.refresh_from_db()
    assert item.read_at is not None


def test_a_notice_never_leads_off_the_site(tiny: TinyPlan, people: People, client_for: SignIn) -> None:
    item = notice(people.editor, "外部", link="https://evil.example.com/")
    response = client_for(people.editor).post(reverse("web:notification_read", args=[item.pk]), {"open": "1"})
    assert response["Location"] == reverse("web:notifications")


def test_nobody_marks_someone_elses_notice(tiny: TinyPlan, people: People, client_for: SignIn) -> None:
    item = notice(people.editor, "督促")
    response = client_for(people.other_editor).post(reverse("web:notification_read", args=[item.pk]))
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.read_at is None


def test_all_read_marks_only_the_readers_notices(tiny: TinyPlan, people: People, client_for: SignIn) -> None:
    notice(people.editor, "一つ目")
    notice(people.editor, "二つ目")
    others = notice(people.other_editor, "他人のお知らせ")
    response = client_for(people.editor).post(reverse("web:notifications_read_all"), follow=True)
    assert "お知らせ 2 件を既読にしました" in response.content.decode()
    assert not Notification.objects.filter(recipient=people.editor, read_at__isnull=True).exists()
    others.refresh_from_db()
    assert others.read_at is None


def test_the_staff_home_lists_the_readers_newest_unread_notices_even_from_the_page_cache(
    tiny: TinyPlan, people: People, client_for: SignIn
) -> None:
    record_change(tiny, "作成")  # the data have a version: pages are kept in the page cache
    notice(people.editor, "提出期限が近づいています")
    notice(people.other_editor, "他人のお知らせ")
    client = client_for(people.editor)
    first = client.get(reverse("web:home"))
    html = first.content.decode()
    assert "未読のお知らせ</h2>" in html
    assert "提出期限が近づいています" in html
    assert "他人のお知らせ" not in html

    # Marking it read records no audit entry, so the stored page is served again: its list is the
    # visitor's own, filled per response.
    client.post(reverse("web:notifications_read_all"))
    client.get(reverse("web:home"))  # shows the flash message, rendered afresh
    again = client.get(reverse("web:home"))
    assert again["X-Page-Cache"] == "hit"
    assert "未読のお知らせはありません。" in again.content.decode()
    assert "提出期限が近づいています" not in again.content.decode()


def test_the_public_home_has_no_notices(tiny: TinyPlan, people: People, client_for: SignIn) -> None:
    notice(people.editor, "督促")
    html = client_for(people.editor).get(reverse("public:home")).content.decode()
    assert "home-notices" not in html
