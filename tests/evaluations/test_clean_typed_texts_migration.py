"""The data migration that cleans texts stored before the services cleaned typed text."""

from __future__ import annotations

import importlib
import io

from django.apps import apps
from openpyxl import load_workbook

from shinchoku.core.typed_fields import TYPED_FIELDS
from shinchoku.evaluations.models import Entry
from shinchoku.plans.models import Department, PlanNode
from shinchoku.reports.registry import ReportRequest, get
from tests.evaluations.tiny_plan import TinyPlan

migration = importlib.import_module("shinchoku.evaluations.migrations.0003_clean_typed_texts")


# Fields created after the migration: they never held text stored before the services cleaned it.
CREATED_LATER = {
    ("plans.plannode", "final_target"),
    ("evaluations.projecttarget", "year_target"),
    ("evaluations.qualitydismissal", "reason"),
    ("plans.department", "email"),
    ("plans.department", "extension"),
    ("plans.departmentnamechange", "previous_name"),
    ("ingest.importreviewitem", "note"),
    ("editions.correction", "place"),
    ("editions.correction", "previous_value"),
    ("editions.correction", "corrected_value"),
    ("editions.correction", "reason"),
}


def test_it_covers_every_typed_field_with_the_services_cleaner() -> None:
    # A field added to TYPED_FIELDS later needs a data migration of its own for what is stored,
    # unless the field itself is newer than the migration.
    older = {
        model: kept
        for model, fields in TYPED_FIELDS.items()
        if (kept := {name: cleaner for name, cleaner in fields.items() if (model, name) not in CREATED_LATER})
    }
    assert older == migration.FIELDS


def test_a_published_locked_entry_with_a_soft_line_break_is_cleaned_and_reports_again(tiny: TinyPlan) -> None:
    entry = Entry.objects.get(round=tiny.published, project=tiny.single)
    Entry.objects.filter(pk=entry.pk).update(progress=" 一行目\x0b二行目\x1b\u202e ", reason="理由\ufffe")
    PlanNode.objects.filter(pk=tiny.single.pk).update(title="福祉\x0b教育")
    untouched = Entry.objects.get(round=tiny.published, project=tiny.shared, department__name="社協")

    migration.clean_stored_texts(apps, None)  # type: ignore[arg-type]

    entry.refresh_from_db()
    assert (entry.progress, entry.reason) == ("一行目\n二行目", "理由")
    assert PlanNode.objects.get(pk=tiny.single.pk).title == "福祉 教育"
    assert Entry.objects.get(pk=untouched.pk).progress == untouched.progress
    data = get("xlsx").render(ReportRequest(tiny.published))
    assert load_workbook(io.BytesIO(data))["事業別評価"]["H2"].value == "一行目\n二行目"


def test_a_name_that_would_collide_with_another_once_cleaned_is_left_as_it_is(tiny: TinyPlan) -> None:
    twin = Department.objects.create(municipality=tiny.municipality, name="社協\u202e", position=9)
    migration.clean_stored_texts(apps, None)  # type: ignore[arg-type]
    assert Department.objects.get(pk=twin.pk).name == "社協\u202e"
