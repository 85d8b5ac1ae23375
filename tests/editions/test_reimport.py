"""The seed importer freezes the year it publishes once: a correction (正誤) of that year stays
after the same report is imported again."""

from __future__ import annotations

from pathlib import Path

from shinchoku.accounts.models import User
from shinchoku.editions.models import PublishedStructure
from shinchoku.editions.services import correct_name
from shinchoku.evaluations.models import Round
from shinchoku.ingest.services import ImportTarget, import_report
from shinchoku.plans.models import PlanNode
from tests.evaluations.tiny_plan import make_user

TARGET = ImportTarget("北本市", "112330", "地域福祉計画")


def test_a_correction_of_the_imported_year_survives_a_second_import(db: None, seed_report_path: Path) -> None:
    import_report(actor=None, path=seed_report_path, target=TARGET)
    round_ = Round.objects.get(fiscal_year=2023)
    node = PlanNode.objects.filter(plan=round_.plan, level=0).order_by("position").first()
    assert node is not None
    secretariat = make_user("seed-jimu", round_.plan.municipality, role=User.Role.SECRETARIAT)
    correct_name(
        secretariat,
        round_.pk,
        kind="node",
        target_id=node.pk,
        values={"title": "訂正した名称"},
        expected={"title": node.title},
        reason="誤植の訂正",
    )

    import_report(actor=None, path=seed_report_path, target=TARGET)

    stored = PublishedStructure.objects.get(round=round_).data
    assert next(row for row in stored["nodes"] if row["id"] == node.pk)["title"] == "訂正した名称"
