"""The data version of a scope moves with every change recorded in it and with no other, late
commits and restored databases included, and what a page of an older version lacks is told from
the audit log: when its first missing change of the scope was recorded and whether the reader
made one."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from shinchoku.accounts.models import User
from shinchoku.audit.models import AuditEntry
from shinchoku.audit.services import record
from shinchoku.plans.models import Municipality
from shinchoku.web.data_version import (
    EVERYTHING,
    GLOBAL,
    GLOBAL_PUBLIC,
    PUBLIC,
    Lane,
    Scope,
    data_version,
    missed_since,
)
from tests.evaluations.tiny_plan import TinyPlan, make_user


def record_change(
    tiny: TinyPlan,
    actor: User | None = None,
    *,
    municipality: Municipality | None = None,
    affects_public: bool = True,
) -> AuditEntry:
    return record(
        actor=actor,
        action="test_change",
        target=tiny.plan,
        summary="変更",
        municipality=municipality or tiny.municipality,
        affects_public=affects_public,
    )


def record_global_change(tiny: TinyPlan, *, affects_public: bool = True) -> AuditEntry:
    return record(
        actor=None, action="test_change", target=tiny.plan, summary="変更", affects_public=affects_public
    )


def version_text(scope: Scope) -> str:
    return str(data_version(scope))


def test_there_is_no_version_before_anything_is_recorded(tiny: TinyPlan) -> None:
    assert data_version((EVERYTHING,)) is None
    assert data_version((Lane("plan_city_public", tiny.plan.pk), GLOBAL_PUBLIC)) is None


def test_the_data_version_changes_with_every_recorded_change(tiny: TinyPlan) -> None:
    record_change(tiny)
    first = data_version((EVERYTHING,))
    record_change(tiny)
    second = data_version((EVERYTHING,))

    assert first is not None
    assert second is not None
    assert str(second) != str(first)
    assert second.newest_ids[0] > first.newest_ids[0]
    assert first.is_older_than(second)
    assert not second.is_older_than(first)


def test_a_city_lane_moves_with_its_own_changes_only(tiny: TinyPlan) -> None:
    other = Municipality.objects.create(name="鴻巣市", code="112178")
    own, others = (Lane("city", tiny.municipality.pk),), (Lane("city", other.pk),)
    record_change(tiny)
    record_change(tiny, municipality=other)
    before_own, before_others = version_text(own), version_text(others)

    record_change(tiny)

    assert version_text(own) != before_own
    assert version_text(others) == before_others


def test_a_plan_lane_reads_the_plans_city(tiny: TinyPlan) -> None:
    other = Municipality.objects.create(name="鴻巣市", code="112178")
    lane = (Lane("plan_city", tiny.plan.pk),)
    record_change(tiny)
    before = version_text(lane)

    record_change(tiny, municipality=other)
    assert version_text(lane) == before

    record_change(tiny)
    assert version_text(lane) != before


def test_public_lanes_ignore_changes_marked_as_not_public(tiny: TinyPlan) -> None:
    scopes = [
        (PUBLIC,),
        (Lane("city_public", tiny.municipality.pk),),
        (Lane("plan_city_public", tiny.plan.pk),),
    ]
    record_change(tiny)
    before = [version_text(scope) for scope in scopes]

    record_change(tiny, affects_public=False)
    record_global_change(tiny, affects_public=False)

    assert [version_text(scope) for scope in scopes] == before
    record_change(tiny)
    assert all(version_text(scope) != text for scope, text in zip(scopes, before, strict=True))


def test_a_change_without_a_municipality_moves_the_global_lanes(tiny: TinyPlan) -> None:
    record_change(tiny)
    record_global_change(tiny)
    scopes = [(GLOBAL,), (GLOBAL_PUBLIC,), (PUBLIC,), (Lane("plan_city_public", tiny.plan.pk), GLOBAL_PUBLIC)]
    before = [version_text(scope) for scope in scopes]

    record_global_change(tiny)

    assert all(version_text(scope) != text for scope, text in zip(scopes, before, strict=True))


def test_a_late_commit_of_an_earlier_id_changes_every_lane_it_belongs_to(tiny: TinyPlan) -> None:
    """A transaction that took its id before the newest entry's but committed after it: the newest
    id stays, the count over the recent ids does not (simulated by removing the entry meanwhile)."""
    scopes = [
        (EVERYTHING,),
        (PUBLIC,),
        (Lane("city", tiny.municipality.pk),),
        (Lane("plan_city_public", tiny.plan.pk),),
    ]
    record_change(tiny)
    late = record_change(tiny)
    record_change(tiny)
    AuditEntry.objects.filter(pk=late.pk).delete()  # not yet committed
    before = [version_text(scope) for scope in scopes]

    late.save(force_insert=True)  # commits now, under its earlier id and time
    AuditEntry.objects.filter(pk=late.pk).update(at=AuditEntry.objects.get(pk=late.pk - 1).at)

    assert all(version_text(scope) != text for scope, text in zip(scopes, before, strict=True))


def test_a_restored_database_reaching_the_same_ids_has_another_version(tiny: TinyPlan) -> None:
    scope = (Lane("plan_city_public", tiny.plan.pk), GLOBAL_PUBLIC)
    newest = record_change(tiny)
    before = version_text(scope)

    AuditEntry.objects.filter(pk=newest.pk).update(at=timezone.now() - timedelta(days=3))

    assert version_text(scope) != before


def test_a_page_of_the_current_version_misses_nothing(tiny: TinyPlan) -> None:
    record_change(tiny)
    version = data_version((EVERYTHING,))
    assert version is not None

    missed = missed_since(version, None)

    assert missed.since is None
    assert not missed.by_reader


def test_a_page_misses_nothing_of_other_scopes(tiny: TinyPlan) -> None:
    other = Municipality.objects.create(name="鴻巣市", code="112178")
    record_change(tiny)
    version = data_version((Lane("plan_city_public", tiny.plan.pk), GLOBAL_PUBLIC))
    assert version is not None

    record_change(tiny, municipality=other)
    record_change(tiny, affects_public=False)

    assert missed_since(version, None).since is None
    record_global_change(tiny)
    assert missed_since(version, None).since is not None


def test_what_a_page_misses_starts_with_the_first_change_after_it(tiny: TinyPlan) -> None:
    record_change(tiny)
    version = data_version((Lane("city", tiny.municipality.pk), GLOBAL))
    assert version is not None
    first = record_change(tiny)
    AuditEntry.objects.filter(pk=first.pk).update(at=timezone.now() - timedelta(minutes=5))
    record_change(tiny)

    missed = missed_since(version, None)

    assert missed.since is not None
    assert timedelta(minutes=4) < timezone.now() - missed.since < timedelta(minutes=6)


def test_a_change_by_the_reader_is_told_apart(tiny: TinyPlan) -> None:
    author = make_user("kyosei", tiny.municipality)
    other = make_user("hoka", tiny.municipality)
    record_change(tiny)
    version = data_version((PUBLIC, Lane("city", tiny.municipality.pk), GLOBAL))
    assert version is not None
    record_change(tiny, author)

    assert missed_since(version, author.pk).by_reader
    assert not missed_since(version, other.pk).by_reader
    assert not missed_since(version, None).by_reader
