"""Keeping the index in step: rebuilds, per-entry updates, and the import of the seed report."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

from shinchoku.accounts.permissions import visible_entries, visible_rounds_of_every_plan
from shinchoku.evaluations.models import Entry
from shinchoku.ingest.report_text.commit import ImportTarget
from shinchoku.ingest.services import import_report
from shinchoku.search.models import SearchDocument
from shinchoku.search.query import Filters, matching_entries, query_terms
from shinchoku.search.services import rebuild_search_index
from tests.evaluations.tiny_plan import TinyPlan
from tests.search.conftest import edit_entry

pytestmark = pytest.mark.django_db


def titles(query: str) -> set[str]:
    matches = matching_entries(
        visible_rounds_of_every_plan(AnonymousUser()),
        query_terms(query),
        Filters(),
        visible=visible_entries(AnonymousUser(), "entry__"),
    )
    ids = [entry_id for entry_id, _, _, _ in matches]
    return set(Entry.objects.filter(pk__in=ids).values_list("project__title", flat=True))


def test_rebuilding_writes_one_document_per_entry_with_its_policy(tiny: TinyPlan) -> None:
    assert rebuild_search_index(tiny.plan) == Entry.objects.count() == SearchDocument.objects.count()
    assert set(SearchDocument.objects.values_list("policy_id", flat=True)) == {tiny.policy.pk}
    document = SearchDocument.objects.get(entry__project=tiny.single, fiscal_year=2023)
    assert document.key.split("\n")[:3] == ["福祉教育", "○ボランティアや福祉に係る体験教育活動", "生涯学習課"]


def test_rebuilding_twice_leaves_the_same_documents(tiny: TinyPlan) -> None:
    before = list(SearchDocument.objects.order_by("entry_id").values_list("entry_id", "key", "rating_id"))
    rebuild_search_index(tiny.plan)
    after = list(SearchDocument.objects.order_by("entry_id").values_list("entry_id", "key", "rating_id"))
    assert after == before


def test_an_edited_entry_is_found_by_its_new_text_only(tiny: TinyPlan) -> None:
    entry = Entry.objects.get(project=tiny.unrated)
    edit_entry(entry, progress="成年後見制度の講座を開いた。")
    assert titles("後見") == {"福祉協力校設置"}
    assert titles("補助金") == set()


def test_after_importing_the_seed_guardianship_and_young_carer_projects_are_found(
    seed_report_path: Path,
) -> None:
    import_report(actor=None, path=seed_report_path, target=ImportTarget("北本市", "112330", "地域福祉計画"))
    assert SearchDocument.objects.count() == Entry.objects.count() > 0

    def found(query: str) -> set[tuple[str, str]]:
        matches = matching_entries(
            visible_rounds_of_every_plan(AnonymousUser()),
            query_terms(query),
            Filters(),
            visible=visible_entries(AnonymousUser(), "entry__"),
        )
        ids = [entry_id for entry_id, _, _, _ in matches]
        documents = SearchDocument.objects.filter(entry_id__in=ids).select_related("project", "policy")
        return {
            (document.project.title, document.policy.code if document.policy else "")
            for document in documents
        }

    guardianship = found("後見")
    assert ("成年後見制度利用支援事業", "3-4") in guardianship
    assert {policy for _, policy in guardianship} == {"3-4"}  # 成年後見制度の利用促進
    assert found("ヤングケアラー") == {("ケアラー、ヤングケアラーに関する広報", "3-1")}
