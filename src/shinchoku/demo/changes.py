"""What a plan meets over the years, written into the demo so that people can see it: a
department renamed from the current year (組織改編) and a correction (正誤) of the newest published
year, which the 正誤表 and the 訂正 marks then show.

The rename is written with the rest of the generated data, before the published years are frozen
(they keep the old name). The correction goes through :func:`shinchoku.editions.services.correct_entry`
once the demo's 事務局 account exists.
"""

from __future__ import annotations

from shinchoku.accounts.models import User
from shinchoku.editions.models import Correction
from shinchoku.editions.services import correct_entry
from shinchoku.evaluations.models import Entry, Round
from shinchoku.plans.models import Department, DepartmentNameChange, Plan, RatingCode

RENAMED = ("人権推進課", "人権・男女共同参画課")
CORRECTION_REASON = "担当課からの申し出により、評価の記号の転記誤りを訂正しました。"


def rename_department_from(plan: Plan, fiscal_year: int) -> Department:
    """Rename the demo's 人権推進課 from ``fiscal_year``: the years before keep its old name."""
    old, new = RENAMED
    department = Department.objects.get(municipality_id=plan.municipality_id, name=old)
    DepartmentNameChange.objects.create(department=department, fiscal_year=fiscal_year, previous_name=old)
    department.name = new
    department.save(update_fields=["name"])
    return department


def add_demo_correction(actor: User, plan: Plan) -> list[Correction]:
    """Correct the rating of one entry of the newest published year of ``plan`` to the code one
    better, as a department's report of a copying mistake would: the first rated entry, in the
    order of the plan, that is not rated best. None is made when the plan has no such entry."""
    newest = plan.rounds.filter(state=Round.State.PUBLISHED).order_by("-fiscal_year").first()
    ratings = RatingCode.objects.filter(scale_id=plan.rating_scale_id, is_rating=True)
    codes = list(ratings.order_by("position"))
    if newest is None or len(codes) < 2:
        return []
    entries = Entry.objects.filter(round=newest, rating__in=codes[1:]).select_related("rating")
    entry = entries.order_by("project__level", "project__position", "project_id", "department_id").first()
    if entry is None:
        return []
    assert entry.rating is not None
    better = codes[codes.index(entry.rating) - 1]
    return correct_entry(actor, entry.pk, {"rating": better.code}, CORRECTION_REASON, version=entry.version)
