"""Importing a report never touches a round that is not an earlier import's (issue 11, item 5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from shinchoku.evaluations.models import Entry, Round
from shinchoku.ingest.models import ImportRun
from shinchoku.ingest.report_text.commit import ImportTarget, RoundNotOursError
from shinchoku.ingest.services import import_report
from tests.ingest.conftest import snapshot_domain_tables

pytestmark = pytest.mark.django_db


def _reopen_as_collecting(seed_report_path: Path, kitamoto: ImportTarget) -> Entry:
    """The seed's year as a round the system collects itself: no import behind it, one draft."""
    import_report(actor=None, path=seed_report_path, target=kitamoto)
    ImportRun.objects.all().delete()
    Round.objects.update(state=Round.State.COLLECTING, published_at=None)
    draft = Entry.objects.order_by("pk").first()
    assert draft is not None
    draft.status, draft.progress = Entry.Status.DRAFT, "作業中の下書き"
    draft.save()
    return draft


@pytest.mark.parametrize(
    "state", [Round.State.PREPARING, Round.State.COLLECTING, Round.State.REVIEW, Round.State.CLOSED]
)
def test_it_refuses_a_year_whose_round_is_open_naming_the_plan_year_and_state(
    seed_report_path: Path, kitamoto: ImportTarget, state: Round.State
) -> None:
    _reopen_as_collecting(seed_report_path, kitamoto)
    Round.objects.update(state=state)
    before = snapshot_domain_tables()
    with pytest.raises(RoundNotOursError) as refused:
        import_report(actor=None, path=seed_report_path, target=kitamoto)
    message = str(refused.value)
    assert "地域福祉計画" in message
    assert "令和5年度" in message
    assert f"「{state.label}」" in message
    assert snapshot_domain_tables() == before
    assert not ImportRun.objects.exists()


def test_it_neither_publishes_nor_overwrites_a_departments_draft(
    seed_report_path: Path, kitamoto: ImportTarget
) -> None:
    draft = _reopen_as_collecting(seed_report_path, kitamoto)
    with pytest.raises(RoundNotOursError):
        import_report(actor=None, path=seed_report_path, target=kitamoto)
    draft.refresh_from_db()
    round_ = Round.objects.get()
    assert (draft.status, draft.progress) == (Entry.Status.DRAFT, "作業中の下書き")
    assert (round_.state, round_.published_at) == (Round.State.COLLECTING, None)


def test_it_refuses_a_published_round_that_the_system_made_rather_than_an_import(
    seed_report_path: Path, kitamoto: ImportTarget
) -> None:
    import_report(actor=None, path=seed_report_path, target=kitamoto)
    ImportRun.objects.all().delete()
    with pytest.raises(RoundNotOursError, match="公表済"):
        import_report(actor=None, path=seed_report_path, target=kitamoto)


def test_re_importing_into_the_round_an_import_created_stays_allowed_and_keeps_published_at(
    seed_report_path: Path, kitamoto: ImportTarget
) -> None:
    import_report(actor=None, path=seed_report_path, target=kitamoto)
    published_at = Round.objects.get().published_at
    assert published_at is not None
    second = import_report(actor=None, path=seed_report_path, target=kitamoto)
    assert not second.stored.changed
    assert Round.objects.get().published_at == published_at
