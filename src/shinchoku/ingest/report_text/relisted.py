"""Which project each 再掲 row of a report repeats, decided from the report alone.

Pure (no Django): the dry run and the import both call :func:`resolve_relisted` through
:func:`~shinchoku.ingest.report_text.parse.parse_report`, so they flag the same doubtful links and
count the same review items.
"""

from __future__ import annotations

from collections import defaultdict

from shinchoku.core.text import common_prefix_length, search_key
from shinchoku.ingest.report_text.document import ParsedProject, ReviewItem

# A cross-listing whose name differs from its original must share at least this many leading
# characters with it (after normalisation) to be linked by name within the cited 取組.
MIN_SHARED_PREFIX = 6


def project_codes(projects: list[ParsedProject]) -> dict[int, str]:
    """The code each project is stored under (``<policy>-<initiative>-<position>``), by ``seq``."""
    positions: dict[tuple[str, int], int] = defaultdict(int)
    codes = {}
    for project in projects:
        key = (project.policy, project.initiative)
        positions[key] += 1
        codes[project.seq] = f"{project.policy}-{project.initiative}-{positions[key]}"
    return codes


def resolve_relisted(projects: list[ParsedProject]) -> None:
    """Set ``original_seq`` of every 再掲 project: the project of the same name anywhere in the
    report, else the project of the cited 取組 (``3-2-①の再掲``) whose name shares the longest
    beginning with it (flagged for review), else none (flagged)."""
    codes = project_codes(projects)
    originals: dict[str, ParsedProject] = {}
    by_initiative: dict[str, list[ParsedProject]] = defaultdict(list)
    for project in projects:
        if not project.relisted:
            originals.setdefault(search_key(project.name), project)
            by_initiative[f"{project.policy}-{project.initiative}"].append(project)
    for project in projects:
        if not project.relisted:
            continue
        key = search_key(project.name)
        if key in originals:
            project.original_seq = originals[key].seq
            continue
        candidates = by_initiative.get(project.relisted_from or "", [])
        shared = {other.seq: common_prefix_length(key, search_key(other.name)) for other in candidates}
        best = max(candidates, key=lambda other: shared[other.seq], default=None)
        if best is not None and shared[best.seq] >= MIN_SHARED_PREFIX:
            project.original_seq = best.seq
            message = (
                f"再掲の事業「{project.name}」の掲載元を、名称の前半が一致する「{best.name}」"
                f"({codes[best.seq]})と判断しました。正しいか確認してください。"
            )
        else:
            message = f"再掲の事業「{project.name}」の掲載元が見つかりません。掲載元を確認してください。"
        project.needs_review.append(ReviewItem("relisted", project.line, message, project.name_raw))
