"""The pages of corrections (正誤): the 事務局 corrects a published entry or name with a reason;
the public pages mark the corrected item with its date and the 正誤表 lists it."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from shinchoku.accounts.models import User
from shinchoku.core.fiscal_year import format_date_wareki
from shinchoku.editions.models import Correction
from shinchoku.evaluations.models import Entry
from shinchoku.reports.formats.csv import read_csv
from shinchoku.reports.registry import ReportRequest, get
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan

SignIn = Callable[[User], Client]


def _entry(tiny: TinyPlan) -> Entry:
    return Entry.objects.get(round=tiny.published, project=tiny.single)


def _correct_rating(client: Client, entry: Entry, **extra: str) -> object:
    data = {
        "final_target": entry.final_target,
        "year_target": entry.year_target,
        "progress": entry.progress,
        "rating": "B",
        "reason": entry.reason,
        "next_year_goal": entry.next_year_goal,
        "version": str(entry.version),
        "correction_reason": "集計表からの転記誤り",
    } | extra
    return client.post(reverse("web:entry_correction", kwargs={"entry_id": entry.pk}), data)


def test_the_published_entry_page_leads_the_secretariat_to_the_correction_form(
    tiny: TinyPlan, people: People, client_for: SignIn
) -> None:
    client = client_for(people.secretariat)
    entry = _entry(tiny)
    page = client.get(reverse("web:entry", kwargs={"entry_id": entry.pk})).content.decode()
    assert reverse("web:entry_correction", kwargs={"entry_id": entry.pk}) in page

    form = client.get(reverse("web:entry_correction", kwargs={"entry_id": entry.pk}))

    assert form.status_code == 200
    assert "訂正の理由" in form.content.decode()


def test_a_corrected_rating_is_marked_with_its_date_and_listed_in_the_corrections_table(
    tiny: TinyPlan, people: People, client_for: SignIn
) -> None:
    entry = _entry(tiny)
    before = read_csv(get("csv").render(ReportRequest(tiny.published)))

    response = _correct_rating(client_for(people.secretariat), entry)

    assert response.status_code == 302  # type: ignore[attr-defined]
    mark = f"訂正({format_date_wareki(timezone.localdate())})"
    visitor = Client()
    policy = visitor.get(reverse("public:node", args=[tiny.plan.pk, tiny.policy.pk]), {"year": 2023})
    assert mark in policy.content.decode()
    table = visitor.get(reverse("public:corrections", args=[tiny.plan.pk, 2023])).content.decode()
    assert "集計表からの転記誤り" in table
    assert "事務局 一郎" not in table  # the public table names no one
    plan_page = visitor.get(reverse("public:plan", args=[tiny.plan.pk]), {"year": 2023}).content.decode()
    assert reverse("public:corrections", args=[tiny.plan.pk, 2023]) in plan_page
    after = read_csv(get("csv").render(ReportRequest(tiny.published)))
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    [(old, new)] = changed
    assert (old["評価"], new["評価"]) == ("A", "B")
    assert new["訂正日"] == timezone.localdate().isoformat()
    assert {key for key in new if new[key] != old[key]} <= {"評価", "評価の定義", "事業の評価", "訂正日"}


def test_a_correction_without_a_reason_is_refused_beside_the_field(
    tiny: TinyPlan, people: People, client_for: SignIn
) -> None:
    response = _correct_rating(client_for(people.secretariat), _entry(tiny), correction_reason="")

    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "訂正の理由を書いてください" in response.content.decode()  # type: ignore[attr-defined]
    assert not Correction.objects.exists()


def test_a_stale_correction_form_is_refused(tiny: TinyPlan, people: People, client_for: SignIn) -> None:
    client = client_for(people.secretariat)
    entry = _entry(tiny)
    _correct_rating(client, entry)

    response = _correct_rating(client, entry, rating="C", correction_reason="古い画面から")

    assert response.status_code == 409  # type: ignore[attr-defined]
    assert Correction.objects.count() == 1


def test_only_the_plans_secretariat_may_correct(tiny: TinyPlan, people: People, client_for: SignIn) -> None:
    entry = _entry(tiny)
    for who in (people.editor, people.committee, people.stranger):
        client = client_for(who)
        assert _correct_rating(client, entry).status_code in (403, 404)  # type: ignore[attr-defined]
    draft = Entry.objects.get(round=tiny.collecting, project=tiny.single)
    secretariat = client_for(people.secretariat)
    assert secretariat.get(reverse("web:entry_correction", kwargs={"entry_id": draft.pk})).status_code == 404
    assert not Correction.objects.exists()


def test_a_corrected_project_name_shows_in_the_published_year_only(
    tiny: TinyPlan, people: People, client_for: SignIn
) -> None:
    client = client_for(people.secretariat)
    url = reverse("web:node_correction", kwargs={"round_id": tiny.published.pk, "node_id": tiny.single.pk})
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {
            "title": "福祉教育の推進",
            "expected_title": tiny.single.title,
            "description": tiny.single.description,
            "expected_description": tiny.single.description,
            "correction_reason": "名称の誤記",
        },
    )

    assert response.status_code == 302
    visitor = Client()
    published = visitor.get(reverse("public:node", args=[tiny.plan.pk, tiny.policy.pk]), {"year": 2023})
    assert "福祉教育の推進" in published.content.decode()
    current = client.get(reverse("web:node", args=[tiny.plan.pk, tiny.policy.pk]), {"year": 2024})
    assert "福祉教育の推進" not in current.content.decode()
    [correction] = Correction.objects.all()
    assert (correction.previous_value, correction.corrected_value) == ("福祉教育", "福祉教育の推進")


def test_a_department_name_correction_form_shows_the_name_of_that_year(
    tiny: TinyPlan, people: People, client_for: SignIn
) -> None:
    department = tiny.departments["社協"]
    url = reverse(
        "web:department_correction", kwargs={"round_id": tiny.published.pk, "department_id": department.pk}
    )

    page = client_for(people.secretariat).get(url)

    assert page.status_code == 200
    assert "社協" in page.content.decode()


def test_the_public_corrections_table_of_an_unpublished_year_is_not_found(tiny: TinyPlan) -> None:
    visitor = Client()
    assert visitor.get(reverse("public:corrections", args=[tiny.plan.pk, 2024])).status_code == 404
    empty = visitor.get(reverse("public:corrections", args=[tiny.plan.pk, 2023]))
    assert "訂正はありません" in empty.content.decode()


def test_a_name_correction_from_a_stale_form_is_refused_and_shows_the_current_name(
    tiny: TinyPlan, people: People, client_for: SignIn
) -> None:
    client = client_for(people.secretariat)
    url = reverse("web:node_correction", kwargs={"round_id": tiny.published.pk, "node_id": tiny.single.pk})
    form = {"description": tiny.single.description, "expected_description": tiny.single.description}
    first = form | {"title": "一度目", "expected_title": tiny.single.title, "correction_reason": "一度目"}
    assert client.post(url, first).status_code == 302

    stale = client.post(
        url, form | {"title": "二度目", "expected_title": tiny.single.title, "correction_reason": "古い"}
    )

    assert stale.status_code == 409
    assert 'value="一度目"' in stale.content.decode()  # the current name is what the form now expects
    assert Correction.objects.count() == 1
