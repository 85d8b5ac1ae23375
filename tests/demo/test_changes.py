"""The demo shows a plan changing over the years: a department renamed from the current year, and
one correction (正誤) of the newest published year on its public 正誤表 and pages."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from shinchoku.demo.accounts import create_demo_user
from shinchoku.demo.changes import CORRECTION_REASON, RENAMED, add_demo_correction
from shinchoku.demo.generator import DemoSummary
from shinchoku.editions.models import Correction
from shinchoku.evaluations.models import Round
from shinchoku.plans.models import Department


def test_the_renamed_department_keeps_its_old_name_in_the_published_years(demo: DemoSummary) -> None:
    old, new = RENAMED
    department = Department.objects.get(municipality=demo.municipality, name=new)
    published = demo.plan.rounds.filter(state=Round.State.PUBLISHED)
    current = demo.plan.rounds.exclude(state=Round.State.PUBLISHED).get()

    assert {department.name_in(round_.fiscal_year) for round_ in published} == {old}
    assert department.name_in(current.fiscal_year) == new


def test_the_correction_raises_one_rating_of_the_newest_published_year_and_is_listed_publicly(
    demo: DemoSummary, client: Client
) -> None:
    newest = demo.plan.rounds.filter(state=Round.State.PUBLISHED).order_by("-fiscal_year").first()
    assert newest is not None

    [correction] = add_demo_correction(create_demo_user(password="demo-password"), demo.plan)

    assert correction.round == newest
    assert correction.reason == CORRECTION_REASON
    codes = [code.code for code in demo.plan.rating_scale.codes.filter(is_rating=True).order_by("position")]
    assert codes.index(correction.corrected_value) == codes.index(correction.previous_value) - 1
    page = client.get(reverse("public:corrections", args=[demo.plan.pk, newest.fiscal_year]))
    assert CORRECTION_REASON in page.content.decode()
    assert Correction.objects.count() == 1
