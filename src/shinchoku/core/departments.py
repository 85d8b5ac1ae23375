"""Rules about department names (事業主体)."""

from __future__ import annotations

# Outside bodies that own projects in municipal plans; city divisions end in 課/室/局/部/センター.
_OUTSIDE_BODY_MARKERS = ("社協", "社会福祉協議会", "協議会", "法人", "財団", "組合", "委員会", "NPO")


def is_outside_body(name: str) -> bool:
    """True for an outside body such as 社協 (社会福祉協議会), False for a city division."""
    return any(marker in name for marker in _OUTSIDE_BODY_MARKERS)
