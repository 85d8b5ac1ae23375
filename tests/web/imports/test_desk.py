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
from shinchoku.audit.models import AuditEntry
from shinchoku.cli import main
from shinchoku.editions.models import Correction
from shinchoku.editions.structure import shown_row
from shinchoku.ingest.models import ImportReviewItem, ImportRun
from shinchoku.ingest.review.selectors import Place, fix_place, later_place
from shinchoku.ingest.services import read_report
from shinchoku.plans.editing.tree import node_version
from shinchoku.plans.models import Municipality, Plan, PlanNode
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


def _correct_name(client: Client, round_id: int, node: PlanNode, title: str) -> None:
    """Correct the node's title as the published year shows it (正誤), through the staff form."""
    shown = shown_row(node.plan.rounds.get(pk=round_id), "node", node.pk)
    assert shown is not None
    data = {
        "title": title,
        "expected_title": shown["title"] or "",
        "description": shown["description"] or "",
        "expected_description": shown["description"] or "",
        "correction_reason": "取込のときに報告書の事業名を読み取れなかったため、原本のPDFで確認して訂正",
    }
    response = client.post(reverse("web:node_correction", args=[round_id, node.pk]), data)
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
    assert imported.round.is_published
    assert "公表した内容は「計画の編集」では変わりません" in html
    for item in imported.items.select_related("node", "run__round"):
        place = fix_place(item, plan)
        if item.node_id is None:
            assert place is None
            continue
        assert place is not None
        assert f'href="{place.url}"' in html
        if item.entry_id is not None:  # the published year's rating or text: its correction
            assert place.url == reverse("web:entry_correction", args=[item.entry_id])
            assert place.label == "公表内容を訂正する"
        elif item.target in ("title", "description"):  # the published year's name: its correction
            assert place.url == reverse("web:node_correction", args=[imported.round_id, item.node_id])
            assert place.label == "公表内容を訂正する"
            later = later_place(item, plan)  # and the later years' name, in the plan editor
            assert later is not None
            assert later.url == reverse("web:plan_edit_node", args=[plan.pk, item.node_id])
            assert f'href="{later.url}"' in html
        elif item.kind in ("owners", "relisted", "indicators", "structure"):  # later years' structure
            assert place.url == reverse("web:plan_edit_node", args=[plan.pk, item.node_id])
            assert place.label == "計画の編集で直す(翌年度以降)"
            assert later_place(item, plan) is None
        else:  # a 施策's rating, or several departments' ratings or texts: the node's own page
            page = "web:project" if item.node and item.node.is_project else "web:node"
            assert place.url == reverse(page, args=[plan.pk, item.node_id])
        assert jimu.get(place.url).status_code == 200


def test_an_item_of_a_year_not_yet_published_links_to_the_editor_and_the_entry_page(
    imported: ImportRun,
) -> None:
    round_ = imported.round
    round_.state = round_.State.CLOSED
    round_.save(update_fields=["state"])
    plan = round_.plan
    name = imported.items.filter(kind="name", node__isnull=False).first()
    rating = imported.items.filter(kind="rating", entry__isnull=False).first()
    assert name is not None
    assert rating is not None
    assert fix_place(name, plan) == Place(
        reverse("web:plan_edit_node", args=[plan.pk, name.node_id]), "計画の編集で直す"
    )
    entry_page = reverse("web:entry", args=[rating.entry_id])
    assert fix_place(rating, plan) == Place(entry_page, "担当課の評価を開く")


