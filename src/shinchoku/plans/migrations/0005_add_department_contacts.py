from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("plans", "0004_add_multi_department_rule_achievement_formula_targets")]

    operations = [
        migrations.AddField(
            model_name="department",
            name="email",
            field=models.EmailField(blank=True, max_length=254, verbose_name="メールアドレス"),
        ),
        migrations.AddField(
            model_name="department",
            name="extension",
            field=models.CharField(blank=True, max_length=20, verbose_name="内線"),
        ),
    ]
