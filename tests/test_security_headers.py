"""Every response carries the security headers; a downloaded HTML report allows exactly its own style."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from shinchoku.reports.formats.html import style_sheet
from shinchoku.security_headers import PAGE_POLICY, style_hashes
from tests.evaluations.tiny_plan import TinyPlan

SOURCE = Path(__file__).resolve().parent.parent / "src" / "shinchoku"


def directives(policy: str) -> dict[str, str]:
    return {part.split()[0]: " ".join(part.split()[1:]) for part in policy.split(";") if part.strip()}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/login/", "/no-such-page/"])
def test_every_page_has_the_security_headers(client: Client, path: str) -> None:
    response = client.get(path)
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_page_policy_allows_nothing_inline_or_from_elsewhere() -> None:
    assert "unsafe" not in PAGE_POLICY
    assert "http" not in PAGE_POLICY
    assert "sha256" not in PAGE_POLICY


@pytest.mark.parametrize(
    "template", sorted(path for path in SOURCE.rglob("templates/**/*.html")), ids=lambda path: path.name
)
def test_no_template_needs_an_inline_script_or_style_that_the_policy_would_block(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)", text, re.IGNORECASE), "inline <script>"
    assert not re.search(r"\sstyle\s*=", text, re.IGNORECASE), "style attribute"
    assert not re.search(r"\son[a-z]+\s*=", text, re.IGNORECASE), "event handler attribute"
    assert "javascript:" not in text.lower()
    if "<style" in text.lower():  # only the downloaded report, which gets its own policy
        assert template.name == "document.html"


@pytest.mark.django_db
def test_the_downloaded_html_report_allows_exactly_its_style_by_hash_and_no_script(
    client: Client, tiny: TinyPlan
) -> None:
    response = client.get(reverse("reports:download", args=[tiny.plan.pk, 2023, "html"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    expected = f"'sha256-{base64.b64encode(hashlib.sha256(style_sheet().encode()).digest()).decode()}'"
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == "'none'"
    assert policy["style-src"] == expected
    assert "script-src" not in policy  # falls back to default-src 'none'
    assert policy["frame-ancestors"] == "'none'"


def test_style_hashes_cover_each_style_block_and_nothing_else() -> None:
    html = b"<style>a{}</style><p>x</p><STYLE media='print'>b{}</STYLE>"
    assert style_hashes(html) == [
        f"'sha256-{base64.b64encode(hashlib.sha256(css).digest()).decode()}'" for css in (b"a{}", b"b{}")
    ]
    assert style_hashes(b"<p>no style</p>") == []
