"""Stable identifiers of open data: the same project keeps the same id in every year's files.

An id is built from keys that are printed in the published report or fixed when the plan is
created, never from an order of rows:

- 事業ID / 項目ID ``112330_3_1-1-2-1``: 全国地方公共団体コード, 計画ID (the plan's number in
  this system, also in every URL and download name) and the node's 番号 (as printed in the plan),
  joined by ``_``. The first two parts never contain ``_``, so splitting on the first two
  ``_`` gives the parts back whatever the node number holds.
- 指標ID ``112330_3_1-1-2-1_2``: the node's id and the indicator's ordinal (1, 2 …) among the
  node's indicators in their display order.

The guarantee: the id of a node does not change for the life of the plan, because a plan's
numbering is fixed when it is adopted (a revised plan is a new plan with a new 計画ID). The
database's own row numbers are not used: they differ between installations and after a
re-import, whereas these ids can be rebuilt by anyone from the published report.
"""

from __future__ import annotations


def node_id(municipality_code: str, plan_id: int, node_code: str) -> str:
    """The stable id of a plan node (事業ID for a project, 項目ID for any node)."""
    return f"{municipality_code}_{plan_id}_{node_code}"


def indicator_id(node: str, ordinal: int) -> str:
    """The stable id of the ``ordinal``-th (1-based) indicator of the node whose id is ``node``."""
    return f"{node}_{ordinal}"
