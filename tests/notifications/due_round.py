"""A round with entries due, shared by the reminder tests and the reminder pages' tests."""

from __future__ import annotations

from datetime import date

from shinchoku.evaluations.models import Entry
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan


def make_due_round(tiny: TinyPlan, people: People, deadline: date) -> None:
    round_ = tiny.collecting
    round_.deadline = deadline
    round_.save(update_fields=["deadline"])
    departments = tiny.departments
    for name, address in (("生涯学習課", "shogai@city.example.lg.jp"), ("社協", "")):
        departments[name].email = address
        departments[name].save(update_fields=["email"])
    departments["共生福祉課"].email = "kyosei@city.example.lg.jp"
    departments["共生福祉課"].save(update_fields=["email"])
    for user, address in (
        (people.editor, "shogai-taro@city.example.lg.jp"),
        (people.other_editor, "shakyo-hanako@shakyo.example.jp"),
        (people.approver, "shogai-kacho@city.example.lg.jp"),
    ):
        user.email = address
        user.save(update_fields=["email"])
    Entry.objects.create(round=round_, project=tiny.shared, department=departments["社協"])
    Entry.objects.create(
        round=round_, project=tiny.shared, department=departments["共生福祉課"], status=Entry.Status.SUBMITTED
    )
    Entry.objects.create(
        round=round_,
        project=tiny.unrated,
        department=departments["社協"],
        status=Entry.Status.RETURNED,
        review_comment="数値を書いてください",
    )
