"""Import use cases: read a file, show what it holds, store it in one transaction.

Every importer goes parse → preview (with needs_review) → commit; the commit is all or nothing
and re-importing the same file leaves the database as it was. A report import keeps its 要確認
items as rows for the review desk (:mod:`shinchoku.ingest.review`) and keeps what a person
corrected since the previous import of the round (:mod:`shinchoku.ingest.report_text.corrections`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction

from shinchoku.accounts.models import User
from shinchoku.accounts.permissions import can_import
from shinchoku.audit.services import record
from shinchoku.core.local_government_code import normalise_code
from shinchoku.ingest.models import ImportRun
from shinchoku.ingest.report_text.commit import REPORT_TEXT_FORMAT, ImportTarget, StoreResult, store_report
from shinchoku.ingest.report_text.corrections import Correction
from shinchoku.ingest.report_text.document import ParsedReport
from shinchoku.ingest.report_text.parse import parse_report, read_report_file
from shinchoku.ingest.review.services import create_review_items
from shinchoku.plans.models import Municipality
from shinchoku.search.services import rebuild_search_index


def _described(found: Correction) -> dict[str, object]:
    return {
        "line": found.place.line,
        "place": found.place.label,
        "field": found.field,
        "stored": found.stored,
        "file": found.file,
        "applied": found.applied,
    }


@dataclass(frozen=True)
class ImportOutcome:
    report: ParsedReport
    stored: StoreResult
    run: ImportRun


def read_report(path: Path) -> ParsedReport:
    """Parse a published-report text file without touching the database (the dry run).

    Raises :class:`~shinchoku.ingest.report_text.document.ReportFormatError` with a Japanese
    message naming the file and line when the file cannot be read.
    """
    return parse_report(read_report_file(path), file_name=path.name)


def _previous_run(target: ImportTarget, fiscal_year: int) -> ImportRun | None:
    """The latest earlier import of the same plan and year, if any."""
    runs = ImportRun.objects.filter(
        source_format=REPORT_TEXT_FORMAT,
        round__fiscal_year=fiscal_year,
        round__plan__title=target.plan_title,
        round__plan__municipality__code=target.municipality_code,
    )
    return runs.order_by("-pk").first()


def import_report(
    *,
    actor: User | AnonymousUser | None,
    path: Path,
    target: ImportTarget,
    overwrite_corrections: bool = False,
) -> ImportOutcome:
    """Parse ``path`` and store it under ``target`` as a published round, all or nothing.

    A value a person changed since the previous import of the round is kept and reported
    (``stored.kept``); where the file changed it too (``stored.conflicts``) the correction is kept
    unless ``overwrite_corrections``. The run's 要確認 items are created in the same transaction,
    one per item the dry run lists.

    ``actor`` None is the command line. Raises PermissionDenied when ``actor`` may not import for
    the municipality, ReportFormatError (before any write) when the file cannot be read, and
    :class:`~shinchoku.ingest.report_text.commit.RoundNotOursError` (nothing written) when the
    report's year already has a round that an earlier import did not create: an open round is
    never published or overwritten by an import.
    """
    report = read_report(path)
    target = ImportTarget(
        municipality_name=target.municipality_name,
        municipality_code=normalise_code(target.municipality_code),
        plan_title=target.plan_title,
        first_fiscal_year=target.first_fiscal_year,
        last_fiscal_year=target.last_fiscal_year,
    )
    municipality = Municipality.objects.filter(code=target.municipality_code).first()
    if not can_import(actor, municipality):
        raise PermissionDenied("公表済みの報告書を取り込む権限がありません。")
    with transaction.atomic():
        previous = _previous_run(target, report.fiscal_year)
        stored = store_report(report, target, overwrite=overwrite_corrections)
        rebuild_search_index(stored.round.plan)
        review = [
            {"where": where, "field": item.field, "line": item.line, "message": item.message, "raw": item.raw}
            for where, item in report.all_review_items()
        ]
        run = ImportRun.objects.create(
            actor=actor if isinstance(actor, User) else None,
            round=stored.round,
            source_format=REPORT_TEXT_FORMAT,
            file_name=path.name,
            sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
            counts={"created": dict(stored.created), "updated": dict(stored.updated)},
            needs_review=review,
            written=stored.written,
        )
        create_review_items(run, report, stored, previous)
        municipality = stored.round.plan.municipality
        record(
            actor=actor,
            action="import_report",
            target=run,
            municipality=municipality,
            summary=(
                f"{path.name} を取り込みました({stored.round}): 新規 {sum(stored.created.values())} 件、"
                f"更新 {sum(stored.updated.values())} 件、要確認 {len(review)} 件、"
                f"訂正を保持 {len(stored.kept) + len(stored.corrected_names)} 件、"
                f"競合 {len(stored.conflicts)} 件"
            ),
            changes={
                "updates": stored.changes[:500],
                "kept": [_described(found) for found in stored.kept],
                "conflicts": [_described(found) for found in stored.conflicts],
                "corrected_names": [list(name) for name in stored.corrected_names],
            },
        )
    return ImportOutcome(report=report, stored=stored, run=run)
