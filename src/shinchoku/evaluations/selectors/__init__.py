"""Read queries behind the plan pages, returning dataclasses ready for templates.

Every function runs a fixed number of queries whatever the size of the plan: the plan's nodes,
owners, entries and evaluations are each fetched once and assembled in Python. Which rounds a
person may read is decided by :mod:`shinchoku.accounts.permissions`; these functions take the
rounds they are given and never widen them.

- :mod:`.index`: loading a plan once (private to this package)
- :mod:`.shared`: the entries of projects shared by plans (共通事業), from the other plan's round
- :mod:`.tree`: the plans on the home page, a plan's tree, the outlines of the plan and node pages
- :mod:`.sheet`: the policy sheet of a 施策
- :mod:`.history`: one project over the years
- :mod:`.dashboard`: a plan's counts per group and year-on-year changes
- :mod:`.department`: one department's projects and what it still owes
"""

from shinchoku.evaluations.selectors.dashboard import (
    Breakdown,
    BreakdownRow,
    Changes,
    Dashboard,
    ProjectChange,
    dashboard,
)
from shinchoku.evaluations.selectors.department import (
    DepartmentPage,
    DepartmentProject,
    MissingEntry,
    YearRating,
    YearTally,
    department_page,
)
from shinchoku.evaluations.selectors.history import (
    IndicatorCell,
    IndicatorRow,
    ProjectHistory,
    RoundHistory,
    project_history,
)
from shinchoku.evaluations.selectors.index import DepartmentRating
from shinchoku.evaluations.selectors.sheet import (
    DepartmentText,
    LegendItem,
    PolicySheet,
    SheetRow,
    SheetSection,
    policy_sheet,
)
from shinchoku.evaluations.selectors.tree import (
    NodeOverview,
    OutlineRow,
    PlanOutline,
    PlanSummary,
    PlanTree,
    TreeNode,
    is_policy,
    node_overview,
    plan_outline,
    plan_summaries,
    plan_tree,
    projects_below,
)

__all__ = [
    "Breakdown",
    "BreakdownRow",
    "Changes",
    "Dashboard",
    "DepartmentPage",
    "DepartmentProject",
    "DepartmentRating",
    "DepartmentText",
    "IndicatorCell",
    "IndicatorRow",
    "LegendItem",
    "MissingEntry",
    "NodeOverview",
    "OutlineRow",
    "PlanOutline",
    "PlanSummary",
    "PlanTree",
    "PolicySheet",
    "ProjectChange",
    "ProjectHistory",
    "RoundHistory",
    "SheetRow",
    "SheetSection",
    "TreeNode",
    "YearRating",
    "YearTally",
    "dashboard",
    "department_page",
    "is_policy",
    "node_overview",
    "plan_outline",
    "plan_summaries",
    "plan_tree",
    "policy_sheet",
    "project_history",
    "projects_below",
]
