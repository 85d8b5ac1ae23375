"""Reading the search index: the filter choices, the matches and the hits, within the rounds a
person may read (see :mod:`shinchoku.search.scope`).

Matching is ``LIKE '%key%'`` on the normalised column for every query length: one implementation.
Trigram indexes (SQLite FTS5, PostgreSQL pg_trgm) cannot serve 1–2 character queries (福祉, 後見),
and at one city's sizes the scan is cheap next to rendering the page: on SQLite it takes 1.7 ms for
the 521 entries of the scale-1 demo and 7–14 ms for the 4,841 of scale 10, of a 24 ms page
(docs/benchmarks.md, "Web latency"). PostgreSQL also gets a pg_trgm index (migration 0001), which
its planner uses for 3+ characters, and a bigram index (migration 0003) that a 2-character word
searched over every city adds as a second condition beside its ``LIKE``. A national deployment is
searched one city or prefecture at a time (the round index), or over every city for the first
matches only (``limit``); see bench/search_national.py.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.urls import NoReverseMatch
from django.utils.safestring import SafeString, mark_safe

from shinchoku.accounts.models import User
from shinchoku.core import fiscal_year as fy
from shinchoku.core.reorganisation import name_in_year
from shinchoku.core.text import search_key
from shinchoku.evaluations.models import Entry, Round
from shinchoku.plans.models import Department, DepartmentNameChange, PlanNode, RatingCode
from shinchoku.search.highlight import highlight, snippet
from shinchoku.search.models import SearchDocument
from shinchoku.search.scope import Listing, Match, SearchScope
from shinchoku.search.services import ENTRY_TEXT_FIELDS
from shinchoku.web.addresses import address

MAX_TERMS = 5
# Plans are offered without a city chosen only up to this many: a national search would otherwise
# list thousands (a city, chosen first, has a few).
MAX_PLAN_CHOICES = 50


def query_terms(query: str) -> list[str]:
    """The search keys of the whitespace-separated words of ``query`` (full-width spaces too),
    without duplicates, at most :data:`MAX_TERMS`; every term must occur in a hit."""
    terms: list[str] = []
    for word in query.split():
        key = search_key(word)
        if key and key not in terms:
            terms.append(key)
    return terms[:MAX_TERMS]


@dataclass(frozen=True)
class Filters:
    """Optional narrowing of a search; None means "any". The city and plan are applied to the
    matches (see :func:`shinchoku.search.facets.narrow`), the others in the scan."""

    fiscal_year: int | None = None
    policy_id: int | None = None
    department_id: int | None = None
    rating_code: str | None = None
    municipality_id: int | None = None
    plan_id: int | None = None


@dataclass(frozen=True)
class FilterChoices:
    """The values a person can pick in the filter form, from what they may read: cities, plans
    (of the chosen city only, or of every city while they are at most :data:`MAX_PLAN_CHOICES`),
    years, rating codes, and (id, label) pairs of the nodes at the
    evaluation level of ``policy_plan`` and of the departments of ``department_city``.

    Nodes are offered once the search is down to one plan (``policy_plan``, chosen or the only one)
    and departments once it is down to one city: listing every plan's nodes and every city's
    departments would make the page grow with the number of cities, and their labels ambiguous.
    ``policy_label`` names the evaluation level as the plans in reach do (施策, 基本方針 …; several
    names joined when they differ)."""

    municipalities: list[tuple[int, str]]
    plans: list[tuple[int, str]]
    fiscal_years: list[int]
    policy_label: str
    policy_plan: int | None
    policies: list[tuple[int, str]]
    department_city: int | None
    departments: list[tuple[int, str]]
    rating_codes: list[str]


def filter_choices(
    scope: SearchScope, *, municipality_id: int | None = None, plan_id: int | None = None
) -> FilterChoices:
    """The choices of the filter form over ``scope``, narrowed to the city ``municipality_id`` and
    the plan ``plan_id`` when given (ids of the scope's; the form checks them first).

    At most three queries whatever the number of plans; labels are read as values, not models (a
    plan has ~100 nodes at its evaluation level).
    """
    city_plans = scope.plans_of(municipality_id)
    chosen = [plan for plan in city_plans if plan_id in (None, plan.pk)]
    chosen_ids = {plan.pk for plan in chosen}
    years = sorted({year for pk, year in scope.readable_years if pk in chosen_ids}, reverse=True)
    policy_plan = chosen[0] if len(chosen) == 1 else None
    policies = []
    if policy_plan is not None:
        nodes = policy_plan.nodes.filter(level=policy_plan.evaluation_level).order_by("position", "pk")
        rows = nodes.values_list("pk", "code", "title")
        policies = [(pk, f"{code} {title or '(名称なし)'}") for pk, code, title in rows]
    cities = {plan.municipality_id for plan in chosen}
    department_city = next(iter(cities)) if len(cities) == 1 else None
    departments = []
    if department_city is not None:
        in_city = Department.objects.filter(municipality_id=department_city).order_by("position", "name")
        departments = list(in_city.values_list("pk", "name"))
    codes = RatingCode.objects.filter(scale_id__in={plan.rating_scale_id for plan in chosen})
    rating_codes = list(dict.fromkeys(codes.order_by("position").values_list("code", flat=True)))
    policy_label = "・".join(dict.fromkeys(plan.evaluation_level_label for plan in chosen)) or "項目"
    offered = municipality_id is not None or len(city_plans) <= MAX_PLAN_CHOICES
    return FilterChoices(
        municipalities=scope.municipalities,
        plans=[(plan.pk, scope.plan_label(plan)) for plan in city_plans] if offered else [],
        fiscal_years=years,
        policy_label=policy_label,
        policy_plan=policy_plan.pk if policy_plan is not None else None,
        policies=policies,
        department_city=department_city,
        departments=departments,
        rating_codes=rating_codes,
    )


def _projects_shown_under(policy_id: int) -> list[int]:
    """The projects of other plans that nodes under ``policy_id`` show (共通事業): a plan may
    consolidate a shared project under its own node. One query, over the policy's plan."""
    nodes = {
        pk: (parent_id, shared_from_id)
        for pk, parent_id, shared_from_id in PlanNode.objects.filter(plan__nodes=policy_id).values_list(
            "pk", "parent_id", "shared_from_id"
        )
    }
    shown = []
    for pk, (_, shared_from_id) in nodes.items():
        if shared_from_id is None:
            continue
        node: int | None = pk
        while node is not None and node != policy_id:
            node = nodes[node][0] if node in nodes else None
        if node == policy_id:
            shown.append(shared_from_id)
    return shown


BIGRAM = 2


def _holds_bigram(term: str) -> RawSQL:
    """On PostgreSQL, the keys holding the 2-character ``term`` through the bigram index (migration
    0003), beside the ``LIKE`` that checks it: pg_trgm's index cannot serve 2 characters. Only for a
    search of every city: within a city or a prefecture the round index finds fewer rows, and the
    condition checked row by row (computing each key's bigrams) would cost more than it saves."""
    return RawSQL(
        'search_bigrams("search_searchdocument"."key") @> ARRAY[%s]::text[]', (term,), BooleanField()
    )


def matching_entries(
    rounds: QuerySet[Round] | list[int],
    terms: list[str],
    filters: Filters,
    *,
    visible: Q,
    limit: int | None = None,
) -> list[Match]:
    """The entries of ``rounds`` (the readable rounds, see :mod:`shinchoku.search.scope`, or their
    ids) whose document holds every term, narrowed by the year, node,
    department and rating of ``filters`` and by ``visible`` (a filter on search documents, see
    :func:`shinchoku.accounts.permissions.visible_entries`), newest year first and then in plan
    order; empty when there are no terms. The city and plan filters are not applied here: the
    counts per city and plan are read from these matches (see :mod:`shinchoku.search.facets`).

    One query (two with a node filter): the scan finds all matches at once, so counting and paging
    need no second scan. With ``limit`` (a search of every city of a national deployment) only the
    first ``limit`` matches are read, newest year first and then by project in the order of the
    index on (year, project), which the database walks backwards and stops early: a 2-character word
    found in a quarter of a million entries costs no more than a page of them (see
    bench/search_national.py).
    """
    if not terms:
        return []
    documents = SearchDocument.objects.filter(visible, round_id__in=rounds)
    for term in terms:
        documents = documents.filter(key__contains=term)
        if limit is not None and len(term) == BIGRAM and connection.vendor == "postgresql":
            documents = documents.filter(_holds_bigram(term))
    if filters.fiscal_year is not None:
        documents = documents.filter(fiscal_year=filters.fiscal_year)
    if filters.policy_id is not None:
        shown = _projects_shown_under(filters.policy_id)
        documents = documents.filter(Q(policy_id=filters.policy_id) | Q(project_id__in=shown))
    if filters.department_id is not None:
        documents = documents.filter(department_id=filters.department_id)
    if filters.rating_code is not None:
        documents = documents.filter(rating__code=filters.rating_code)
    if limit is not None:
        newest = documents.order_by("-fiscal_year", "-project_id", "-pk")
        return list(newest.values_list("entry_id", "plan_id", "project_id", "fiscal_year")[:limit])
    ordered = documents.order_by("-fiscal_year", "project_id", "department__position", "pk")
    rows = ordered.values_list("entry_id", "plan_id", "project_id", "fiscal_year")
    return list(rows)


@dataclass(frozen=True)
class SharedListing:
    """Another plan showing a hit's project (共通事業): its title, the node's 番号 there, its page."""

    plan: str
    code: str
    url: str


@dataclass(frozen=True)
class Hit:
    """One result row: the entry with its project title and snippet marked up safely, the city and
    plan it was entered in, and the other plans showing its project."""

    entry: Entry
    url: str
    title: SafeString
    department: SafeString
    field_label: str
    snippet: SafeString | None
    municipality: str
    plan: str
    shared_in: list[SharedListing]

    @property
    def fiscal_year_label(self) -> str:
        return fy.format_with_seireki(self.entry.round.fiscal_year)


def project_url(user: User | AnonymousUser, plan_id: int, node_id: int) -> str:
    """The page of project ``node_id`` of plan ``plan_id``: the public site's for visitors when it
    exists, else the staff site's."""
    names = ["web:project"] if user.is_authenticated else ["public:project", "web:project"]
    for name in names:
        try:
            return address(name, plan_id, node_id)
        except NoReverseMatch:
            continue
    raise NoReverseMatch("no project page is registered (public:project or web:project)")


def _labelled_texts(entry: Entry) -> list[tuple[str, str]]:
    fields = [(label, getattr(entry, name)) for name, label in ENTRY_TEXT_FIELDS.items()]
    return [*fields, ("事業内容", entry.project.description)]


def _shared_listing(user: User | AnonymousUser, listing: Listing) -> SharedListing:
    url = project_url(user, listing.plan.pk, listing.node_id)
    return SharedListing(listing.plan.title, listing.code, url)


def build_hits(
    user: User | AnonymousUser, matches: list[Match], terms: list[str], scope: SearchScope
) -> list[Hit]:
    """Hits for one page of matches, in this order, in two queries (the entries, and the names
    their departments had before a rename: the department is named as it was in the entry's
    year). The texts are escaped by :mod:`.highlight` before ``<mark>`` is added, which is what makes
    ``mark_safe`` correct here."""
    related = ("round", "project", "department", "rating")
    entries = Entry.objects.select_related(*related).in_bulk([entry_id for entry_id, _, _, _ in matches])
    renames: dict[int, list[tuple[int, str]]] = defaultdict(list)
    departments = {entry.department_id for entry in entries.values()}
    for department_id, year, name in DepartmentNameChange.objects.filter(
        department_id__in=departments
    ).values_list("department_id", "fiscal_year", "previous_name"):
        renames[department_id].append((year, name))
    hits = []
    for match in matches:
        entry_id, _, _, fiscal_year = match
        entry = entries[entry_id]
        label, marked = next(
            ((label, found) for label, text in _labelled_texts(entry) if (found := snippet(text, terms))),
            ("", None),
        )
        own, *others = scope.listings(match, entry.project.code)
        department_name = name_in_year(entry.department.name, renames[entry.department_id], fiscal_year)
        hits.append(
            Hit(
                entry=entry,
                url=project_url(user, entry.project.plan_id, entry.project_id),
                title=mark_safe(highlight(entry.project.display_title, terms)),
                department=mark_safe(highlight(department_name, terms)),
                field_label=label,
                snippet=mark_safe(marked) if marked is not None else None,
                municipality=own.plan.municipality.name,
                plan=own.plan.title,
                shared_in=[_shared_listing(user, other) for other in others],
            )
        )
    return hits
