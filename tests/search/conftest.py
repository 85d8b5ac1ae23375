"""The tiny plan with its search index built, the plans around it, and the personas of the page tests."""

from __future__ import annotations

import pytest

from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Entry
from shinchoku.plans.models import Municipality
from shinchoku.search.services import rebuild_search_index, update_entry_document
from tests.evaluations.tiny_plan import TinyPlan, build_tiny_plan, make_user
from tests.search.many_plans import ManyPlans, build_many_plans


@pytest.fixture
def tiny(db: None) -> TinyPlan:
    tiny = build_tiny_plan()
    rebuild_search_index(tiny.plan)
    return tiny


@pytest.fixture
def city_staff(tiny: TinyPlan) -> User:
    """The plan's 事務局: sees rounds before they are published, every department's drafts included."""
    return make_user("kyosei", tiny.municipality, display_name="共生 花子", role=User.Role.SECRETARIAT)


@pytest.fixture
def other_staff(tiny: TinyPlan) -> User:
    """A member of another municipality: sees published rounds only, like the public."""
    return make_user("konosu", Municipality.objects.create(name="鴻巣市", code="112178"))


def edit_entry(entry: Entry, **texts: str) -> Entry:
    """Change an entry's texts and refresh its search document, as an edit service would."""
    for name, value in texts.items():
        setattr(entry, name, value)
    entry.save()
    update_entry_document(entry)
    return entry


@pytest.fixture
def many(tiny: TinyPlan) -> ManyPlans:
    """The tiny plan with 北本市's 高齢者福祉計画 (sharing a project) and 鴻巣市's 地域福祉計画."""
    return build_many_plans(tiny)
