"""Helpers for the demo generator tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db import transaction

from shinchoku.demo.generator import DemoSummary, generate_demo

T = TypeVar("T")


class _RollBack(Exception):  # noqa: N818 - a signal, not an error
    pass


def generate_then_roll_back(inspect: Callable[[DemoSummary], T], **options: Any) -> T:
    """Generate with ``options``, return ``inspect(summary)`` and roll the data back, so that
    several runs can be compared inside one test's database."""
    result: list[T] = []
    try:
        with transaction.atomic():
            result.append(inspect(generate_demo(**options)))
            raise _RollBack
    except _RollBack:
        pass
    return result[0]
