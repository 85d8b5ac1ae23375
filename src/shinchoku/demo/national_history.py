"""One generated plan's years as rows: rounds in every state, department entries, consolidated
evaluations, indicator actuals, committee opinions and the search documents (for :mod:`.national`).

Each plan has three rounds, the last ones up to the current fiscal year, in one of
:data:`STATE_PATTERNS` (taken in turn over the dataset, so a handful of plans shows every state):

- 公表済 (published): every entry approved and written, a rating walking from year to year;
- 締切済 / 確認中 (closed / review): entries written and submitted, most approved, a few returned;
- 照会中 (collecting): some departments done, some drafting, some not started (as the demo);
- 準備中 (preparing): the blank entries :func:`~shinchoku.evaluations.services.rounds.open_round`
  leaves, with last year's targets carried over.

The texts come from :mod:`.writing` (the demo's sentences). A project several departments
evaluate gets the evaluation the services would have recorded: the plan's rule applied to the
departments' approved ratings (:func:`~shinchoku.core.ratings.consolidate_project`), nothing
under the rule manual until the round is published, when the 事務局 has decided. Each published
round also has the 事務局's rating of every node at the plan's evaluation level. The search
document of each entry is written beside it, keyed by
:func:`~shinchoku.search.services.document_key` over the texts in the order search reads them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from shinchoku.core.ratings import ABC, ConsolidationRule, Scale, consolidate, consolidate_project
from shinchoku.demo import writing
from shinchoku.demo.history import DEADLINE_DAYS_AHEAD, DONE_SHARE, DRAFTING_SHARE, JST, NUDGE_CHANCE
from shinchoku.demo.national_loader import RowLoader
from shinchoku.demo.national_plans import GeneratedPlan, GeneratedProject
from shinchoku.demo.structure import NON_RATING_CODE, quantise
from shinchoku.evaluations.models import CommitteeOpinion, Entry, IndicatorValue, NodeEvaluation, Round
from shinchoku.search.models import SearchDocument
from shinchoku.search.services import ENTRY_TEXT_FIELDS, document_key

State = Round.State
Status = Entry.Status
STATE_PATTERNS: tuple[tuple[State, ...], ...] = (
    (State.PUBLISHED, State.PUBLISHED, State.COLLECTING),
    (State.PUBLISHED, State.CLOSED, State.COLLECTING),
    (State.PUBLISHED, State.REVIEW, State.PREPARING),
)
WRITTEN_STATES = frozenset({State.PUBLISHED, State.CLOSED, State.REVIEW})
UNRATED_SHARE = 0.03
NON_RATING_SHARE = 0.02
RETURNED_SHARE = 0.03  # of the entries of a round under review, sent back to the department
OPINION_SHARE = 0.15


@dataclass
class _Track:
    """What carries over from year to year for one project and department."""

    rank: int
    final_target: str
    next_year_goal: str = ""


@dataclass
class PlanYears:
    """How many rows of each kind one plan's years wrote."""

    rounds: int = 0
    entries: int = 0
    node_evaluations: int = 0
    indicator_values: int = 0
    committee_opinions: int = 0


def write_years(
    loader: RowLoader,
    rng: random.Random,
    plan: GeneratedPlan,
    *,
    pattern: tuple[State, ...],
    current_fiscal_year: int,
    department_names: dict[int, str],
) -> PlanYears:
    """Write the plan's rounds, the last in ``current_fiscal_year``, and everything in them."""
    counts = PlanYears()
    tracks: dict[tuple[int, int], _Track] = {}
    first = current_fiscal_year - len(pattern) + 1
    for year, state in zip(range(first, current_fiscal_year + 1), pattern, strict=True):
        round_id = loader.add(Round, plan_id=plan.id, fiscal_year=year, **_round_dates(year, state))
        counts.rounds += 1
        writer = _RoundWriter(loader, rng, plan, round_id, year, state, department_names)
        for project in plan.projects:
            writer.project(project, tracks)
        writer.evaluate()
        writer.add_indicator_values()
        counts.entries += writer.entries
        counts.node_evaluations += writer.evaluations
        counts.indicator_values += writer.values
        if state == State.PUBLISHED:
            counts.committee_opinions += writer.add_opinions()
    return counts


def _round_dates(year: int, state: State) -> dict[str, object]:
    # Results of a fiscal year are collected the following spring and published in the autumn.
    deadline = date(year + 1, 5, 31)
    if state == State.PUBLISHED:
        return {
            "state": state.value,
            "deadline": deadline,
            "published_at": datetime(year + 1, 9, 30, 10, tzinfo=JST),
        }
    if state in (State.COLLECTING, State.PREPARING):
        # As the demo's: the collection closes a month after the data are generated.
        deadline = max(deadline, datetime.now(JST).date() + timedelta(days=DEADLINE_DAYS_AHEAD))
    return {"state": state.value, "deadline": deadline}


