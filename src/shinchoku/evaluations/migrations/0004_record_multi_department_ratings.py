"""Record the plan's rule's rating for the multi-department projects of existing rounds.

Before issue 12 nothing rated a project that several departments evaluate unless the 事務局 set
a rating, so such projects showed 未評価. From now on the services keep the rating by the plan's
rule (see shinchoku.evaluations.services.project_evaluations); this migration does the same once
for the rounds already there: for each multi-department project without any evaluation, it
applies ``Plan.multi_department_rule`` to the departments' approved ratings, lead first, and
stores the result with the rule. Nothing is written when the rule is 事務局が決める or no
department's rating is approved yet.

Published rounds are left as they were published (published years never change; the seed's
report leaves some such projects blank, and the gold key says so). Going back leaves the
recorded ratings: they are the rule's, recomputed by the next change.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from shinchoku.core.ratings import ConsolidationRule, Scale, ScaleCode, consolidate_project

APPROVED = "approved"
PUBLISHED = "published"


def record_ratings(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    db = schema_editor.connection.alias
    Round = apps.get_model("evaluations", "Round")
    Entry = apps.get_model("evaluations", "Entry")
    NodeEvaluation = apps.get_model("evaluations", "NodeEvaluation")
    ProjectOwner = apps.get_model("plans", "ProjectOwner")
    RatingCode = apps.get_model("plans", "RatingCode")
    for round_ in Round.objects.using(db).exclude(state=PUBLISHED).select_related("plan"):
        rule = ConsolidationRule(round_.plan.multi_department_rule)
        if rule is ConsolidationRule.MANUAL:
            continue
        codes = list(RatingCode.objects.using(db).filter(scale_id=round_.plan.rating_scale_id).order_by("position"))
        scale = Scale(tuple(ScaleCode(code.code, is_rating=code.is_rating) for code in codes))
        by_code = {code.code: code for code in codes}
        owners: dict[int, list[int]] = defaultdict(list)
        for project_id, department_id in (
            ProjectOwner.objects.using(db)
            .filter(project__plan_id=round_.plan_id)
            .order_by("project_id", "position")
            .values_list("project_id", "department_id")
        ):
            owners[project_id].append(department_id)
        evaluated = set(NodeEvaluation.objects.using(db).filter(round=round_).values_list("node_id", flat=True))
        approved: dict[tuple[int, int], str] = {
            (project_id, department_id): code
            for project_id, department_id, code in Entry.objects.using(db)
            .filter(round=round_, status=APPROVED, rating__isnull=False)
            .values_list("project_id", "department_id", "rating__code")
        }
        for project_id, departments in owners.items():
            if len(departments) < 2 or project_id in evaluated:
                continue
            ratings = [approved.get((project_id, department_id)) for department_id in departments]
            suggestion = consolidate_project(scale, ratings, rule)
            if suggestion.rating is None:
                continue
            NodeEvaluation.objects.using(db).create(
                round=round_, node_id=project_id, rating=by_code[suggestion.rating], rule=rule.value
            )


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0003_clean_typed_texts"),
        ("plans", "0004_add_multi_department_rule_achievement_formula_targets"),
    ]

    operations = [migrations.RunPython(record_ratings, migrations.RunPython.noop)]
