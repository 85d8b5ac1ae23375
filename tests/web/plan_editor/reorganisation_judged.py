"""The reorganisation pages (組織改編) no plain GET reaches, for the judges (see
tests/web/page_types.stateful_pages): each preview of what moves and a refused form."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from shinchoku.accounts.models import User
from tests.evaluations.tiny_plan import TinyPlan


def reorganisation_pages(tiny: TinyPlan, secretariat: Client) -> dict[str, str]:
    """Label → HTML of the previews (rename, merge, split; a retirement's preview is the same
    template) and of refused forms; nothing is applied (no ``confirm``)."""
    plan, shakyo = tiny.plan.pk, tiny.departments["社協"]
    member = User.objects.filter(departments=shakyo).first()
    split = {
        "name_0": "地域福祉係",
        "name_1": "ボランティアセンター",
        "from_year": "2025",
        f"project_{tiny.shared.pk}": "0",
        f"project_{tiny.unrated.pk}": "1",
    } | ({f"member_{member.pk}": "1"} if member else {})
    posts = {
        "reorganisation rename preview": (
            reverse("web:plan_edit_department_rename", args=[plan, shakyo.pk]),
            {"name": "北本市社会福祉協議会", "from_year": "2025"},
            200,
        ),
        "reorganisation merge preview": (
            reverse("web:plan_edit_departments_merge", args=[plan]),
            {
                "sources": [str(shakyo.pk)],
                "target": str(tiny.departments["共生福祉課"].pk),
                "from_year": "2025",
            },
            200,
        ),
        "reorganisation merge refused": (
            reverse("web:plan_edit_departments_merge", args=[plan]),
            {"sources": [str(shakyo.pk)], "target": "", "new_name": "", "from_year": "2025"},
            400,
        ),
        "reorganisation split preview": (
            reverse("web:plan_edit_department_split", args=[plan, shakyo.pk]),
            split,
            200,
        ),
        "reorganisation split refused": (
            reverse("web:plan_edit_department_split", args=[plan, shakyo.pk]),
            split | {"name_1": ""},
            400,
        ),
        "reorganisation retire refused": (
            reverse("web:plan_edit_department_retire", args=[plan, shakyo.pk]),
            {"from_year": "2025"},
            400,
        ),
    }
    pages = {}
    for label, (path, data, status) in posts.items():
        response = secretariat.post(path, data)
        assert response.status_code == status, f"{label}: HTTP {response.status_code}"
        pages[label] = response.content.decode()
    return pages
