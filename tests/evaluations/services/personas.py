"""The people of the tiny plan's city, one per role (see tests/evaluations/tiny_plan.py)."""

from __future__ import annotations

from dataclasses import dataclass

from shinchoku.accounts.models import User
from tests.evaluations.tiny_plan import TinyPlan, make_user


@dataclass
class People:
    secretariat: User
    editor: User  # 生涯学習課: owns 1-1-1-1 福祉教育
    other_editor: User  # 社協: owns 1-1-1-2 (with 共生福祉課) and 1-1-2-1
    approver: User  # 所属長 of 生涯学習課
    committee: User
    viewer: User
    stranger: User  # 事務局 of another city


def make_people(tiny: TinyPlan) -> People:
    from shinchoku.plans.models import Municipality

    city = tiny.municipality
    role = User.Role
    editor = make_user("shogai", city, role=role.EDITOR, display_name="生涯 太郎")
    editor.departments.add(tiny.departments["生涯学習課"])
    other = make_user("shakyo", city, role=role.EDITOR, display_name="社協 花子")
    other.departments.add(tiny.departments["社協"])
    approver = make_user("kacho", city, role=role.APPROVER, display_name="生涯 課長")
    approver.departments.add(tiny.departments["生涯学習課"])
    elsewhere = Municipality.objects.create(name="鴻巣市", code="112178")
    return People(
        secretariat=make_user("jimu", city, role=role.SECRETARIAT, display_name="事務局 一郎"),
        editor=editor,
        other_editor=other,
        approver=approver,
        committee=make_user("iin", city, role=role.COMMITTEE, display_name="委員 次郎"),
        viewer=make_user("etsuran", city, role=role.VIEWER),
        stranger=make_user("tanin", elsewhere, role=role.SECRETARIAT),
    )