class _RoundWriter:
    """The entries, evaluations and actuals of one round."""

    def __init__(
        self,
        loader: RowLoader,
        rng: random.Random,
        plan: GeneratedPlan,
        round_id: int,
        year: int,
        state: State,
        department_names: dict[int, str],
    ) -> None:
        self.loader, self.rng, self.plan = loader, rng, plan
        self.round_id, self.year, self.state = round_id, year, state
        self.names = department_names
        self.scale = plan.shape.scale
        self.entries = self.evaluations = self.values = 0
        self.project_codes: dict[int, list[str | None]] = {}  # project id → approved codes by owner
        owners = sorted({owner for project in plan.projects for owner in project.owners})
        shuffled = rng.sample(owners, k=len(owners))
        done_count, drafting_count = round(len(owners) * DONE_SHARE), round(len(owners) * DRAFTING_SHARE)
        self.done = set(shuffled[:done_count])
        self.drafting = set(shuffled[done_count : done_count + drafting_count])

    def project(self, project: GeneratedProject, tracks: dict[tuple[int, int], _Track]) -> None:
        approved: list[str | None] = []
        for department_id in project.owners:
            track = tracks.get((project.id, department_id))
            if track is None:
                track = tracks[(project.id, department_id)] = self._start(project)
            else:
                track.rank = _drift(self.rng, track.rank, len(self.scale.ratings))
            values = {
                "progress": "",
                "reason": "",
                "next_year_goal": "",
                "year_target": track.next_year_goal or track.final_target,
                "final_target": track.final_target,
            }
            status, code = self._status(department_id), None
            if status != Status.DRAFT:
                code = self._fill(values, project, track)
            elif department_id in self.drafting and self.rng.random() < 0.5:
                values["progress"] = writing.draft_progress(self.rng, kw=project.keyword)
            approved.append(code if status == Status.APPROVED else None)
            rating_id = self.plan.codes[code] if code is not None else None
            entry_id = self.loader.add(
                Entry,
                round_id=self.round_id,
                project_id=project.id,
                department_id=department_id,
                rating_id=rating_id,
                status=status.value,
                review_comment="担当課で実績の数値を確認してください。" if status == Status.RETURNED else "",
                submitted_at=None if status == Status.DRAFT else self.loader.now,
                **values,
            )
            self.entries += 1
            texts = [project.title, project.description, self.names[department_id]]
            self.loader.add(
                SearchDocument,
                entry_id=entry_id,
                plan_id=self.plan.id,
                round_id=self.round_id,
                fiscal_year=self.year,
                project_id=project.id,
                policy_id=project.evaluated_id,
                department_id=department_id,
                rating_id=rating_id,
                key=document_key([*texts, *(values[name] for name in ENTRY_TEXT_FIELDS)]),
            )
        self.project_codes[project.id] = approved

    def _start(self, project: GeneratedProject) -> _Track:
        rank = self.rng.choices(
            range(len(self.scale.ratings)), weights=[4, 4, 2, 1, 1][: len(self.scale.ratings)]
        )
        target = writing.final_target(
            self.rng, name=project.title, kw=project.keyword, indicator=project.indicator_target
        )
        return _Track(rank[0], target)

    def _status(self, department_id: int) -> Status:
        state, roll = self.state, self.rng.random()
        if state == State.PUBLISHED or (state == State.CLOSED and roll < 0.9):
            return Status.APPROVED
        if state in (State.CLOSED, State.REVIEW):
            if roll < RETURNED_SHARE:
                return Status.RETURNED
            return Status.APPROVED if roll < 0.6 else self._submitted()
        if state == State.COLLECTING and department_id in self.done:
            return Status.APPROVED if roll < 0.5 else self._submitted()
        return Status.DRAFT

    def _submitted(self) -> Status:
        if self.plan.shape.requires_department_approval and self.rng.random() < 0.5:
            return Status.DEPARTMENT_APPROVED
        return Status.SUBMITTED

    def _fill(self, values: dict[str, str], project: GeneratedProject, track: _Track) -> str | None:
        """Write a finished entry's texts; return its code (None: left unrated)."""
        roll = self.rng.random()
        code: str | None = self.scale.ratings[track.rank]
        if roll < UNRATED_SHARE:
            code = None
        elif roll < UNRATED_SHARE + NON_RATING_SHARE and self.scale.non_ratings:
            code = self.rng.choice(self.scale.non_ratings)
        like = _abc_like(self.scale, code)
        values["progress"] = (
            writing.suspended_progress()
            if like == NON_RATING_CODE
            else writing.progress(self.rng, kw=project.keyword)
        )
        values["reason"] = writing.reason(self.rng, like)
        values["next_year_goal"] = writing.next_year_goal(self.rng, name=project.title, kw=project.keyword)
        track.next_year_goal = values["next_year_goal"]
        return code

    def evaluate(self) -> None:
        """The evaluations of projects several departments evaluate and, once published, of the
        nodes at the plan's evaluation level."""
        rule, published = self.plan.shape.rule, self.state == State.PUBLISHED
        by_node: dict[int, list[str | None]] = {}
        for project in self.plan.projects:
            codes = self.project_codes[project.id]
            rating: str | None = codes[0]
            stored_rule: ConsolidationRule | None
            if len(codes) > 1:
                if rule is ConsolidationRule.MANUAL:
                    rating = consolidate_project(self.scale, codes, ConsolidationRule.LOWEST).rating
                    stored_rule = rule if published else None
                else:
                    suggestion = consolidate_project(self.scale, codes, rule)
                    rating, stored_rule = suggestion.rating, suggestion.rule
                if stored_rule is not None and rating is not None:
                    self._evaluation(project.id, rating, stored_rule, "")
            by_node.setdefault(project.evaluated_id, []).append(rating)
        if not published:
            return
        for node_id, _title in self.plan.evaluated:
            computed = consolidate(self.scale, by_node.get(node_id, []), ConsolidationRule.MOST_COMMON).rating
            rating = _nudge(self.rng, self.scale, computed)
            comment = writing.secretariat_comment(self.rng, _abc_like(self.scale, rating))
            self._evaluation(node_id, rating, ConsolidationRule.MANUAL, comment)

    def _evaluation(self, node_id: int, code: str | None, rule: ConsolidationRule, comment: str) -> None:
        rating_id = self.plan.codes[code] if code is not None else None
        self.loader.add(
            NodeEvaluation,
            round_id=self.round_id,
            node_id=node_id,
            rating_id=rating_id,
            rule=rule.value,
            comment=comment,
        )
        self.evaluations += 1

    def add_indicator_values(self) -> None:
        """The year's actual of each indicator, once its lead department has written the year."""
        span = self.plan.last_year - (self.plan.first_year - 1)
        for project in self.plan.projects:
            if project.indicator is None or (
                self.project_codes[project.id][0] is None and self.state not in WRITTEN_STATES
            ):
                continue
            unit, baseline, target = project.indicator
            pace = 0.7 + 0.6 * self.rng.random()
            noise = self.rng.uniform(-0.08, 0.08) * abs(float(target - baseline))
            passed = self.year - (self.plan.first_year - 1)
            value = float(baseline) + float(target - baseline) * pace * passed / span + noise
            if unit == "%":
                value = min(value, 100.0)
            self.loader.add(
                IndicatorValue,
                indicator_id=project.indicator_id,
                fiscal_year=self.year,
                value=quantise(value, unit),
            )
            self.values += 1

    def add_opinions(self) -> int:
        """Committee opinions (委員意見) on some nodes at the evaluation level."""
        count = max(1, round(len(self.plan.evaluated) * OPINION_SHARE))
        written = 0
        for node_id, title in self.rng.sample(self.plan.evaluated, k=min(count, len(self.plan.evaluated))):
            pairs = writing.committee_opinions(self.rng, policy=title, count=self.rng.randint(1, 2))
            for position, (opinion, response) in enumerate(pairs):
                self.loader.add(
                    CommitteeOpinion,
                    round_id=self.round_id,
                    node_id=node_id,
                    position=position,
                    opinion=opinion,
                    response=response,
                )
                written += 1
        return written


def _abc_like(scale: Scale, code: str | None) -> str | None:
    """The demo sentence family of ``code``: A, B or C by its rank on the scale, ``−`` for a
    non-rating code, None when unrated (see :func:`.writing.reason`)."""
    if code is None:
        return None
    rank = scale.rank(code)
    if rank is None:
        return NON_RATING_CODE
    return ABC.ratings[min(len(ABC.ratings) - 1, rank * len(ABC.ratings) // len(scale.ratings))]


def _drift(rng: random.Random, rank: int, count: int) -> int:
    """A rating moves a step up or down now and then from one year to the next."""
    roll = rng.random()
    if roll < 0.18:
        return max(rank - 1, 0)
    if roll < 0.33:
        return min(rank + 1, count - 1)
    return rank


def _nudge(rng: random.Random, scale: Scale, code: str | None) -> str | None:
    """The 事務局 sometimes rates a node one step away from the computed rating."""
    rank = scale.rank(code) if code is not None else None
    if rank is None or rng.random() >= NUDGE_CHANCE:
        return code
    return scale.ratings[min(max(rank + rng.choice((-1, 1)), 0), len(scale.ratings) - 1)]
