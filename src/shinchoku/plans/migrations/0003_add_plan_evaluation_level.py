"""The plan's evaluation level (施策評価を行う階層), and no default level names any more.

Existing plans get the level the code used before this field existed, ``max(project_level - 2,
0)``, so what they show does not change.
"""

from typing import Any

from django.db import migrations, models


def set_evaluation_level(apps: Any, schema_editor: Any) -> None:
    Plan = apps.get_model("plans", "Plan")
    for plan in Plan.objects.all():
        plan.evaluation_level = max(len(plan.level_labels) - 3, 0)
        plan.save(update_fields=["evaluation_level"])


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0002_add_plan_department_approval"),
    ]

    operations = [
        migrations.AddField(
            model_name="plan",
            name="evaluation_level",
            field=models.PositiveSmallIntegerField(
                default=0,
                help_text="この階層の項目ごとに評価をまとめ、委員意見を受け、報告書の章を立てます(0 が最上位)。",
                verbose_name="評価をまとめる階層",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(set_evaluation_level, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="plan",
            name="level_labels",
            field=models.JSONField(
                help_text="上位から順に。最後の階層が評価する事業です。", verbose_name="階層の名称"
            ),
        ),
    ]
