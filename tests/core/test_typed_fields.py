"""The one table of typed fields and their cleaners."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models

from shinchoku.core.typed_fields import BLOCK, LINE, TYPED_FIELDS, clean_field, clean_typed_block


def test_every_listed_field_is_a_text_field_of_a_real_model() -> None:
    for label, fields in TYPED_FIELDS.items():
        model = apps.get_model(label)
        for name in fields:
            field = model._meta.get_field(name)
            assert isinstance(field, models.CharField | models.TextField), f"{label}.{name}"


def test_every_free_text_field_of_the_domain_is_listed() -> None:
    # A new text field a person can type must be added to TYPED_FIELDS (and to a data migration).
    not_typed = {
        "evaluations.round": {"state"},
        "evaluations.entry": {"status"},
        "evaluations.nodeevaluation": {"rule"},
        "evaluations.qualitydismissal": {"check_id", "field"},
        "plans.department": {"kind"},
        "plans.plan": {"multi_department_rule", "achievement_formula"},
        "plans.municipality": {"code"},
        "plans.indicator": {"direction"},
        # Written by the importer from the file and the parser, never typed by a person.
        "ingest.importrun": {"source_format", "file_name", "sha256"},
        "ingest.importreviewitem": {"kind", "field", "where", "message", "raw", "target", "status"},
        "editions.correction": {"kind", "field"},
    }
    for app in ("evaluations", "plans", "ingest", "editions"):
        for model in apps.get_app_config(app).get_models():
            label = model._meta.label_lower
            for field in model._meta.get_fields():
                if isinstance(field, models.CharField | models.TextField):
                    listed = field.name in TYPED_FIELDS.get(label, {})
                    assert listed or field.name in not_typed.get(label, set()), f"{label}.{field.name}"


def test_a_block_is_cleaned_before_its_outer_spaces_go() -> None:
    assert clean_typed_block(" \x00 進捗\x0b状況 \x1b\n") == "進捗\n状況"
    assert clean_field("evaluations.entry", "progress", "\u202e本文 ") == "本文"
    assert clean_field("plans.department", "name", "共生\n福祉課") == "共生 福祉課"
    assert {BLOCK, LINE} >= {c for fields in TYPED_FIELDS.values() for c in fields.values()}


def test_a_field_missing_from_the_table_is_refused() -> None:
    with pytest.raises(KeyError):
        clean_field("evaluations.entry", "status", "x")
