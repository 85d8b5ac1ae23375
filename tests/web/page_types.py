"""Every page type of the site, for the judges that read whole pages (axe, HTML_CodeSniffer, the
reflow check, the Nu HTML checker, the inline-code check).

The pages are discovered from the URLconf, not listed here: every named pattern of the ``web``,
``public`` and ``search`` namespaces is filled from the tiny plan by its keyword names. A new page
whose keywords this module cannot fill fails the tests that use it, so it gets an entry here before
it ships. Beside them: the error pages (a page that does not exist, a crash; the refusal page is what staff
get for pages their role may not use) and the downloadable HTML report.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.views.defaults import server_error
from openpyxl import load_workbook

from shinchoku.accounts.models import User
from shinchoku.accounts.setup import set_up_municipality
from shinchoku.evaluations.models import Entry
from shinchoku.ingest.workbook.actuals import ACTUAL_BY_KEY, ACTUALS_SHEET
from shinchoku.ingest.workbook.actuals import FIRST_DATA_ROW as ACTUALS_FIRST_ROW
from shinchoku.ingest.workbook.build import department_workbook
from shinchoku.notifications.models import Notification
from shinchoku.notifications.services.reminders import remind_now
from shinchoku.plans.workbook.export import export_plan_workbook
from shinchoku.search.places import MAX_CITY_CHOICES
from shinchoku.search.services import rebuild_search_index
from tests.evaluations.tiny_plan import TinyPlan, make_user
from tests.ingest.staff_sheet.sheets import filled_template
from tests.many_cities import add_cities
from tests.web.imports.desk_run import desk_run
from tests.web.plan_editor.reorganisation_judged import reorganisation_pages
from tests.web.revision_pages import revision_pages

NAMESPACES = ("web", "public", "search")
# Named patterns that are not pages to read (logout and the actions of the work pages only accept POST).
NOT_PAGES = {
    "web:logout",
    "web:entry_approve_department",
    "web:entry_approve",
    "web:entry_return",
    "web:entry_reopen",
    "web:entry_dismiss_finding",
    "web:round_open",
    "web:plan_settings",
    "web:round_deadline",
    "web:round_start_collecting",
    "web:round_start_review",
    "web:round_close",
    "web:round_publish",
    "web:round_reopen",
    "web:round_entries_bulk",  # its result page is among the stateful pages
    "web:round_unsubmitted_csv",  # a CSV file, not a page
    "web:opinion_write",
    "web:opinion_respond",
    "web:workbook_commit",
    "web:workbook_download",  # an .xlsx file, not a page
    "web:user_unlock",
    "web:user_password_reset",
    "web:user_secretariat_plans",
    "web:staff_sheet_commit",
    "web:staff_sheet_template",  # an .xlsx file, not a page
    "web:plan_edit_code_move",
    "web:plan_edit_code_remove",
    "web:plan_edit_department_move",
    "web:plan_edit_department_remove",
    "web:plan_edit_node_add",
    "web:plan_edit_node_move",
    "web:plan_edit_node_parent",
    "web:plan_edit_node_cross_list",
    "web:plan_edit_node_owners",
    "web:plan_edit_node_remove",
    "web:plan_edit_node_continuation",  # its page with a refusal is among the stateful pages
    "web:plan_edit_node_shared",
    "web:plan_edit_indicator_add",
    "web:plan_edit_indicator_targets",
    "web:plan_edit_indicator_remove",
    "web:plan_workbook_commit",
    "web:plan_workbook_template",  # an .xlsx file, not a page
    "web:plan_workbook_download",  # an .xlsx file, not a page
    "web:notification_read",
    "web:notifications_read_all",
    "web:round_reminders_send",
    "web:round_reminder_schedule",
    "web:import_item_confirm",
}
# Pages for superusers only: the judges read them as a superuser (see superuser_pages).
SUPERUSER_PAGES = {"web:municipality_setup"}
# Query strings giving a page type its distinct states (the search: empty, results, no result).
STATES = {
    "search:search": ["", "?q=福祉", "?q=存在しない語句"],
    "public:home": ["", "?q=存在しない町"],
}
# The page every unknown address answers with (the 404 template).
MISSING_PAGE = "/no-such-page/"


def _kwarg_values(tiny: TinyPlan) -> dict[str, list[object]]:
    """Candidate values for each URL keyword; a pattern is filled with every combination that
    answers 200 (a node id that is not a project is a 404 for the project page, and so on)."""
    nodes = [tiny.goal, tiny.policy, tiny.single, tiny.shared, tiny.relisted]
    departments = list(tiny.departments.values())
    return {
        "plan_id": [tiny.plan.pk],
        "prefecture_code": [tiny.municipality.code[:2]],
        "node_id": [node.pk for node in nodes],
        "project_id": [node.pk for node in nodes[2:]],
        "department_id": [department.pk for department in departments],
        "dept_id": [department.pk for department in departments],
        "fiscal_year": [tiny.published.fiscal_year],
        "year": [tiny.published.fiscal_year],
        "entry_id": list(Entry.objects.filter(round__plan=tiny.plan).values_list("pk", flat=True)),
        "round_id": [tiny.collecting.pk, tiny.published.pk],
        # 0 is nobody: visitors are sent to the login page whatever the id; staff get 403 or 404.
        "user_id": [0, *User.objects.filter(municipality=tiny.municipality).values_list("pk", flat=True)],
        "code_id": [code.pk for code in tiny.codes.values()],
        "indicator_id": [tiny.indicator.pk],
        "run_id": [desk_run(tiny).pk],
    }


def named_patterns() -> Iterator[tuple[str, list[str]]]:
    """(namespace:name, keyword names) of every named pattern in :data:`NAMESPACES`."""

    def walk(
        patterns: list[URLPattern | URLResolver], namespace: str | None
    ) -> Iterator[tuple[str, list[str]]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif pattern.name and namespace in NAMESPACES:
                yield f"{namespace}:{pattern.name}", list(pattern.pattern.converters)

    yield from walk(get_resolver().url_patterns, None)


def page_urls(tiny: TinyPlan) -> Iterator[tuple[str, list[str]]]:
    """(pattern name, candidate paths) for every page pattern; fails on a keyword it cannot fill."""
    values = _kwarg_values(tiny)
    for name, kwargs in named_patterns():
        if name in NOT_PAGES or name in SUPERUSER_PAGES:
            continue
        unknown = [kwarg for kwarg in kwargs if kwarg not in values]
        if unknown:
            pytest.fail(f"{name}: no test value for URL keyword(s) {unknown}; add them to _kwarg_values")
        combinations = itertools.product(*(values[kwarg] for kwarg in kwargs))
        paths = [reverse(name, kwargs=dict(zip(kwargs, combo, strict=True))) for combo in combinations]
        yield name, [path + state for path in paths for state in STATES.get(name, [""])]


def html_report_path(tiny: TinyPlan) -> str:
    """The downloadable HTML report of the tiny plan's published year (a standalone file)."""
    return reverse(
        "reports:download",
        kwargs={"plan_id": tiny.plan.pk, "fiscal_year": tiny.published.fiscal_year, "key": "html"},
    )


