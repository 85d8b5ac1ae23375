"""Personas of the entry pages on the tiny plan: an editor of 生涯学習課 (which owns 1-1-1-1
福祉教育, whose 令和6年度 entry is a draft rated C), an editor of another department, that
department's 所属長 and the 事務局."""

from __future__ import annotations

import pytest

from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Entry
from tests.evaluations.tiny_plan import TinyPlan, make_user

Role = User.Role


def _member(tiny: TinyPlan, username: str, name: str, role: str, *departments: str) -> User:
    user = make_user(username, tiny.municipality, role=role, display_name=name)
    user.departments.set([tiny.departments[name] for name in departments])
    return user


@pytest.fixture
def editor(tiny: TinyPlan) -> User:
    return _member(tiny, "gakushu", "学習 一郎", Role.EDITOR, "生涯学習課")


@pytest.fixture
def second_editor(tiny: TinyPlan) -> User:
    """Another editor of the same department, who saves first in the stale-save tests."""
    return _member(tiny, "gakushu2", "学習 二郎", Role.EDITOR, "生涯学習課")


@pytest.fixture
def other_editor(tiny: TinyPlan) -> User:
    return _member(tiny, "shakyo", "社協 花子", Role.EDITOR, "社協")


@pytest.fixture
def approver(tiny: TinyPlan) -> User:
    """The 所属長 of 生涯学習課, on a plan that asks for the 所属長's approval."""
    tiny.plan.requires_department_approval = True
    tiny.plan.save()
    return _member(tiny, "shocho", "学習 課長", Role.APPROVER, "生涯学習課")


@pytest.fixture
def secretariat(tiny: TinyPlan) -> User:
    return _member(tiny, "jimukyoku", "事務局 太郎", Role.SECRETARIAT)


@pytest.fixture
def draft(tiny: TinyPlan) -> Entry:
    """生涯学習課's 令和6年度 entry for 1-1-1-1 福祉教育 (a draft, rated C, no reason yet)."""
    return Entry.objects.get(round=tiny.collecting, project=tiny.single)
