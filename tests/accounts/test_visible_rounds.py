"""``visible_rounds_of_every_plan`` is :func:`visible_rounds` over every plan, for every kind of
reader: the search reads it as one filter, and it must never widen the per-plan rule."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from shinchoku.accounts.models import User
from shinchoku.accounts.permissions import visible_rounds, visible_rounds_of_every_plan
from shinchoku.plans.models import Plan
from tests.evaluations.tiny_plan import build_tiny_plan, make_user
from tests.search.many_plans import build_many_plans

pytestmark = pytest.mark.django_db


def test_every_plans_visible_rounds_are_the_union_of_each_plans_for_every_reader() -> None:
    many = build_many_plans(build_tiny_plan())
    inactive = make_user("gone", many.konosu, role=User.Role.SECRETARIAT)
    inactive.is_active = False
    inactive.save()
    readers = {
        "visitor": AnonymousUser(),
        "北本市 editor": make_user("kitamoto", many.tiny.municipality, role=User.Role.EDITOR),
        "鴻巣市 事務局": make_user("konosu", many.konosu, role=User.Role.SECRETARIAT),
        "inactive 鴻巣市 事務局": inactive,
        "no city": make_user("nocity", None),
        "superuser": User.objects.create_superuser("root", password="correct horse battery"),
    }
    for label, reader in readers.items():
        per_plan = {round_.pk for plan in Plan.objects.all() for round_ in visible_rounds(reader, plan)}
        every = set(visible_rounds_of_every_plan(reader).values_list("pk", flat=True))
        assert every == per_plan, label
    # Not a vacuous check: the readers see different rounds.
    assert len(set(visible_rounds_of_every_plan(readers["鴻巣市 事務局"]))) > len(
        set(visible_rounds_of_every_plan(readers["visitor"]))
    )
