"""Recording an indicator's actual value (実績値) for a round's fiscal year."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.audit.services import record
from shinchoku.core.typed_fields import clean_field
from shinchoku.evaluations.models import IndicatorValue, Round
from shinchoku.plans.models import Indicator


def record_indicator_value(
    actor: User, indicator_id: int, round_id: int, *, value: Decimal | None, note: str = ""
) -> IndicatorValue | None:
    """Set (or, with ``value`` None, clear) the actual of the round's fiscal year.

    Returns the stored value, or None when cleared. The previous value stays in the audit trail,
    whose ``changes`` also carry the ``fiscal_year`` (a plain number beside the before → after
    pairs), by which an entry's history finds the actuals of its year.
    """
    note = clean_field("evaluations.indicatorvalue", "note", note)
    with transaction.atomic():
        round_ = Round.objects.select_related("plan__municipality").get(pk=round_id)
        indicator = Indicator.objects.select_related("node").get(
            pk=indicator_id, node__plan_id=round_.plan_id
        )
        if not permissions.can_record_indicator_value(actor, indicator, round_):
            raise PermissionDenied("この指標の実績値は、現在あなたが入力できる状態ではありません。")
        current = (
            IndicatorValue.objects.select_for_update()
            .filter(indicator=indicator, fiscal_year=round_.fiscal_year)
            .first()
        )
        before = (str(current.value), current.note) if current else (None, "")
        after = (str(value), note) if value is not None else (None, "")
        if before == after:
            return current
        stored: IndicatorValue | None = None
        if value is None:
            if current is not None:
                current.delete()
        else:
            stored, _ = IndicatorValue.objects.update_or_create(
                indicator=indicator,
                fiscal_year=round_.fiscal_year,
                defaults={"value": value, "note": note},
            )
        record(
            actor=actor,
            action="record_indicator_value",
            target=indicator,
            municipality=round_.plan.municipality,
            # Pages of a published year withhold the values of the years not published.
            affects_public=round_.is_published,
            summary=f"指標「{indicator.label}」の{round_.fiscal_year_label}の実績値を記録しました",
            changes={
                "value": {"before": before[0], "after": after[0]},
                "note": {"before": before[1], "after": after[1]},
                "fiscal_year": round_.fiscal_year,
            },
        )
    return stored
