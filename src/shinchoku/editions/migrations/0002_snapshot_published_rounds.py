"""Freeze the structure of the rounds published before published structures existed: from now on
they show what they show today, whatever the plan editor changes later."""

from __future__ import annotations

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from shinchoku.editions.snapshot import freeze_published_rounds


def snapshot_published_rounds(apps: Apps, schema_editor: BaseDatabaseSchemaEditor | None) -> None:
    freeze_published_rounds(apps)


def drop_snapshots(apps: Apps, schema_editor: BaseDatabaseSchemaEditor | None) -> None:
    apps.get_model("editions", "PublishedStructure").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("editions", "0001_create_published_structures_and_corrections"),
        ("plans", "0006_add_reorganisations_revisions_shared_projects"),
        ("evaluations", "0006_add_quality_dismissals"),
    ]

    operations = [migrations.RunPython(snapshot_published_rounds, drop_snapshots)]
