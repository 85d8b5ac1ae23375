"""Importing a plan workbook: one service, all or nothing.

:func:`import_plan_workbook` reads the file, checks it (every sheet, every reference, the
municipality, removals of items in use, years that are not the import's to change), computes the
changes against the plan in the database and, unless it is a dry run or there is nothing to
change, writes them in one transaction with one audit entry per changed sheet and a fresh search
index. A file that matches the plan changes nothing and records nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.apps import apps as django_apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from shinchoku.accounts.models import User
from shinchoku.accounts.permissions import can_import
from shinchoku.audit.services import record
from shinchoku.editions.snapshot import freeze_published_rounds
from shinchoku.evaluations.models import Round
from shinchoku.evaluations.services.project_evaluations import refresh_round_evaluations
from shinchoku.plans.models import (
    Plan,
)
from shinchoku.plans.workbook.checks import (
    find_municipality,
    locked_year_problems,
    removal_problems,
    shared_scale_problems,
    structure_problems,
)
from shinchoku.plans.workbook.diff import Change, count_changes, diff_documents
from shinchoku.plans.workbook.document import PlanDocument, PlanWorkbookError, Problem
from shinchoku.plans.workbook.layout import ACTION_LABELS, SHEETS, Place
from shinchoku.plans.workbook.read import read_plan_workbook
from shinchoku.plans.workbook.renames import rename_problems
from shinchoku.plans.workbook.revisions import continued_projects, stored_span_problems
from shinchoku.plans.workbook.shared import shared_problems
from shinchoku.plans.workbook.snapshot import plan_document
from shinchoku.plans.workbook.validate import validate_document
from shinchoku.plans.workbook.writer import PlanWriter
from shinchoku.search.services import rebuild_search_index

AUDIT_ACTION = "import_plan_workbook"


@dataclass(frozen=True)
class PlanImport:
    """What an import did (or, for a dry run, would do)."""

    document: PlanDocument
    plan: Plan | None  # None: a dry run of a new plan
    changes: list[Change]
    written: bool
    published_years: tuple[int, ...] = ()

    @property
    def counts(self) -> dict[str, dict[str, int]]:
        return count_changes(self.changes)

    def summary(self) -> dict[str, Any]:
        """The machine-readable summary the command prints with --format json."""
        return {
            "plan": self.document.settings.title,
            "municipality": self.document.settings.municipality_name,
            "written": self.written,
            "counts": self.counts,
            "changes": [change.as_dict() for change in self.changes],
            "published_years": list(self.published_years),
            "errors": [],
        }


def preview_plan_workbook(
    actor: User | AnonymousUser | None, data: bytes, file_name: str, *, publish: bool = False
) -> PlanImport:
    """What importing ``data`` would change, checked as fully as the import; writes nothing."""
    return import_plan_workbook(actor, data, file_name, publish=publish, dry_run=True)


def import_plan_workbook(
    actor: User | AnonymousUser | None,
    data: bytes,
    file_name: str,
    *,
    publish: bool = False,
    dry_run: bool = False,
) -> PlanImport:
    """Import the plan workbook ``data`` (named ``file_name`` in messages), all or nothing.

    ``actor`` None is the command line; otherwise the 事務局 of the file's municipality or a
    superuser. Raises :class:`PlanWorkbookError` (every problem, nothing written) and
    PermissionDenied. The years of the 評価 and 実績 sheets become closed rounds, published only
    with ``publish`` (which also publishes the closed rounds of those years).
    """
    document = read_plan_workbook(data, file_name)
    problems = validate_document(document)
    if problems:
        raise PlanWorkbookError(problems)
    with transaction.atomic():
        municipality, problems = find_municipality(document.settings)
        if municipality is not None and not can_import(actor, municipality):
            raise PermissionDenied(
                f"ファイルの自治体「{municipality.name}」の計画を取り込めるのは、その自治体の事務局だけです。"
                "「計画」シートの自治体名・全国地方公共団体コードを確かめてください。"
            )
        if problems or municipality is None:
            raise PlanWorkbookError(problems)
        plan = (
            Plan.objects.select_for_update()
            .select_related("municipality", "rating_scale")
            .filter(municipality=municipality, title=document.settings.title)
            .first()
        )
        changes = diff_documents(plan_document(plan) if plan else None, document)
        continued, problems = continued_projects(municipality, document)
        problems += (
            stored_span_problems(plan, document)
            + removal_problems(plan, municipality, changes)
            + structure_problems(plan, document)
            + shared_scale_problems(plan, changes)
            + locked_year_problems(plan, changes)
            + rename_problems(municipality, document)
            + shared_problems(municipality, plan, document)
        )
        if problems:
            raise PlanWorkbookError(problems)
        to_publish = _years_to_publish(plan, document) if publish else ()
        if dry_run or (not changes and not to_publish):
            return PlanImport(document, plan, changes, written=False, published_years=tuple(to_publish))
        try:
            with transaction.atomic():
                plan = PlanWriter(municipality, plan, document, continued).write()
        except IntegrityError:  # the same plan or department created meanwhile by another import
            raise PlanWorkbookError(
                [
                    Problem(
                        Place("", file=file_name),
                        "同じ計画が同時に変更されたため、取り込みませんでした。もう一度取り込んでください。",
                    )
                ]
            ) from None
        # The shared projects of the years read are rated by the plan's rule before any is published.
        recorder = actor if isinstance(actor, User) else None
        for round_ in Round.objects.filter(plan=plan, fiscal_year__in=document.fiscal_years()).exclude(
            state=Round.State.PUBLISHED
        ):
            refresh_round_evaluations(recorder, round_)
        for year in sorted(to_publish):
            _publish(plan, year)
        _audit(actor, plan, file_name, changes, to_publish)
        rebuild_search_index(plan)
    return PlanImport(document, plan, changes, written=True, published_years=tuple(sorted(to_publish)))


def _years_to_publish(plan: Plan | None, document: PlanDocument) -> list[int]:
    years = document.fiscal_years()
    if plan is None:
        return sorted(years)
    states = dict(Round.objects.filter(plan=plan).values_list("fiscal_year", "state"))
    return sorted(year for year in years if states.get(year, Round.State.CLOSED) == Round.State.CLOSED)


def _publish(plan: Plan, year: int) -> None:
    Round.objects.filter(plan=plan, fiscal_year=year, state=Round.State.CLOSED).update(
        state=Round.State.PUBLISHED, published_at=timezone.now()
    )
    freeze_published_rounds(django_apps, [plan.pk])


def _audit(
    actor: User | AnonymousUser | None,
    plan: Plan,
    file_name: str,
    changes: list[Change],
    published: list[int] | tuple[int, ...],
) -> None:
    by_sheet: dict[str, list[Change]] = defaultdict(list)
    for change in changes:
        by_sheet[change.sheet].append(change)
    for sheet in SHEETS:
        if not by_sheet[sheet]:
            continue
        counts = count_changes(by_sheet[sheet])[sheet]
        told = "・".join(f"{ACTION_LABELS[action]} {count}件" for action, count in counts.items() if count)
        record(
            actor=actor,
            action=AUDIT_ACTION,
            target=plan,
            municipality=plan.municipality,
            summary=(
                f"{plan.title}: 計画の体系ファイル「{file_name}」の「{sheet}」シートを取り込みました({told})"
            ),
            changes={
                "sheet": sheet,
                "counts": counts,
                "items": [change.as_dict() for change in by_sheet[sheet]],
            },
        )
    if published:
        years = "、".join(f"{year}年度" for year in published)
        record(
            actor=actor,
            action="publish_round",
            target=plan,
            municipality=plan.municipality,
            summary=f"{plan.title}: 計画の体系ファイルから取り込んだ {years}を公表しました",
            changes={"published_years": {"before": None, "after": list(published)}},
        )