def server_error_page() -> str:
    """The page a crash answers with, rendered by Django's own server_error view as in production."""
    return server_error(RequestFactory().get("/")).content.decode()


def render_every_page(client: Client, tiny: TinyPlan, *, refusals: bool = False) -> dict[str, str]:
    """The HTML of every page type as ``client``'s user gets it, keyed by "name path"; identical
    pages (the login page every staff address sends a visitor to) are kept once. With ``refusals``
    a page the user may not use answers 403 and the refusal page stands in its place."""
    rebuild_search_index(tiny.plan)
    allowed = (200, 403) if refusals else (200,)
    pages: dict[str, str] = {}
    seen: set[str] = set()

    def keep(label: str, html: str) -> None:
        if html not in seen:
            seen.add(html)
            pages[label] = html

    for name, paths in page_urls(tiny):
        checked = 0
        for path in paths:
            response = client.get(path, follow=True)
            if response.status_code == 404:
                continue  # a candidate value this page does not take (see _kwarg_values)
            assert response.status_code in allowed, f"{name} {path}: HTTP {response.status_code}"
            checked += 1
            keep(f"{name} {path}", response.content.decode())
        assert checked, f"{name}: no candidate URL answered 200 ({paths})"
    missing = client.get(MISSING_PAGE)
    assert missing.status_code == 404
    keep(f"404 {MISSING_PAGE}", missing.content.decode())
    keep("500", server_error_page())
    report = client.get(html_report_path(tiny))
    assert report.status_code == 200, f"HTML report: HTTP {report.status_code}"
    keep(f"reports:download {html_report_path(tiny)}", report.content.decode())
    return pages