def test_the_seeds_items_are_worked_off_in_the_staff_site_and_a_re_import_changes_nothing(
    imported: ImportRun, jimu: Client, seed_report_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    round_ = imported.round
    items = list(imported.items.select_related("node").order_by("position"))
    renamed: dict[int, str] = {}
    for item in items:
        if item.kind == "name" and item.node is not None and item.node.pk not in renamed:
            renamed[item.node.pk] = f"確認した事業名{len(renamed) + 1}"
            _correct_name(jimu, round_.pk, item.node, renamed[item.node.pk])
    fixed = [item for item in items if item.kind == "name" and item.node_id in renamed]
    assert fixed
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
    corrections = list(Correction.objects.filter(round=round_).order_by("pk").values())
    assert len(corrections) == len(renamed)
    assert {row["target_id"]: row["corrected_value"] for row in corrections} == renamed
    before = snapshot_domain_tables()
    published_before = round_.published_structure.data

    assert main(["import-report", str(seed_report_path), *KITAMOTO]) == 0

    out = capsys.readouterr().out
    assert snapshot_domain_tables() == before
    assert "データベースの内容は変わりませんでした" in out
    kept = [line for line in out.splitlines() if line.startswith("訂正を保持: ")]
    assert len(kept) == len(renamed)
    assert all(any(f"「{title}」のまま" in line for line in kept) for title in renamed.values())
    assert list(Correction.objects.filter(round=round_).order_by("pk").values()) == corrections
    audit = AuditEntry.objects.filter(action="import_report").order_by("-pk").first()
    assert audit is not None
    assert f"訂正を保持 {len(renamed)} 件" in audit.summary
    assert [name[1] for name in audit.changes["corrected_names"]] == list(renamed.values())
    round_.published_structure.refresh_from_db()
    assert round_.published_structure.data == published_before
    newest = ImportRun.objects.order_by("-pk").first()
    assert newest is not None
    assert newest.counts["updated"] == {}
    assert newest.items.count() == len(items)
    assert not newest.items.filter(status=Status.OPEN).exists()

    visitor = Client()
    csv = visitor.get(reverse("reports:download", args=[round_.plan_id, round_.fiscal_year, "csv"]))
    assert csv.status_code == 200
    table = b"".join(csv).decode("utf-8-sig") if csv.streaming else csv.content.decode("utf-8-sig")
    for node_id, title in renamed.items():
        node = PlanNode.objects.get(pk=node_id)
        # The published year's pages that list the node by name (a project page's heading names
        # the project as the plan names it now).
        shown_in = reverse("public:node", args=[round_.plan_id, node.parent_id or node_id])
        page = visitor.get(shown_in, {"year": round_.fiscal_year}).content.decode()
        assert title in page
        own = reverse("public:project" if node.is_project else "public:node", args=[round_.plan_id, node_id])
        assert "訂正" in visitor.get(own, {"year": round_.fiscal_year}).content.decode()
        assert title in table
    assert "1 TATO TAVE" not in table


def test_a_plan_editor_rename_alone_leaves_the_published_years_name_item_open(
    imported: ImportRun, jimu: Client
) -> None:
    item = imported.items.filter(kind="name", raw="").select_related("node").first()
    assert item is not None
    assert item.node is not None
    node = item.node
    desk_link = reverse("web:import_desk", args=[imported.pk]) + f"#item-{item.pk}"

    _rename(jimu, node, "地域の見守り活動")

    desk = jimu.get(reverse("web:import_desk", args=[imported.pk])).content.decode()
    assert "修正された要確認" not in desk
    item.refresh_from_db()
    assert item.status == Status.OPEN
    assert desk_link in jimu.get(reverse("web:project", args=[node.plan_id, node.pk])).content.decode()
    listing = reverse("public:node", args=[node.plan_id, node.parent_id])
    public = Client().get(listing, {"year": imported.round.fiscal_year}).content.decode()
    assert "地域の見守り活動" not in public  # the published year still shows what it published


def test_a_corrected_published_rating_marks_its_item_fixed(imported: ImportRun, jimu: Client) -> None:
    item = imported.items.filter(kind="rating", entry__isnull=False).select_related("entry").first()
    assert item is not None
    assert item.entry is not None
    entry = item.entry
    form = jimu.get(reverse("web:entry_correction", args=[entry.pk])).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    codes = [code for code, _ in form.fields["rating"].choices if code not in ("-", data.get("rating"))]
    data |= {"rating": codes[0], "correction_reason": "原本のPDFで評価を確認して訂正"}
    response = jimu.post(reverse("web:entry_correction", args=[entry.pk]), data)
    assert response.status_code == 302, response.content.decode()

    desk = jimu.get(reverse("web:import_desk", args=[imported.pk])).content.decode()

    assert "修正された要確認" in desk
    item.refresh_from_db()
    assert item.status == Status.FIXED


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

    _correct_name(jimu, imported.round_id, node, "地域の見守り活動")

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


def test_a_secretariat_limited_to_another_plan_sees_the_list_without_this_plans_runs(
    imported: ImportRun, client_for: Callable[[User], Client]
) -> None:
    city = Municipality.objects.get(code="112330")
    other = Plan.objects.create(
        municipality=city,
        title="北本市高齢者福祉計画",
        first_fiscal_year=2024,
        last_fiscal_year=2026,
        level_labels=["事業"],
        evaluation_level=0,
        rating_scale=imported.round.plan.rating_scale,
    )
    limited = make_user("kitamoto-korei", city, role=User.Role.SECRETARIAT)
    limited.secretariat_plans.set([other])
    client = client_for(limited)

    listing = client.get(reverse("web:import_runs"))

    assert listing.status_code == 200
    assert reverse("web:import_desk", args=[imported.pk]) not in listing.content.decode()
    assert client.get(reverse("web:import_desk", args=[imported.pk])).status_code == 403
