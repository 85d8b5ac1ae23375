"""Download links of a round's reports, from the one registry of report formats."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.urls import NoReverseMatch, reverse

from shinchoku.accounts.models import User
from shinchoku.accounts.permissions import can_read_whole_round
from shinchoku.evaluations.models import Round
from shinchoku.plans.models import Plan
from shinchoku.reports.registry import formats


@dataclass(frozen=True)
class DownloadLink:
    label: str
    description: str
    url: str


def download_links(plan: Plan, round_: Round | None, reader: User | AnonymousUser) -> list[DownloadLink]:
    """A link per registered format for ``round_`` of ``plan``; none without a round, when
    ``reader`` may not download the round whole (:func:`can_read_whole_round`), without formats,
    or while the download address is not wired (the page then simply shows no download block)."""
    if round_ is None or not can_read_whole_round(reader, round_, plan.municipality_id):
        return []
    links = []
    for report_format in formats():
        try:
            url = reverse("reports:download", args=[round_.plan_id, round_.fiscal_year, report_format.key])
        except NoReverseMatch:
            return []
        links.append(DownloadLink(report_format.label, report_format.description, url))
    return links
