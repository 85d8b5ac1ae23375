"""Every page type is valid HTML by the Nu HTML checker (vnu), for visitors, staff and the 事務局.

vnu.jar comes from the npm package vnu-jar, installed by scripts/install-judges into .venv/judges;
Java from Debian (default-jre-headless). Java is slow to start, so every page is written to a file
and all of them are checked by one invocation. Without Java or the jar the test is skipped, except
under ``CI=true`` where it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from shinchoku.accounts.models import User
from tests.evaluations.scaled_plan import ScaledPlan
from tests.evaluations.tiny_plan import TinyPlan, make_user
from tests.web.page_types import render_every_page, stateful_pages

VNU = Path(__file__).resolve().parents[2] / ".venv/judges/node_modules/vnu-jar/build/dist/vnu.jar"
# A page the checker must refuse: the fault once found on the 基本目標 pages (a list in a span).
CANARY = '<!DOCTYPE html><html lang="ja"><title>t</title><p><span><ul><li>x</li></ul></span></p></html>'


def _java() -> str:
    java = shutil.which("java")
    if java is None or not VNU.exists():
        missing = "java (Debian default-jre-headless)" if java is None else f"{VNU} (scripts/install-judges)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"the Nu HTML checker is required under CI=true; missing {missing}")
        pytest.skip(f"the Nu HTML checker is not installed; missing {missing}")
    return java


def _vnu_errors(pages: dict[str, str], folder: Path) -> dict[str, list[str]]:
    """The checker's errors per page label ("line N: message"), from one java invocation."""
    files: dict[str, str] = {}
    for number, (label, html) in enumerate(pages.items()):
        path = folder / f"page{number:03d}.html"
        path.write_text(html, encoding="utf-8")
        files[path.name] = label
    result = subprocess.run(
        [_java(), "-jar", str(VNU), "--format", "json", "--errors-only", *sorted(map(str, folder.iterdir()))],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report: dict[str, Any] = json.loads(result.stderr or result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"the Nu HTML checker answered no JSON (exit {result.returncode}):\n{result.stderr}")
    errors: dict[str, list[str]] = {}
    for message in report["messages"]:
        url = message.get("url", "?")  # file:/folder/pageNNN.html
        label = files.get(url.rsplit("/", 1)[-1], url)
        where = f"line {message.get('lastLine', '?')}"
        extract = message.get("extract", "").strip()
        errors.setdefault(label, []).append(f"{where}: {message['message']} — {extract!r}")
    return errors


def test_every_page_type_is_valid_html_for_visitors_staff_and_the_secretariat(
    tiny: TinyPlan, city_staff: User, client_for: Callable[[User], Client], tmp_path: Path
) -> None:
    _java()  # before rendering: skip or fail at once when the checker is missing
    pages = {f"visitor {label}": html for label, html in render_every_page(Client(), tiny).items()}
    pages |= {
        f"staff {label}": html
        for label, html in render_every_page(client_for(city_staff), tiny, refusals=True).items()
    }
    secretariat = Client()
    secretariat.force_login(make_user("jimukyoku", tiny.municipality, role=User.Role.SECRETARIAT))
    pages |= {f"事務局 {label}": html for label, html in render_every_page(secretariat, tiny).items()}
    pages |= stateful_pages(tiny)
    pages["canary"] = CANARY

    errors = _vnu_errors(pages, tmp_path)

    assert "canary" in errors, "the checker did not report the canary page's list inside a span"
    del errors["canary"]
    report = [f"{label}: {error}" for label, found in sorted(errors.items()) for error in found]
    summary = f"the Nu HTML checker found {len(report)} errors in {len(pages) - 1} pages:\n"
    assert report == [], summary + "\n".join(report)


def test_the_tallies_of_a_scale_with_non_rating_codes_are_valid_html(
    scaled: ScaledPlan, tmp_path: Path
) -> None:
    """The tiny plan's scale has no non-rating code: these pages show their own columns and notes."""
    _java()
    plan = scaled.plan.pk
    paths = [
        reverse("public:dashboard", args=[plan]),
        reverse("public:plan", args=[plan]),
        reverse("public:department", args=[plan, scaled.departments["福祉課"].pk]),
    ]
    client = Client()
    pages = {path: client.get(path).content.decode() for path in paths}
    pages["canary"] = CANARY

    errors = _vnu_errors(pages, tmp_path)

    assert "canary" in errors, "the checker did not report the canary page's list inside a span"
    del errors["canary"]
    assert errors == {}
