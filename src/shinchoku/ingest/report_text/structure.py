"""The plan tree as the pages reveal it: goals, policies and initiatives, repaired across pages.

Every page repeats its goal and policy headings, each with its own extraction noise. A heading is
matched to what earlier pages established: a policy whose title was already seen is that policy
whatever its printed code says ('施策 - 2' after '施策 I - 2' with the same title); a missing
digit is otherwise taken from the page's goal heading, or guessed from the sequence and reported.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from shinchoku.core.text import search_key
from shinchoku.ingest.report_text.document import ParsedGoal, ParsedInitiative, ParsedPolicy, ReviewItem
from shinchoku.ingest.report_text.headers import GoalHeading, InitiativeHeading, PolicyHeading


@dataclass(frozen=True)
class _InitiativeReading:
    title: str
    joined: bool
    line: int


@dataclass
class Structure:
    goals: dict[int, ParsedGoal] = field(default_factory=dict)
    policies: dict[str, ParsedPolicy] = field(default_factory=dict)
    review: list[ReviewItem] = field(default_factory=list)  # document-level items
    _readings: dict[tuple[str, int], list[_InitiativeReading]] = field(default_factory=dict)

    # -- goals and policies --------------------------------------------------------------------
    def _goal_by_title(self, title: str) -> int | None:
        key = search_key(title)
        return next(
            (goal.number for goal in self.goals.values() if key and search_key(goal.title) == key), None
        )

    def _policy_by_title(self, title: str) -> ParsedPolicy | None:
        key = search_key(title)
        return next((p for p in self.policies.values() if key and search_key(p.title) == key), None)

    def enter_page(
        self,
        goal: GoalHeading | None,
        goal_line: int | None,
        heading: PolicyHeading,
        line: int,
        raw: str,
        current_goal: int | None,
    ) -> ParsedPolicy:
        """The policy a page belongs to, created on its first page."""
        page_goal = None
        if goal is not None:
            page_goal = goal.number if goal.number is not None else self._goal_by_title(goal.title)
        known = self._policy_by_title(heading.title)
        if known is not None:
            printed = (heading.goal, heading.number)
            if any(
                value is not None and value != expected
                for value, expected in zip(printed, (known.goal, known.number), strict=True)
            ):
                known.needs_review.append(
                    ReviewItem(
                        "code",
                        line,
                        f"見出しの番号がタイトルと合いません。タイトルが同じ施策{known.code}のページとして読みました。確認してください。",
                        raw,
                    )
                )
            self._record_goal(known.goal, goal, goal_line or line)
            return known
        guesses = []
        goal_number = heading.goal or page_goal
        if goal_number is None:
            goal_number = current_goal or 1
            guesses.append(f"目標の番号が読めないため、前のページから目標{goal_number}としました")
        elif heading.goal is not None and page_goal is not None and heading.goal != page_goal:
            guesses.append(
                f"施策番号の目標({heading.goal})と目標の見出し({page_goal})が異なります。施策番号に従いました"
            )
        number = heading.number
        if number is None:
            number = 1 + max((p.number for p in self.policies.values() if p.goal == goal_number), default=0)
            guesses.append(f"施策の番号が読めないため、順番から{number}番目としました")
        code = f"{goal_number}-{number}"
        self._record_goal(goal_number, goal, goal_line or line)
        policy = self.policies.get(code)
        if policy is None:
            policy = ParsedPolicy(code, goal_number, number, heading.title, "", None, line)
            self.policies[code] = policy
            if not heading.title:
                policy.needs_review.append(
                    ReviewItem("title", line, "施策名が読めません。施策名を入力してください。", raw)
                )
        elif heading.title and search_key(heading.title) != search_key(policy.title):
            policy.needs_review.append(
                ReviewItem(
                    "title",
                    line,
                    f"施策{code}の名称がページによって異なります(「{policy.title}」と「{heading.title}」)。確認してください。",
                    raw,
                )
            )
        if guesses:
            policy.needs_review.append(
                ReviewItem("code", line, "。".join(guesses) + "。施策の番号を確認してください。", raw)
            )
        return policy

    def _record_goal(self, number: int, heading: GoalHeading | None, line: int) -> None:
        if number in self.goals:
            goal = self.goals[number]
            if not goal.title and heading is not None and heading.title:
                goal.title = heading.title
            return
        title = heading.title if heading is not None else ""
        self.goals[number] = ParsedGoal(number, title, line)
        if not title:
            self.review.append(
                ReviewItem("goal", line, f"目標{number}の名称が読めません。名称を入力してください。")
            )

    # -- initiatives ---------------------------------------------------------------------------
    def add_initiative(
        self, policy: ParsedPolicy, heading: InitiativeHeading, line: int, previous: int | None
    ) -> int:
        """Record one printing of a 取組 heading; return its number."""
        number = heading.number
        if number is None:
            number = (previous or 0) + 1
            policy.needs_review.append(
                ReviewItem(
                    "initiative",
                    line,
                    f"取組の番号(①など)が読めないため、順番から{number}番目としました。確認してください。",
                    heading.title,
                )
            )
        self._readings.setdefault((policy.code, number), []).append(
            _InitiativeReading(heading.title, heading.joined, line)
        )
        return number

    def placeholder_initiative(self, policy: ParsedPolicy, line: int) -> int:
        """The initiative for rows printed before any 取組 heading of their policy: the policy's
        last initiative, or a nameless first one."""
        numbers = [number for code, number in self._readings if code == policy.code]
        if numbers:
            return max(numbers)
        self._readings[(policy.code, 1)] = [_InitiativeReading("", False, line)]
        return 1

    def initiatives(self) -> list[ParsedInitiative]:
        """Each initiative once, titled by its best printing.

        A title printed in one cell beats one assembled from split cells; among equals the most
        common wins. An assembled title that no other page confirms is sent to review, because
        the characters at a split are often garbled ('支援活' + '舌動').
        """
        result = []
        for (code, number), readings in self._readings.items():
            whole = [reading for reading in readings if not reading.joined] or readings
            counts = Counter(reading.title for reading in whole)
            title, seen = counts.most_common(1)[0]
            first = next(reading for reading in whole if reading.title == title)
            result.append(ParsedInitiative(code, number, title, readings[0].line))
            if not title:
                self.policies[code].needs_review.append(
                    ReviewItem(
                        "initiative", first.line, f"取組{number}の名称が読めません。名称を入力してください。"
                    )
                )
            elif first.joined and seen < 2:
                self.policies[code].needs_review.append(
                    ReviewItem(
                        "initiative",
                        first.line,
                        f"取組{number}の名称が複数のセルに分かれていたため、つなげて「{title}」と読みました。"
                        "つなぎ目の文字が正しいか確認してください。",
                        title,
                    )
                )
        return result
