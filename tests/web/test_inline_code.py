"""No page of the site carries inline style or script, so that the Content-Security-Policy
``default-src 'self'`` (no 'unsafe-inline') breaks nothing: every style comes from site.css, and
the SVG charts use classes and presentation attributes. The downloadable HTML report is a
standalone file, not served as a page of the site, and keeps its embedded stylesheet.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.test import Client

from shinchoku.accounts.models import User
from tests.evaluations.tiny_plan import TinyPlan, make_user
from tests.web.page_types import render_every_page, stateful_pages

# A style attribute, a style element, an inline script (one without src) or an event handler.
INLINE = re.compile(
    r"""\sstyle\s*=|<style\b|<script\b(?![^>]*\ssrc\s*=)|\son[a-z]+\s*=|javascript:""", re.IGNORECASE
)


def _inline_code(pages: dict[str, str]) -> list[str]:
    return [
        f"{label}: {match.group(0).strip()!r} at character {match.start()}"
        for label, html in pages.items()
        if " reports:download " not in f" {label} "
        for match in INLINE.finditer(html)
    ]


def test_no_page_type_has_inline_style_or_script(
    tiny: TinyPlan, city_staff: User, client_for: Callable[[User], Client]
) -> None:
    secretariat = Client()
    secretariat.force_login(make_user("jimukyoku", tiny.municipality, role=User.Role.SECRETARIAT))
    pages = {
        f"{reader} {label}": html
        for reader, rendered in [
            ("visitor", render_every_page(Client(), tiny)),
            ("staff", render_every_page(client_for(city_staff), tiny, refusals=True)),
            ("事務局", render_every_page(secretariat, tiny)),
        ]
        for label, html in rendered.items()
    }
    pages |= stateful_pages(tiny)

    assert _inline_code(pages) == []


def test_the_inline_code_check_finds_each_kind() -> None:
    pages = {
        "a": '<p style="color: red">x</p>',
        "b": "<style>p {}</style>",
        "c": "<script>alert(1)</script>",
        "d": '<button onclick="go()">x</button>',
        "e": '<script src="/static/x.js"></script>',
        "visitor reports:download /reports/1/2023/html/": "<style>p {}</style>",
    }
    assert [finding.split(":")[0] for finding in _inline_code(pages)] == ["a", "b", "c", "d"]
