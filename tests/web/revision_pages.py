"""The pages of 中間見直し and 次期計画への引き継ぎ for the judges (see page_types.stateful_pages):
the next plan's project in the editor with its continuation and years, a project's years refused,
the project page with its years and its history across plans on both sites, the earlier
project's page linking to the one continuing it, and the editor's tree
with a project's years."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.evaluations.tiny_plan import TinyPlan
from tests.plans.next_period import build_next_period


def revision_pages(tiny: TinyPlan, secretariat: Client) -> dict[str, str]:
    later = build_next_period(tiny)
    later.project.last_year = 2030  # ended a year early: its pages state the years it is evaluated
    later.project.save(update_fields=["last_year"])
    pages: dict[str, str] = {}

    def keep(label: str, response: object, status: int = 200) -> None:
        assert getattr(response, "status_code", 0) == status, (
            f"{label}: HTTP {getattr(response, 'status_code', 0)}"
        )
        pages[label] = response.content.decode()  # type: ignore[attr-defined]

    node_page = reverse("web:plan_edit_node", args=[later.plan.pk, later.project.pk])
    keep("plan_edit_node continuation", secretariat.get(node_page))
    keep(
        "plan_edit_node refused continuation",
        secretariat.post(
            reverse("web:plan_edit_node_continuation", args=[later.plan.pk, later.project.pk]),
            {"continues-continues": str(later.project.pk)},
        ),
        400,
    )
    keep(
        "plan_edit_node refused years",
        secretariat.post(
            reverse("web:plan_edit_node", args=[tiny.plan.pk, tiny.single.pk]),
            {
                "node-code": tiny.single.code,
                "node-title": tiny.single.title,
                "node-first_year": "2024",
                "node-last_year": "2023",
            },
        ),
        400,
    )
    keep("project continued by", Client().get(reverse("public:project", args=[tiny.plan.pk, tiny.single.pk])))
    keep("plan_edit_tree with years", secretariat.get(reverse("web:plan_edit_tree", args=[later.plan.pk])))
    keep(
        "project across plans",
        Client().get(reverse("public:project", args=[later.plan.pk, later.project.pk])),
    )
    keep(
        "project across plans staff",
        secretariat.get(reverse("web:project", args=[later.plan.pk, later.project.pk])),
    )
    return pages
