"""Reading the search index: what a person may search, the filter choices, and the hits.

Which rounds a person may read is decided by :func:`shinchoku.accounts.permissions.visible_rounds`;
this module only combines that rule over every plan and never widens it.

Matching is ``LIKE '%key%'`` on the normalised column for every query length: one implementation.
Trigram indexes (SQLite FTS5, PostgreSQL pg_trgm) cannot serve 1–2 character queries (福祉, 後見),
and at our sizes the scan is cheap next to rendering the page: on SQLite it takes 1.7 ms for the
521 entries of the scale-1 demo and 7–14 ms for the 4,841 of scale 10, of a 24 ms page
(docs/benchmarks.md, "Web latency"). PostgreSQL also gets a pg_trgm index (migration 0001), which
its planner uses for 3+ characters.
"""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch
from django.utils.safestring import SafeString, mark_safe

from shinchoku.accounts.models import User
from shinchoku.accounts.permissions import visible_rounds
from shinchoku.core import fiscal_year as fy
from shinchoku.core.text import search_key
from shinchoku.evaluations.models import Entry, Round
from shinchoku.plans.models import Department, Plan, PlanNode, RatingCode
from shinchoku.search.highlight import highlight, snippet
from shinchoku.search.models import SearchDocument
from shinchoku.search.services import ENTRY_TEXT_FIELDS
from shinchoku.web.addresses import address

MAX_TERMS = 5


def query_terms(query: str) -> list[str]:
    """The search keys of the whitespace-separated words of ``query`` (full-width spaces too),
    without duplicates, at most :data:`MAX_TERMS`; every term must occur in a hit."""
    terms: list[str] = []
    for word in query.split():
        key = search_key(word)
        if key and key not in terms:
            terms.append(key)
    return terms[:MAX_TERMS]


def readable_rounds(user: User | AnonymousUser) -> QuerySet[Round]:
    """Every round ``user`` may read, over all plans: the union of :func:`visible_rounds`."""
    plans = Plan.objects.select_related("municipality")
    per_plan = [visible_rounds(user, plan).order_by() for plan in plans]
    return functools.reduce(operator.or_, per_plan) if per_plan else Round.objects.none()


@dataclass(frozen=True)
class Filters:
    """Optional narrowing of a search; None means "any"."""

    fiscal_year: int | None = None
    policy_id: int | None = None
    department_id: int | None = None
    rating_code: str | None = None


@dataclass(frozen=True)
class FilterChoices:
    """The values a person can pick in the filter form, from what they may read: years, and
    (id, label) pairs of the nodes at the plans' evaluation level and of departments, and rating
    codes. ``policy_label`` names that level as the plans do (施策, 基本方針 …; several names
    joined when the readable plans differ)."""

    fiscal_years: list[int]
    policy_label: str
    policies: list[tuple[int, str]]
    departments: list[tuple[int, str]]
    rating_codes: list[str]


def filter_choices(rounds: QuerySet[Round]) -> FilterChoices:
    """Years of the readable rounds, and the nodes at the evaluation level, departments and
    rating codes of their plans.

    Four queries plus one per plan; labels are read as values, not models (a plan has ~100 of them).
    """
    plans = list(Plan.objects.filter(pk__in=rounds.values("plan_id")))
    years = sorted(set(rounds.values_list("fiscal_year", flat=True)), reverse=True)
    policies = [
        (pk, f"{code} {title or '(名称なし)'}")
        for plan in plans
        for pk, code, title in plan.nodes.filter(level=plan.evaluation_level)
        .order_by("position", "pk")
        .values_list("pk", "code", "title")
    ]
    departments = list(
        Department.objects.filter(municipality__plans__in=plans)
        .distinct()
        .order_by("position", "name")
        .values_list("pk", "name")
    )
    codes = RatingCode.objects.filter(scale__plans__in=plans).order_by("position")
    rating_codes = list(dict.fromkeys(codes.values_list("code", flat=True)))
    policy_label = "・".join(dict.fromkeys(plan.evaluation_level_label for plan in plans)) or "項目"
    return FilterChoices(years, policy_label, policies, departments, rating_codes)


def matching_entries(rounds: QuerySet[Round], terms: list[str], filters: Filters, *, visible: Q) -> list[int]:
    """The ids of the entries of ``rounds`` whose document holds every term, narrowed by
    ``filters`` and by ``visible`` (a filter on search documents, see
    :func:`shinchoku.accounts.permissions.visible_entries`), newest year first and then in plan
    order; empty when there are no terms.

    One query: the scan finds all matches at once, so counting and paging need no second scan.
    """
    if not terms:
        return []
    documents = SearchDocument.objects.filter(visible, round__in=rounds.values("pk"))
    for term in terms:
        documents = documents.filter(key__contains=term)
    if filters.fiscal_year is not None:
        documents = documents.filter(fiscal_year=filters.fiscal_year)
    if filters.policy_id is not None:
        documents = documents.filter(policy_id=filters.policy_id)
    if filters.department_id is not None:
        documents = documents.filter(department_id=filters.department_id)
    if filters.rating_code is not None:
        documents = documents.filter(rating__code=filters.rating_code)
    ordered = documents.order_by("-fiscal_year", "project_id", "department__position", "pk")
    return list(ordered.values_list("entry_id", flat=True))


@dataclass(frozen=True)
class Hit:
    """One result row: the entry with its project title and snippet marked up safely."""

    entry: Entry
    url: str
    title: SafeString
    department: SafeString
    field_label: str
    snippet: SafeString | None

    @property
    def fiscal_year_label(self) -> str:
        return fy.format_with_seireki(self.entry.round.fiscal_year)


def project_url(user: User | AnonymousUser, project: PlanNode) -> str:
    """The page of ``project``: the public site's for visitors when it exists, else the staff site's."""
    names = ["web:project"] if user.is_authenticated else ["public:project", "web:project"]
    for name in names:
        try:
            return address(name, project.plan_id, project.pk)
        except NoReverseMatch:
            continue
    raise NoReverseMatch("no project page is registered (public:project or web:project)")


def _labelled_texts(entry: Entry) -> list[tuple[str, str]]:
    fields = [(label, getattr(entry, name)) for name, label in ENTRY_TEXT_FIELDS.items()]
    return [*fields, ("事業内容", entry.project.description)]


def build_hits(user: User | AnonymousUser, entry_ids: list[int], terms: list[str]) -> list[Hit]:
    """Hits for one page of entries, in this order, in one query. The texts are escaped by :mod:`.highlight`
    before ``<mark>`` is added, which is what makes ``mark_safe`` correct here."""
    entries = Entry.objects.select_related("round", "project", "department", "rating").in_bulk(entry_ids)
    hits = []
    for entry_id in entry_ids:
        entry = entries[entry_id]
        label, marked = next(
            ((label, found) for label, text in _labelled_texts(entry) if (found := snippet(text, terms))),
            ("", None),
        )
        hits.append(
            Hit(
                entry=entry,
                url=project_url(user, entry.project),
                title=mark_safe(highlight(entry.project.display_title, terms)),
                department=mark_safe(highlight(entry.department.name, terms)),
                field_label=label,
                snippet=mark_safe(marked) if marked is not None else None,
            )
        )
    return hits
