"""Clean the texts stored before the services cleaned what people type (issue 11).

A vertical tab (Word's soft line break) stored in a published, locked entry made the year's XLSX
report answer 500, and nobody could edit the entry any more. This migration passes every stored
text field listed in :data:`shinchoku.core.typed_fields.TYPED_FIELDS` through the same cleaner
the services now apply (controls, noncharacters and bidi overrides removed, soft line breaks made
newlines), so old data reads like new data. Published years change only by losing characters
that no output could show; rows that are already clean are not written. A name whose cleaned form
would collide with another's (a unique name) is left as it is: the outputs clean what they write
anyway. Not reversible in the data sense: going back leaves the cleaned texts.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, migrations, transaction
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from shinchoku.core.typed_fields import BLOCK, LINE

# The typed fields as they were when this migration was written (frozen: a field added to
# TYPED_FIELDS later needs its own data migration, which tests/evaluations/test_clean_typed_texts_
# migration.py asks for).
FIELDS = {
    "evaluations.entry": {
        "final_target": BLOCK,
        "year_target": BLOCK,
        "progress": BLOCK,
        "reason": BLOCK,
        "next_year_goal": BLOCK,
        "review_comment": BLOCK,
    },
    "evaluations.nodeevaluation": {"comment": BLOCK},
    "evaluations.indicatorvalue": {"note": BLOCK},
    "evaluations.committeeopinion": {"opinion": BLOCK, "response": BLOCK},
    "accounts.user": {"username": LINE, "display_name": LINE},
    "plans.municipality": {"name": LINE},
    "plans.department": {"name": LINE},
    "plans.ratingscale": {"name": LINE},
    "plans.ratingcode": {"code": LINE, "label": LINE, "definition": BLOCK},
    "plans.plan": {"title": LINE},
    "plans.plannode": {"code": LINE, "title": LINE, "description": BLOCK},
    "plans.indicator": {"label": LINE, "unit": LINE},
}


def clean_stored_texts(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    for label, fields in FIELDS.items():
        model: Any = apps.get_model(label)
        updates: list[tuple[Any, dict[str, str]]] = []
        for row in model.objects.values("pk", *fields).iterator(chunk_size=500):
            changed = {
                name: clean(row[name])
                for name, clean in fields.items()
                if isinstance(row[name], str) and clean(row[name]) != row[name]
            }
            if changed:
                updates.append((row["pk"], changed))
        # Written after reading, so that no update runs under an open cursor of the same table.
        for pk, changed in updates:
            try:
                with transaction.atomic():
                    model.objects.filter(pk=pk).update(**changed)
            except IntegrityError:
                continue


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0002_add_entry_workflow"),
        ("plans", "0002_add_plan_department_approval"),
        ("accounts", "0002_add_user_role_and_lockout"),
    ]

    operations = [migrations.RunPython(clean_stored_texts, migrations.RunPython.noop)]