def plan_workbook_pages(tiny: TinyPlan, secretariat: Client) -> dict[str, str]:
    """The plan workbook's preview: with changes (and the publish checkbox), with errors."""
    workbook = export_plan_workbook(None, tiny.plan)
    book = load_workbook(io.BytesIO(workbook))
    book["体系"].append(["1-1-2-99", tiny.initiatives[1].code, tiny.plan.project_label, "審査用の事業"])
    book["評価"].append([tiny.published.fiscal_year - 1, tiny.single.code, "生涯学習課", "", "A", "", ""])
    changed = io.BytesIO()
    book.save(changed)
    book["体系"]["C2"].value = "存在しない階層"
    broken = io.BytesIO()
    book.save(broken)
    pages = {}
    for label, data in (("plan_workbook preview", changed), ("plan_workbook errors", broken)):
        upload = SimpleUploadedFile("計画.xlsx", data.getvalue())
        response = secretariat.post(reverse("web:plan_workbook"), {"file": upload})
        assert response.status_code == 200, f"{label}: HTTP {response.status_code}"
        pages[label] = response.content.decode()
    assert "反映する</button>" in pages["plan_workbook preview"]
    assert "取り込めません" in pages["plan_workbook errors"]
    return pages


def notification_pages(tiny: TinyPlan, secretariat: Client) -> dict[str, str]:
    """The お知らせ with read and unread notices, the 督促 page with a department to remind (and
    one already reminded today), and its schedule form sent back refused."""
    round_ = tiny.collecting
    round_.deadline = date(2099, 5, 30)
    round_.save(update_fields=["deadline"])
    Entry.objects.create(round=round_, project=tiny.unrated, department=tiny.departments["社協"])
    jimu = User.objects.get(username="judge-jimu")
    tiny.departments["社協"].email = "shakyo@shakyo.example.jp"
    tiny.departments["社協"].save(update_fields=["email"])
    for title in ("提出のお願い", "差し戻されました"):
        Notification.objects.create(
            recipient=jimu, kind="reminder", title=title, body="一行目\n二行目", link="/staff/my/"
        )
    Notification.objects.filter(recipient=jimu, title="差し戻されました").update(read_at=timezone.now())
    pages = {"notifications with notices": secretariat.get(reverse("web:notifications")).content.decode()}
    remind_page = reverse("web:round_reminders", args=[round_.pk])
    pages["round_reminders to send"] = secretariat.get(remind_page).content.decode()
    remind_now(jimu, round_.pk, dry_run=False)
    pages["round_reminders sent"] = secretariat.get(remind_page).content.decode()
    refused = secretariat.post(
        reverse("web:round_reminder_schedule", args=[round_.pk]),
        {"offsets": "一週間前", "overdue_every": "-1", "version": "0"},
    )
    assert refused.status_code == 400
    pages["round_reminders refused schedule"] = refused.content.decode()
    return pages


