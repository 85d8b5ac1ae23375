"""The data version moves with every recorded change, and what a page of an older version lacks is
told from the audit log: when its first missing change was recorded and whether the reader made one."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from shinchoku.accounts.models import User
from shinchoku.audit.models import AuditEntry
from shinchoku.audit.services import record
from shinchoku.web.data_version import data_version, missed_since
from tests.evaluations.tiny_plan import TinyPlan, make_user


def record_change(tiny: TinyPlan, actor: User | None = None) -> AuditEntry:
    return record(
        actor=actor, action="test_change", target=tiny.plan, summary="変更", municipality=tiny.municipality
    )


def test_there_is_no_version_before_anything_is_recorded(tiny: TinyPlan) -> None:
    assert data_version() is None


def test_the_data_version_changes_with_every_recorded_change(tiny: TinyPlan) -> None:
    record_change(tiny)
    first = data_version()
    record_change(tiny)
    second = data_version()

    assert first is not None
    assert second is not None
    assert str(second) != str(first)
    assert second.newest_id > first.newest_id
    assert timezone.is_aware(second.at)


def test_a_page_of_the_current_version_misses_nothing(tiny: TinyPlan) -> None:
    record_change(tiny)
    version = data_version()
    assert version is not None

    missed = missed_since(version.newest_id, None)

    assert missed.since is None
    assert not missed.by_reader


def test_what_a_page_misses_starts_with_the_first_change_after_it(tiny: TinyPlan) -> None:
    record_change(tiny)
    version = data_version()
    assert version is not None
    first = record_change(tiny)
    AuditEntry.objects.filter(pk=first.pk).update(at=timezone.now() - timedelta(minutes=5))
    record_change(tiny)

    missed = missed_since(version.newest_id, None)

    assert missed.since is not None
    assert timedelta(minutes=4) < timezone.now() - missed.since < timedelta(minutes=6)


def test_a_change_by_the_reader_is_told_apart(tiny: TinyPlan) -> None:
    author = make_user("kyosei", tiny.municipality)
    other = make_user("hoka", tiny.municipality)
    record_change(tiny)
    version = data_version()
    assert version is not None
    record_change(tiny, author)

    assert missed_since(version.newest_id, author.pk).by_reader
    assert not missed_since(version.newest_id, other.pk).by_reader
    assert not missed_since(version.newest_id, None).by_reader
