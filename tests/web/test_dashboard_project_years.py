"""The dashboard page's tables of new and ended projects say why when the project years do."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.evaluations.revision import revise_tiny_plan
from tests.evaluations.tiny_plan import TinyPlan


def test_the_dashboard_page_says_why_a_project_began_or_ended(tiny: TinyPlan, client: Client) -> None:
    revise_tiny_plan(tiny)
    tiny.collecting.state = tiny.collecting.State.PUBLISHED
    tiny.collecting.save()

    html = client.get(reverse("public:dashboard", args=[tiny.plan.pk]), {"year": 2024}).content.decode()

    ended = html.split('id="changes-ended"', 1)[1].split("</table>", 1)[0]
    assert "終了(令和5年度まで)" in ended
    new = html.split('id="changes-new"', 1)[1].split("</table>", 1)[0]
    assert "令和6年度から開始" in new
