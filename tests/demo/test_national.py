"""The national dataset (``shinchoku demo --municipalities N``): valid codes over the prefectures,
plans of different shapes with every round state, published years frozen and readable on the
public pages, in search and as open data, data the services agree with, and a clear refusal on a
database that already holds municipalities."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import uuid
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from shinchoku.accounts.models import User
from shinchoku.audit.models import AuditEntry
from shinchoku.cli import main
from shinchoku.core.local_government_code import normalise_code
from shinchoku.core.prefectures import PREFECTURES, prefecture_of
from shinchoku.demo.generator import GENERATE_ACTION
from shinchoku.demo.national import NationalDatasetError, NationalSummary, generate_national
from shinchoku.demo.national_cities import MAX_MUNICIPALITIES, invent_cities, spread
from shinchoku.editions.models import PublishedStructure
from shinchoku.evaluations.models import Entry, NodeEvaluation, Round
from shinchoku.evaluations.services.project_evaluations import refresh_project_evaluation
from shinchoku.plans.models import Municipality, Plan, PlanNode
from shinchoku.reports.formats.csv import read_csv
from shinchoku.search.models import SearchDocument
from shinchoku.search.services import rebuild_search_index
from tests.evaluations.tiny_plan import make_user

CITIES = 6


@pytest.fixture
def national(db: None) -> NationalSummary:
    """Six municipalities with small plans (6–12 projects each)."""
    return generate_national(municipalities=CITIES, seed=7, projects=(6, 12), batch_rows=500)


def _plans() -> list[Plan]:
    return list(Plan.objects.select_related("rating_scale").order_by("pk"))


def test_a_full_country_puts_at_least_one_municipality_in_every_prefecture_and_most_in_the_largest() -> None:
    counts = spread(MAX_MUNICIPALITIES, random.Random(1))
    assert sum(counts) == MAX_MUNICIPALITIES
    assert min(counts) >= 1
    assert counts.index(max(counts)) == 0  # 北海道


def test_a_full_country_has_unique_valid_codes_and_unique_names() -> None:
    cities = invent_cities(MAX_MUNICIPALITIES, random.Random(1))
    assert len({city.code for city in cities}) == MAX_MUNICIPALITIES
    assert len({city.name for city in cities}) == MAX_MUNICIPALITIES
    assert all(normalise_code(city.code) == city.code for city in cities)
    assert {prefecture_of(city.code) for city in cities} == set(PREFECTURES)
    assert all(city.name.endswith(("市", "町", "村")) for city in cities)


def test_it_refuses_more_municipalities_than_the_country_has(db: None) -> None:
    with pytest.raises(ValueError, match="1〜1,741で指定"):
        generate_national(municipalities=MAX_MUNICIPALITIES + 1)
    assert not Municipality.objects.exists()


def test_the_codes_are_valid_unique_and_each_in_its_own_prefecture(national: NationalSummary) -> None:
    codes = list(Municipality.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == CITIES
    assert all(normalise_code(code) == code for code in codes)
    assert len({prefecture_of(code) for code in codes}) == min(CITIES, len(PREFECTURES))
    assert None not in {prefecture_of(code) for code in codes}


def test_each_municipality_has_one_to_three_plans_of_different_shapes(national: NationalSummary) -> None:
    by_city: dict[int, list[tuple[object, ...]]] = defaultdict(list)
    for plan in _plans():
        codes = tuple(plan.rating_scale.codes.order_by("position").values_list("code", "is_rating"))
        shape = (tuple(plan.level_labels), plan.evaluation_level, codes, plan.multi_department_rule)
        by_city[plan.municipality_id].append(shape)
    assert len(by_city) == CITIES
    for shapes in by_city.values():
        assert 1 <= len(shapes) <= 3
        assert len(set(shapes)) == len(shapes)
    every = [shape for shapes in by_city.values() for shape in shapes]
    assert len({len(shape[0]) for shape in every}) >= 3  # level counts among 2–5
    assert any(not is_rating for shape in every for _code, is_rating in shape[2])  # non-rating codes


def test_every_round_state_is_present_and_every_published_round_is_frozen(national: NationalSummary) -> None:
    assert set(Round.objects.values_list("state", flat=True)) == set(Round.State.values)
    published = set(Round.objects.filter(state=Round.State.PUBLISHED).values_list("pk", flat=True))
    assert published
    assert set(PublishedStructure.objects.values_list("round_id", flat=True)) == published
    drafts = Entry.objects.filter(round__state=Round.State.PUBLISHED).exclude(status=Entry.Status.APPROVED)
    assert not drafts.exists()


def test_each_municipality_has_an_audit_entry_of_its_generation(national: NationalSummary) -> None:
    audited = AuditEntry.objects.filter(action=GENERATE_ACTION).values_list("municipality_id", flat=True)
    assert sorted(audited) == sorted(Municipality.objects.values_list("pk", flat=True))


def test_the_public_pages_of_a_published_year_show_the_plans_own_level_names(
    national: NationalSummary, client: Client
) -> None:
    for plan in _plans():
        year = Round.objects.filter(plan=plan, state=Round.State.PUBLISHED).order_by("-fiscal_year")[0]
        query = f"?year={year.fiscal_year}"
        node = PlanNode.objects.filter(plan=plan, level=plan.evaluation_level).order_by("pk")[0]
        for path in (
            reverse("public:plan", args=[plan.pk]) + query,
            reverse("public:dashboard", args=[plan.pk]) + query,
            reverse("public:node", args=[plan.pk, node.pk]) + query,
        ):
            response = client.get(path)
            assert response.status_code == 200, path
            assert plan.level_labels[plan.evaluation_level] in response.content.decode(), path


def test_search_finds_a_word_of_a_generated_entry(national: NationalSummary, client: Client) -> None:
    entry = (
        Entry.objects.filter(round__state=Round.State.PUBLISHED)
        .select_related("project", "round__plan__municipality")
        .order_by("pk")[0]
    )
    plan = entry.round.plan
    response = client.get(reverse("search:search") + f"?q={entry.project.title}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "件見つかりました" in html
    assert f"{plan.municipality.name} {plan.title} " in html  # its plan among the counts


def test_the_search_documents_are_those_the_search_service_builds(national: NationalSummary) -> None:
    def documents() -> set[tuple[object, ...]]:
        return set(
            SearchDocument.objects.values_list(
                "entry_id",
                "plan_id",
                "round_id",
                "fiscal_year",
                "project_id",
                "policy_id",
                "department_id",
                "rating_id",
                "key",
            )
        )

    generated = documents()
    assert len(generated) == Entry.objects.count()
    for plan in _plans():
        rebuild_search_index(plan)
    assert documents() == generated


def test_shared_projects_carry_the_evaluation_the_services_would_record(national: NationalSummary) -> None:
    checked = 0
    for round_ in Round.objects.exclude(state=Round.State.PUBLISHED).select_related("plan__municipality"):
        shared = PlanNode.objects.filter(plan=round_.plan, ownerships__position=1).select_related("plan")
        for project in shared:
            before = (
                NodeEvaluation.objects.filter(round=round_, node=project)
                .values_list("rating_id", "rule")
                .first()
            )
            refresh_project_evaluation(None, round_, project)
            after = (
                NodeEvaluation.objects.filter(round=round_, node=project)
                .values_list("rating_id", "rule")
                .first()
            )
            assert before == after, (round_.plan.title, round_.fiscal_year, project.code)
            checked += 1
    assert checked


def test_the_open_data_csv_of_a_published_year_parses(national: NationalSummary, client: Client) -> None:
    round_ = Round.objects.filter(state=Round.State.PUBLISHED).order_by("pk")[0]
    url = reverse(
        "reports:download",
        kwargs={"plan_id": round_.plan_id, "fiscal_year": round_.fiscal_year, "key": "csv"},
    )
    response = client.get(url)
    assert response.status_code == 200
    rows = read_csv(response.content)
    assert len(rows) == Entry.objects.filter(round=round_).count()


def test_new_rows_get_fresh_keys_after_the_load(national: NationalSummary) -> None:
    largest = Municipality.objects.order_by("-pk").values_list("pk", flat=True)[0]
    created = Municipality.objects.create(name="追加市", code=normalise_code("99993"))
    assert created.pk > largest


def test_the_same_seed_gives_the_same_municipalities(db: None) -> None:
    first = [(city.code, city.name) for city in invent_cities(60, random.Random(5))]
    assert first == [(city.code, city.name) for city in invent_cities(60, random.Random(5))]


def test_the_command_generates_the_country_once_and_then_refuses_clearly(
    db: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHINCHOKU_DEMO", "false")  # the command sets it; restored after the test
    assert main(["demo", "--no-serve", "--municipalities", "3", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "全国データ: 自治体 3件" in out
    assert "ログインID: demo" in out
    first = Municipality.objects.order_by("pk")[0]
    assert f"jimu-{first.code}" in out
    assert main(["demo", "--no-serve", "--municipalities", "3"]) == 2
    err = capsys.readouterr().err
    assert "既に自治体が 3件登録されています" in err
    assert Municipality.objects.count() == 3


def test_the_generator_refuses_a_database_with_municipalities(national: NationalSummary) -> None:
    with pytest.raises(NationalDatasetError, match="空のデータベースにだけ"):
        generate_national(municipalities=2)


def test_database_url_without_municipalities_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--no-serve", "--database-url", "postgres://x/y"]) == 2
    assert "--municipalities" in capsys.readouterr().err


def test_the_command_loads_the_country_into_the_database_url_it_is_given(tmp_path: Path) -> None:
    """In a process of its own, as a person runs it: the database is migrated, then filled."""
    if connection.vendor == "postgresql":
        import psycopg

        name = f"national_{uuid.uuid4().hex[:8]}"
        server = os.environ["DATABASE_URL"]  # the test server's maintenance database
        with psycopg.connect(server, autocommit=True) as admin:  # CREATE DATABASE refuses a transaction
            admin.execute(f"CREATE DATABASE {name}")
        url = urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    else:
        url = f"sqlite:///{tmp_path / 'national.sqlite3'}"
    inherited = {key: value for key, value in os.environ.items() if key != "SHINCHOKU_TEST_DATABASE"}
    env = inherited | {
        "DJANGO_SETTINGS_MODULE": "shinchoku.settings",  # not the tests' (they pick a database)
        "SHINCHOKU_DATA_DIR": str(tmp_path),
        "DATABASE_URL": "sqlite:///unused",  # --database-url wins over it
    }
    command = [sys.executable, "-m", "shinchoku.cli", "demo", "--no-serve", "--municipalities", "2"]
    result = subprocess.run(
        [*command, "--database-url", url], env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "全国データ: 自治体 2件" in result.stdout
    again = subprocess.run(
        [*command, "--database-url", url], env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert again.returncode == 2
    assert "既に自治体が 2件登録されています" in again.stderr


def test_each_secretariat_sees_its_plans_and_every_round_on_the_staff_pages(
    national: NationalSummary, client_for: Callable[[User], Client]
) -> None:
    for municipality in Municipality.objects.order_by("pk"):
        client = client_for(make_user(f"jimu-{municipality.code}", municipality, role=User.Role.SECRETARIAT))
        paths = [reverse("web:home")]
        for plan in Plan.objects.filter(municipality=municipality):
            paths += [reverse("web:plan", args=[plan.pk]), reverse("web:rounds", args=[plan.pk])]
            paths += [reverse("web:round", args=[pk]) for pk in plan.rounds.values_list("pk", flat=True)]
        for path in paths:
            assert client.get(path).status_code == 200, path
