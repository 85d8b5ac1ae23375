from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from shinchoku.audit.models import AuditEntry
from shinchoku.evaluations.models import IndicatorValue
from shinchoku.evaluations.services import record_indicator_value
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan


def test_the_projects_department_records_and_clears_an_actual(tiny: TinyPlan, people: People) -> None:
    stored = record_indicator_value(
        people.editor, tiny.indicator.pk, tiny.collecting.pk, value=Decimal("10"), note="速報値"
    )
    assert stored is not None
    assert (stored.value, stored.note) == (Decimal("10"), "速報値")

    record_indicator_value(people.editor, tiny.indicator.pk, tiny.collecting.pk, value=None)

    assert not IndicatorValue.objects.filter(indicator=tiny.indicator, fiscal_year=2024).exists()
    changes = [entry.changes["value"] for entry in AuditEntry.objects.order_by("id")]
    assert changes == [{"before": "9.000", "after": "10"}, {"before": "10.000", "after": None}]


def test_other_departments_and_published_years_are_refused(tiny: TinyPlan, people: People) -> None:
    with pytest.raises(PermissionDenied):
        record_indicator_value(people.other_editor, tiny.indicator.pk, tiny.collecting.pk, value=Decimal("1"))
    with pytest.raises(PermissionDenied):
        record_indicator_value(people.secretariat, tiny.indicator.pk, tiny.published.pk, value=Decimal("1"))
    assert IndicatorValue.objects.get(indicator=tiny.indicator, fiscal_year=2024).value == Decimal("9")
