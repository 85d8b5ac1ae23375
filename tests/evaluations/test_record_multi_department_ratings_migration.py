"""The data migration that records the plan's rule's rating for the multi-department projects of
the rounds already there (before issue 12 they showed 未評価)."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

from django.apps import apps
from django.db import connection

from shinchoku.evaluations.models import Entry, NodeEvaluation
from shinchoku.evaluations.selectors import dashboard
from tests.evaluations.multi_department import build_multi_department_plan
from tests.evaluations.tiny_plan import TinyPlan

migration = importlib.import_module("shinchoku.evaluations.migrations.0004_record_multi_department_ratings")


def _migrate() -> None:
    migration.record_ratings(apps, SimpleNamespace(connection=connection))  # type: ignore[arg-type]


def test_it_records_the_rules_rating_of_approved_entries_where_none_was_recorded(db: None) -> None:
    built = build_multi_department_plan("lead_department")
    ratings = {
        "pair": {"共生福祉課": "A", "社協": "C"},
        "trio": {"生涯学習課": "B", "共生福祉課": "S", "社協": "S"},
        "pair_again": {"社協": None, "生涯学習課": "A"},
    }
    for name, by_department in ratings.items():
        for department, code in by_department.items():
            entry = built.entry(getattr(built, name), department)
            rating = built.codes[code] if code else None
            Entry.objects.filter(pk=entry.pk).update(rating=rating, status=Entry.Status.APPROVED)
    assert dashboard(built.plan, built.round, None).overall.unrated == 4

    _migrate()

    recorded = {
        evaluation.node_id: (evaluation.rating.code if evaluation.rating else None, evaluation.rule)
        for evaluation in NodeEvaluation.objects.filter(round=built.round)
    }
    # pair_again: its lead (社協) has no rating, so the lead's rule records nothing.
    assert recorded == {built.pair.pk: ("A", "lead_department"), built.trio.pk: ("B", "lead_department")}


def test_it_leaves_published_rounds_and_recorded_evaluations_as_they_were(tiny: TinyPlan) -> None:
    NodeEvaluation.objects.filter(round=tiny.published, node=tiny.shared).delete()
    before = list(NodeEvaluation.objects.order_by("pk").values_list("pk", "rating_id", "rule"))

    _migrate()

    assert list(NodeEvaluation.objects.order_by("pk").values_list("pk", "rating_id", "rule")) == before
