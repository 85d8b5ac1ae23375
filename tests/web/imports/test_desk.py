"""The seed's 要確認 items worked off in the staff site, then a re-import that changes nothing
(issue 13, the third done-when line)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from shinchoku.accounts.models import User
from shinchoku.cli import main
from shinchoku.ingest.models import ImportReviewItem, ImportRun
from shinchoku.ingest.review.selectors import fix_place
from shinchoku.ingest.services import read_report
from shinchoku.plans.editing.tree import node_version
from shinchoku.plans.models import Municipality, PlanNode
from tests.evaluations.tiny_plan import make_user
from tests.ingest.conftest import snapshot_domain_tables

pytestmark = pytest.mark.django_db
KITAMOTO = ["--municipality", "北本市", "--code", "112330", "--plan", "地域福祉計画"]
Status = ImportReviewItem.Status


@pytest.fixture
def imported(seed_report_path: Path, capsys: pytest.CaptureFixture[str]) -> ImportRun:
    assert main(["import-report", str(seed_report_path), *KITAMOTO]) == 0
    capsys.readouterr()
    return ImportRun.objects.get()


@pytest.fixture
def jimu(imported: ImportRun, client_for: Callable[[User], Client]) -> Client:
    city = Municipality.objects.get(code="112330")
    return client_for(make_user("kitamoto-jimu", city, role=User.Role.SECRETARIAT))


def _rename(client: Client, node: PlanNode, title: str) -> None:
    data = {
        "node-code": node.code,
        "node-title": title,
        "node-description": node.description,
        "node-final_target": node.final_target,
        "node-seen": node_version(node),
    }
    response = client.post(reverse("web:plan_edit_node", args=[node.plan_id, node.pk]), data)
    assert response.status_code == 302, response.content.decode()


def _confirm(client: Client, item: ImportReviewItem, note: str) -> None:
    url = reverse("web:import_item_confirm", args=[item.pk])
    assert client.post(url, {f"item{item.pk}-note": note}).status_code == 302


def test_the_desk_lists_exactly_the_items_the_command_line_counted_grouped_by_kind(
    imported: ImportRun, jimu: Client, seed_report_path: Path
) -> None:
    counted = len(read_report(seed_report_path).all_review_items())
    html = jimu.get(reverse("web:import_desk", args=[imported.pk])).content.decode()
    assert len(re.findall(r'<li id="item-\d+" class="desk-item', html)) == counted
    assert f"全 {counted} 件" in html
    for kind in ("名称", "事業主体", "評価", "本文", "再掲", "指標", "構成"):
        assert f'">{kind}</h2>' in html
    assert "(名称なし)" in html
    assert "1 TATO TAVE" in html
    listing = jimu.get(reverse("web:import_runs")).content.decode()
    assert f"未対応 {counted} 件" in listing


def test_every_item_links_to_where_it_is_fixed(imported: ImportRun, jimu: Client) -> None:
    html = jimu.get(reverse("web:import_desk", args=[imported.pk])).content.decode()
    plan = imported.round.plan
    for item in imported.items.select_related("node"):
        place = fix_place(item, plan)
        if item.node_id is None:
            assert place is None
            continue
        assert place is not None
        assert f'href="{place.url}"' in html
        if item.entry_id is not None:
            assert place.url == reverse("web:entry", args=[item.entry_id])
        elif (
            item.kind in ("name", "owners", "relisted", "indicators", "structure")
            or item.target == "description"
        ):
            assert place.url == reverse("web:plan_edit_node", args=[plan.pk, item.node_id])
        else:  # a 施策's rating, or several departments' ratings or texts: the node's own page
            page = "web:project" if item.node and item.node.is_project else "web:node"
            assert place.url == reverse(page, args=[plan.pk, item.node_id])
        assert jimu.get(place.url).status_code == 200


def test_the_seeds_items_are_worked_off_in_the_staff_site_and_a_re_import_changes_nothing(
    imported: ImportRun, jimu: Client, seed_report_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items = list(imported.items.select_related("node").order_by("position"))
    renamed = {}
    for item in items:
        if item.kind == "name" and item.node is not None and item.node.pk not in renamed:
            renamed[item.node.pk] = f"確認した事業名{len(renamed) + 1}"
            _rename(jimu, item.node, renamed[item.node.pk])
    fixed = [item for item in items if item.kind == "name" and item.node_id in renamed]
    for item in items:
        if item not in fixed:
            _confirm(jimu, item, "原本のPDFと照らして、このままでよいことを確認した")
    desk = jimu.get(reverse("web:import_desk", args=[imported.pk])).content.decode()
    assert f"修正された要確認 {len(fixed)} 件を「修正済み」にしました。" in desk

    statuses = {
        status: imported.items.filter(status=status).count()
        for status in (Status.OPEN, Status.FIXED, Status.CONFIRMED)
    }
    assert statuses[Status.OPEN] == 0
    assert statuses[Status.FIXED] == len(fixed)
    assert statuses[Status.FIXED] + statuses[Status.CONFIRMED] == len(items)
    before = snapshot_domain_tables()

    assert main(["import-report", str(seed_report_path), *KITAMOTO]) == 0

    out = capsys.readouterr().out
    assert snapshot_domain_tables() == before
    assert "データベースの内容は変わりませんでした" in out
    kept = [line for line in out.splitlines() if line.startswith("訂正を保持: ")]
    assert len(kept) == len(renamed)
    assert all(any(title in line for line in kept) for title in renamed.values())
    newest = ImportRun.objects.order_by("-pk").first()
    assert newest is not None
    assert newest.counts["updated"] == {}
    assert newest.items.count() == len(items)
    assert not newest.items.filter(status=Status.OPEN).exists()


def test_a_flagged_project_shows_a_mark_on_staff_pages_only_while_its_item_is_open(
    imported: ImportRun, jimu: Client
) -> None:
    item = imported.items.filter(kind="name", raw="").select_related("node").first()
    assert item is not None
    assert item.node is not None
    node = item.node
    staff = reverse("web:project", args=[node.plan_id, node.pk])
    editor = reverse("web:plan_edit_node", args=[node.plan_id, node.pk])
    desk_link = reverse("web:import_desk", args=[imported.pk]) + f"#item-{item.pk}"
    for url in (staff, editor):
        html = jimu.get(url).content.decode()
        assert "要確認" in html
        assert desk_link in html
    assert "取込の要確認を開く" in jimu.get(reverse("web:plan", args=[node.plan_id])).content.decode()
    public = Client().get(reverse("public:project", args=[node.plan_id, node.pk])).content.decode()
    assert "要確認" not in public
    assert desk_link not in public

    _rename(jimu, node, "地域の見守り活動")

    assert desk_link not in jimu.get(staff).content.decode()


def test_an_entry_with_an_open_rating_item_shows_the_mark_on_its_staff_page(
    imported: ImportRun, jimu: Client
) -> None:
    item = imported.items.filter(kind="rating", entry__isnull=False).first()
    assert item is not None
    assert item.entry_id is not None
    desk_link = reverse("web:import_desk", args=[imported.pk]) + f"#item-{item.pk}"
    page = reverse("web:entry", args=[item.entry_id])
    assert desk_link in jimu.get(page).content.decode()
    _confirm(jimu, item, "原本で確認")
    assert desk_link not in jimu.get(page).content.decode()


def test_confirming_without_a_note_is_refused_beside_the_field(imported: ImportRun, jimu: Client) -> None:
    item = imported.items.first()
    assert item is not None
    response = jimu.post(reverse("web:import_item_confirm", args=[item.pk]), {f"item{item.pk}-note": ""})
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.status == Status.OPEN