def correction_pages(tiny: TinyPlan, secretariat: Client) -> dict[str, str]:
    """The correction (正誤) pages in their other states: the entry form refused without a reason
    (400), then, once a published rating is corrected, the staff and public 正誤表 with a line and
    the pages that show the 訂正 mark."""
    entry = Entry.objects.get(round=tiny.published, project=tiny.single)
    form = reverse("web:entry_correction", kwargs={"entry_id": entry.pk})
    fields = {"progress": entry.progress, "rating": "B", "version": str(entry.version)}
    refused = secretariat.post(form, fields | {"correction_reason": ""})
    assert refused.status_code == 400, f"entry_correction refused: HTTP {refused.status_code}"
    assert secretariat.post(form, fields | {"correction_reason": "転記誤り"}).status_code == 302
    visitor = Client()
    shown = {
        "entry_correction refused": refused,
        "round_corrections with a line": secretariat.get(
            reverse("web:round_corrections", args=[tiny.published.pk])
        ),
        "corrections with a line": visitor.get(reverse("public:corrections", args=[tiny.plan.pk, 2023])),
        "policy with a correction": visitor.get(reverse("public:node", args=[tiny.plan.pk, tiny.policy.pk])),
        "project with a correction": visitor.get(
            reverse("public:project", args=[tiny.plan.pk, tiny.single.pk])
        ),
    }
    for label, response in shown.items():
        assert response.status_code in (200, 400), f"{label}: HTTP {response.status_code}"
    return {label: response.content.decode() for label, response in shown.items()}


