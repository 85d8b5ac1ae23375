"""Read queries behind the plan pages, returning dataclasses ready for templates.

Every function runs a fixed number of queries whatever the size of the plan: the plan's nodes,
owners, entries and evaluations are each fetched once and assembled in Python. Which rounds a
person may read is decided by :mod:`shinchoku.accounts.permissions`; these functions take the
rounds they are given and never widen them.

- :mod:`.index`: loading a plan once (private to this package)
- :mod:`.tree`: the plans on the home page, a plan's tree, one node's subtree
- :mod:`.sheet`: the policy sheet of a 施策
- :mod:`.history`: one project over the years
"""

from shinchoku.evaluations.selectors.history import (
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
    PlanSummary,
    PlanTree,
    TreeNode,
    is_policy,
    node_overview,
    plan_summaries,
    plan_tree,
)

__all__ = [
    "DepartmentRating",
    "DepartmentText",
    "IndicatorRow",
    "LegendItem",
    "NodeOverview",
    "PlanSummary",
    "PlanTree",
    "PolicySheet",
    "ProjectHistory",
    "RoundHistory",
    "SheetRow",
    "SheetSection",
    "TreeNode",
    "is_policy",
    "node_overview",
    "plan_summaries",
    "plan_tree",
    "policy_sheet",
    "project_history",
]
