"""The round's quality page (確認事項の一覧): open findings counted per check and department, with
the entries that have them; for the 事務局 like the rest of the round pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from shinchoku.core.quality import CHECKS
from shinchoku.evaluations.selectors.quality import counts_by_department, round_findings
from shinchoku.web.rounds.access import managed_round, render_staff


def round_quality(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = managed_round(request, round_id)
    findings = round_findings(round_)
    departments = counts_by_department(findings)
    totals = [sum(row.counts[index] for row in departments) for index in range(len(CHECKS))]
    dismissed = sum(len(item.findings) - item.open_count for item in findings)
    context = {
        "round": round_,
        "checks": CHECKS,
        "departments": departments,
        "totals": totals,
        "total": sum(totals),
        "dismissed": dismissed,
    }
    return render_staff(request, "web/rounds/quality.html", context)