def stateful_pages(tiny: TinyPlan) -> dict[str, str]:
    """The pages no plain GET by the judges' users reaches, keyed by a label: the superuser's
    set-up page (empty, with its result and one-time password, with an error), the bulk
    registration's previews (new rows, errors), its printable list of one-time passwords, the
    password change a one-time password forces, a project's rating set by the 事務局, the plan
    editor's forms sent back refused, the entry workbook's preview with an indicator actual, and
    the round's list with an entry to review and the bulk review's result, and the import review
    desk with a refused 確認."""
    pages: dict[str, str] = {}

    def keep(label: str, response: object, status: int = 200) -> None:
        assert getattr(response, "status_code", 0) == status, (
            f"{label}: HTTP {getattr(response, 'status_code', 0)}"
        )
        pages[label] = response.content.decode()  # type: ignore[attr-defined]

    superuser = Client()
    superuser.force_login(User.objects.create_superuser("judge-root", password="correct horse battery"))
    setup = reverse("web:municipality_setup")
    keep("municipality_setup", superuser.get(setup))
    ageo = {"name": "上尾市", "code": "112194", "admin_username": "judge-ageo"}
    keep("municipality_setup created", superuser.post(setup, ageo))
    keep("municipality_setup error", superuser.post(setup, ageo | {"code": "112195"}))

    secretariat = Client()
    secretariat.force_login(make_user("judge-jimu", tiny.municipality, role=User.Role.SECRETARIAT))
    upload = reverse("web:staff_sheet_upload")

    def sheet(rows: list[tuple[str, str, str, str]]) -> SimpleUploadedFile:
        return SimpleUploadedFile("職員.xlsx", filled_template(tiny.municipality, rows))

    rows = [
        ("judge-1", "共生 一郎", "担当課(入力)", "共生福祉課、社協"),
        ("judge-2", "委員 二郎", "推進委員", ""),
    ]
    keep(
        "staff_sheet errors",
        secretariat.post(upload, {"file": sheet([*rows, ("judge 3", "", "係長", "福祉課")])}),
    )
    preview = secretariat.post(upload, {"file": sheet(rows)})
    keep("staff_sheet preview", preview)
    html = preview.content.decode()
    token = html.split('name="token" value="', 1)[1].split('"', 1)[0]
    keep(
        "staff_sheet passwords",
        secretariat.post(reverse("web:staff_sheet_commit"), {"token": token, "file_name": "職員.xlsx"}),
    )

    # The project-level page once the 事務局 has set a project's rating by hand (with the undo).
    project_page = reverse("web:project_evaluation", args=[tiny.collecting.pk, tiny.shared.pk])
    secretariat.post(project_page, {"action": "rating", "rating": "B", "comment": "協議で決定", "version": 0})
    keep("project_evaluation set by hand", secretariat.get(project_page))

    # The plan editor's forms sent back with a refusal (400): the messages beside their fields.
    plan = tiny.plan.pk
    keep(
        "plan_edit refused",
        secretariat.post(reverse("web:plan_edit", args=[plan]), {"title": "", "first_fiscal_year": "2024"}),
        400,
    )
    keep(
        "plan_edit_node refused owners",
        secretariat.post(
            reverse("web:plan_edit_node_owners", args=[plan, tiny.single.pk]),
            {"owners-owner_0": str(tiny.departments["社協"].pk)},
        ),
        400,
    )
    keep(
        "plan_edit_node refused indicator",
        secretariat.post(
            reverse("web:plan_edit_indicator_add", args=[plan, tiny.single.pk]),
            {"indicator-label": "", "indicator-target_value": "たくさん", "indicator-direction": "up"},
        ),
        400,
    )
    keep(
        "plan_edit_scale refused removal",
        secretariat.post(reverse("web:plan_edit_code_remove", args=[plan, tiny.codes["A"].pk])),
        400,
    )
    pages |= reorganisation_pages(tiny, secretariat)
    pages |= plan_workbook_pages(tiny, secretariat)
    pages |= notification_pages(tiny, secretariat)
    pages |= revision_pages(tiny, secretariat)

    # The entry workbook's preview with an indicator actual changed on its 指標の実績 sheet.
    learning = tiny.departments["生涯学習課"]
    book = load_workbook(
        io.BytesIO(department_workbook(User.objects.get(username="judge-jimu"), tiny.collecting, learning))
    )
    book[ACTUALS_SHEET][f"{ACTUAL_BY_KEY['actual'].letter}{ACTUALS_FIRST_ROW}"].value = "46校"
    filled = io.BytesIO()
    book.save(filled)
    upload_page = reverse("web:workbook_upload", args=[tiny.collecting.pk, learning.pk])
    keep(
        "workbook_upload actuals",
        secretariat.post(upload_page, {"file": SimpleUploadedFile("生涯学習課.xlsx", filled.getvalue())}),
    )

    # The list of entries with one to review (checkbox, bulk form), and the bulk result page
    # with one entry approved and one refused.
    entry = Entry.objects.get(round=tiny.collecting, project=tiny.single)
    Entry.objects.filter(pk=entry.pk).update(status=Entry.Status.SUBMITTED)
    keep("round_entries reviewable", secretariat.get(reverse("web:round_entries", args=[tiny.collecting.pk])))
    selected = [f"{entry.pk}:{entry.version}", f"{tiny.published.entries.first().pk}:0"]  # type: ignore[union-attr]
    bulk = reverse("web:round_entries_bulk", args=[tiny.collecting.pk])
    keep("round_entries_bulk result", secretariat.post(bulk, {"action": "approve", "selected": selected}))

    # The import review desk with a 確認 sent back (no note): the message beside its field.
    item = desk_run(tiny).items.filter(status="open").order_by("position").first()
    assert item is not None
    confirm = reverse("web:import_item_confirm", args=[item.pk])
    keep("import_desk refused", secretariat.post(confirm, {f"item{item.pk}-note": ""}), 400)
    pages |= correction_pages(tiny, secretariat)

    outcome = set_up_municipality(
        None, name="上尾市", code="112194", admin_username="judge-ageo", reset_password=True
    )
    forced = Client()
    assert outcome.password is not None
    assert forced.login(username="judge-ageo", password=outcome.password)
    keep("password_change forced", forced.get(reverse("web:password_change")))
    pages |= _national_pages()
    return pages


def _national_pages() -> dict[str, str]:
    """The home, a prefecture and the search with more cities than fit on a page or in a list of
    choices: the prefectures offered, a search of cities, the page links, the count links cut."""
    add_cities(MAX_CITY_CHOICES + 5)
    visitor = Client()
    home = reverse("public:home")
    addresses = {
        "home national": home,
        "home national searched, page 2": f"{home}?q=%E7%94%9F%E6%88%90&page=2",
        "prefecture national": reverse("public:prefecture", args=["11"]),
        "search national": "/search/?q=%E7%A6%8F%E7%A5%89%E8%AC%9B%E5%BA%A7",
        "search national by prefecture": "/search/?q=%E7%A6%8F%E7%A5%89&prefecture=11",
    }
    pages = {}
    for label, address in addresses.items():
        response = visitor.get(address)
        assert response.status_code == 200, f"{label}: HTTP {response.status_code}"
        pages[label] = response.content.decode()
    return pages
