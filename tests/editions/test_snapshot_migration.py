"""The data migration freezes the rounds published before published structures existed, and only
those: a round being collected keeps reading the live plan."""

from __future__ import annotations

import importlib

from django.apps import apps

from shinchoku.editions.models import PublishedStructure
from shinchoku.plans.models import Department
from tests.evaluations.tiny_plan import TinyPlan

migration = importlib.import_module("shinchoku.editions.migrations.0002_snapshot_published_rounds")


def test_it_snapshots_every_published_round_without_one(tiny: TinyPlan) -> None:
    PublishedStructure.objects.all().delete()
    Department.objects.filter(pk=tiny.departments["社協"].pk).update(name="社会福祉協議会")

    migration.snapshot_published_rounds(apps, None)

    [stored] = PublishedStructure.objects.all()
    assert stored.round == tiny.published
    assert stored.data["fiscal_year"] == 2023
    assert "社会福祉協議会" in {row["name"] for row in stored.data["departments"]}
    assert {row["code"] for row in stored.data["nodes"]} == set(
        tiny.plan.nodes.values_list("code", flat=True)
    )
    indicator = next(row for row in stored.data["indicators"] if row["id"] == tiny.indicator.pk)
    assert (indicator["baseline_value"], indicator["target_value"]) == ("3.000", "12.000")


def test_it_leaves_a_round_that_has_its_snapshot_alone(tiny: TinyPlan) -> None:
    before = PublishedStructure.objects.get(round=tiny.published)

    migration.snapshot_published_rounds(apps, None)

    assert list(PublishedStructure.objects.values_list("pk", flat=True)) == [before.pk]
