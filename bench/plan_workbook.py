"""The plan workbook (計画の体系ファイル) of a 300-project plan: import, re-import, export.

The plan: 5 基本方針 × 6 施策 × 10 事業 = 300 projects (of which every tenth has a second
department), 30 departments, one indicator per project, and one past year's evaluations and
actual values, as a city's first import would hold them. Measured:

- import into an empty database (the municipality only), all sheets, one transaction with audit
  and the search index; each repeat is rolled back so that the next starts empty again;
- re-import of the exported file: every sheet compared, nothing written;
- export of the plan (the file written from the database).

Baseline: openpyxl merely reading every row of the same file in read-only mode (the floor any
reader of the file pays).
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.db import transaction
from openpyxl import load_workbook

from bench.timing import measure, table

POLICIES, MEASURES, PROJECTS = 5, 6, 10


def _document(municipality: str, code: str) -> object:
    from shinchoku.plans.workbook.document import (
        CodeRow,
        DepartmentRow,
        EvaluationRow,
        IndicatorRow,
        NodeRow,
        PlanDocument,
        PlanSettings,
        ValueRow,
    )

    departments = [DepartmentRow(f"第{n}課", "division") for n in range(1, 30)] + [
        DepartmentRow("社会福祉協議会", "external")
    ]
    nodes, indicators, evaluations, values = [], [], [], []
    count = 0
    for policy in range(1, POLICIES + 1):
        nodes.append(NodeRow(f"{policy}", "", 0, f"基本方針{policy}", "", (), "", ""))
        for measure_ in range(1, MEASURES + 1):
            parent = f"{policy}-{measure_}"
            nodes.append(NodeRow(parent, f"{policy}", 1, f"施策{parent}", "施策の説明です。", (), "", ""))
            for project in range(1, PROJECTS + 1):
                code_ = f"{parent}-{project}"
                lead = departments[count % len(departments)].name
                owners = (
                    (lead, departments[(count + 7) % len(departments)].name) if count % 10 == 0 else (lead,)
                )
                count += 1
                nodes.append(
                    NodeRow(
                        code_,
                        parent,
                        2,
                        f"事業{code_}",
                        "地域の支え合いを広げる事業です。" * 3,
                        owners,
                        "",
                        "",
                    )
                )
                indicators.append(
                    IndicatorRow(code_, "参加者数", "人", Decimal(100), 2023, Decimal(150), 2028, "up")
                )
                values.append(ValueRow(code_, "参加者数", 2024, Decimal(110 + count % 40)))
                for owner in owners:
                    evaluations.append(
                        EvaluationRow(
                            2024, code_, owner, "説明会と研修を開いた。" * 4, "ABC"[count % 3], "", ""
                        )
                    )
    return PlanDocument(
        PlanSettings(
            municipality,
            code,
            "ベンチ計画",
            2024,
            2028,
            ("基本方針", "施策", "事業"),
            1,
            "lowest",
            "ratio",
            False,
        ),
        [
            CodeRow("A", "順調", "", True),
            CodeRow("B", "おおむね順調", "", True),
            CodeRow("C", "遅れ", "", True),
        ],
        departments,
        nodes,
        indicators,
        evaluations,
        values,
    )


def _read_all_rows(data: bytes) -> None:
    book = load_workbook(io.BytesIO(data), read_only=True)
    for sheet in book.worksheets:
        for _ in sheet.iter_rows(values_only=True):
            pass
    book.close()


def run(*, quick: bool) -> list[str]:
    from shinchoku.plans.models import Municipality, Plan
    from shinchoku.plans.workbook.apply import import_plan_workbook
    from shinchoku.plans.workbook.document import PlanDocument
    from shinchoku.plans.workbook.export import export_plan_workbook, write_plan_workbook

    repeats = 3 if quick else 10
    municipality = Municipality.objects.get_or_create(code="999997", defaults={"name": "見本市"})[0]
    document = _document(municipality.name, municipality.code)
    assert isinstance(document, PlanDocument)
    data = write_plan_workbook(document)
    rows = sum(
        len(part)
        for part in (document.nodes, document.indicators, document.evaluations or [], document.values or [])
    )

    def first_import() -> None:
        with transaction.atomic():
            outcome = import_plan_workbook(None, data, "bench.xlsx")
            assert outcome.written
            transaction.set_rollback(True)  # every repeat starts from the same empty database

    first = measure("import into an empty database", first_import, repeats=repeats)
    import_plan_workbook(None, data, "bench.xlsx")
    plan = Plan.objects.get(municipality=municipality, title="ベンチ計画")
    exported = export_plan_workbook(None, plan)

    def again() -> None:
        assert not import_plan_workbook(None, exported, "bench.xlsx").changes

    reimport = measure("re-import of the exported file (no change)", again, repeats=repeats)
    export = measure("export of the plan", lambda: export_plan_workbook(None, plan), repeats=repeats)
    baseline = measure(
        "openpyxl reading every row of the file", lambda: _read_all_rows(data), repeats=repeats
    )
    return [
        "## Plan workbook",
        "",
        f"A plan of {POLICIES * MEASURES * PROJECTS} projects "
        f"({POLICIES} 基本方針 × {MEASURES} 施策 × {PROJECTS} 事業, every tenth with two departments), "
        f"{len(document.departments)} departments, one indicator per project "
        f"and one past year's evaluations and values: {rows:,} rows, a {len(data) / 1024:.0f} KB file. "
        "The import checks every sheet, compares with the database, writes in one transaction with its audit "
        "entries and rebuilds the search index; re-importing compares every sheet and writes nothing. "
        "Command: `.venv/bin/python -m bench.run --only plan`.",
        "",
        *table([(first, baseline), (reimport, baseline), (export, baseline)]),
    ]
