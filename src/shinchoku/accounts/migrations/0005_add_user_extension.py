from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_add_user_must_change_password")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="extension",
            field=models.CharField(blank=True, max_length=20, verbose_name="内線"),
        ),
    ]
