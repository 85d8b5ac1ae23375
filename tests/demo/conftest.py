"""Fixtures for the demo generator tests."""

from __future__ import annotations

import pytest

from shinchoku.demo.generator import DemoSummary, generate_demo


@pytest.fixture
def demo(db: None) -> DemoSummary:
    """The demo municipality at scale 1 with the default seed."""
    return generate_demo()
