"""A change made in the plan editor reaches the cached public pages at once: the editor's services
record an audit entry, which moves the data version the page cache is keyed by."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from shinchoku.editions.services import correct_name
from shinchoku.plans.editing.departments import add_department
from shinchoku.plans.editing.settings import update_plan_settings
from shinchoku.plans.editing.tree import update_node
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan


def test_a_renamed_node_keeps_the_published_name_until_the_year_is_corrected_on_the_cached_page(
    tiny: TinyPlan, people: People
) -> None:
    # A first recorded change gives the data a version, so that pages are stored at all.
    add_department(people.secretariat, tiny.plan.pk, name="子育て支援課")
    visitor = Client()
    path = reverse("public:plan", args=[tiny.plan.pk])
    first = visitor.get(path)
    again = visitor.get(path)
    assert again["X-Page-Cache"] == "hit"
    assert "福祉の心を育む学習機会の充実" in first.content.decode()

    update_node(
        people.secretariat,
        tiny.plan.pk,
        tiny.policy.pk,
        code="1-1",
        title="福祉を学ぶ機会の充実",
        description="",
        final_target="",
    )
    update_plan_settings(
        people.secretariat, tiny.plan.pk, level_labels=["基本目標", "基本施策", "取組", "事業"]
    )

    # Published years never change: the page is made again and shows what was published.
    edited = visitor.get(path)
    assert edited["X-Page-Cache"] != "hit"
    assert "福祉の心を育む学習機会の充実" in edited.content.decode()
    assert "基本施策" not in edited.content.decode()

    correct_name(
        people.secretariat,
        tiny.published.pk,
        kind="node",
        target_id=tiny.policy.pk,
        values={"title": "福祉を学ぶ機会の充実"},
        expected={"title": "福祉の心を育む学習機会の充実"},
        reason="公表した名称の誤り",
    )

    html = visitor.get(path).content.decode()
    assert "福祉を学ぶ機会の充実" in html
    assert "福祉の心を育む学習機会の充実" not in html
