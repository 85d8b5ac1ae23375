"""Download links of a round's reports, from the one registry of report formats."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from shinchoku.evaluations.models import Round
from shinchoku.reports.registry import formats


@dataclass(frozen=True)
class DownloadLink:
    label: str
    description: str
    url: str


def download_links(round_: Round | None) -> list[DownloadLink]:
    """A link per registered format for ``round_``; none without a round, without formats, or
    while the download address is not wired (the page then simply shows no download block)."""
    if round_ is None:
        return []
    links = []
    for report_format in formats():
        try:
            url = reverse("reports:download", args=[round_.plan_id, round_.fiscal_year, report_format.key])
        except NoReverseMatch:
            return []
        links.append(DownloadLink(report_format.label, report_format.description, url))
    return links
