"""The parts the report PDF is assembled from, what each is laid out from, and their cache form.

Every part starts on a new page in the one-document layout (print.css breaks before the summary
and each 施策, and after the cover), so a part laid out alone has exactly its pages there:

- the cover and contents, laid out last, with the contents' page numbers written in;
- the summary;
- one part per 施策;
- the *stamp*: blank pages carrying only the running header and the page numbers, laid over the
  merged pages. The other parts are laid out without those margin boxes.

A :class:`Job` is everything WeasyPrint needs to lay out a part (HTML and which style sheet), so
it can run in a worker process; its :meth:`Job.key` is the hash of that input, the part's name
in the disk cache. Nothing here imports WeasyPrint.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from shinchoku.reports.content import ReportContent
from shinchoku.reports.document import render_html

# Parts leave the margin boxes (running header, page numbers) to the stamp; the margins stay.
PART_CSS = "@page { @top-left { content: none } @bottom-center { content: none } }"

COVER = "cover"
SUMMARY = "summary"


@dataclass(frozen=True)
class Job:
    """One part to lay out: ``html`` with the part style sheet (no margin boxes), tagged; or, for
    ``stamp``, with the full print style sheet, untagged (the stamp is an artifact)."""

    html: str
    stamp: bool = False

    def key(self, style_key: str) -> str:
        kind = "stamp" if self.stamp else "part"
        return hashlib.sha256(f"{style_key}\n{kind}\n{self.html}".encode()).hexdigest()


@dataclass(frozen=True)
class Bookmark:
    """A PDF outline entry: ``level`` is the heading level, ``page`` 0-based within its part,
    ``left``/``top`` in PDF points from the bottom-left corner."""

    level: int
    label: str
    page: int
    left: float
    top: float
    is_open: bool


@dataclass(frozen=True)
class RenderedPart:
    """A laid-out part: its own tagged PDF and the outline entries to rebuild in the whole."""

    pdf: bytes
    page_count: int
    bookmarks: tuple[Bookmark, ...]

    def to_bytes(self) -> bytes:
        """One line of JSON (page count, bookmarks), then the PDF: the part's cache file."""
        header = {"pages": self.page_count, "bookmarks": [vars(bookmark) for bookmark in self.bookmarks]}
        return json.dumps(header, ensure_ascii=False).encode() + b"\n" + self.pdf

    @classmethod
    def from_bytes(cls, data: bytes) -> RenderedPart:
        header, _, pdf = data.partition(b"\n")
        fields = json.loads(header)
        bookmarks = tuple(Bookmark(**bookmark) for bookmark in fields["bookmarks"])
        return cls(pdf, int(fields["pages"]), bookmarks)


def body_names(content: ReportContent) -> tuple[str, ...]:
    """The parts after the cover, in page order: the summary, then each 施策 by its anchor."""
    return (SUMMARY, *(policy.anchor for policy in content.policies))


def cover_job(content: ReportContent, page_refs: Mapping[str, int]) -> Job:
    """The cover and contents, with ``page_refs`` (anchor → page) printed in the contents.

    Laid out alone, the cover holds none of the anchors its contents link to, and WeasyPrint
    drops links to missing anchors: each contents link is made its own target here, and the
    merge points those names at the real pages.
    """
    return Job(
        render_html(content, css="", summary=False, policies=(), page_refs=page_refs, link_targets=True)
    )


def body_job(content: ReportContent, name: str) -> Job:
    """The summary (``name`` :data:`SUMMARY`) or the 施策 whose anchor is ``name``."""
    if name == SUMMARY:
        return Job(render_html(content, css="", cover=False, policies=()))
    policies = tuple(policy for policy in content.policies if policy.anchor == name)
    return Job(render_html(content, css="", cover=False, summary=False, policies=policies))


def stamp_job(content: ReportContent, page_count: int) -> Job:
    """``page_count`` blank pages, the first one the cover (no running header)."""
    pages = "".join(
        '<div class="stamp cover"></div>' if number == 0 else '<div class="stamp"></div>'
        for number in range(page_count)
    )
    title = escape(f"{content.municipality} {content.title}")
    return Job(
        '<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">'
        "<style>.stamp { break-after: page; height: 1px; } .stamp:last-child { break-after: auto; }</style>"
        f'</head><body data-title="{title}">{pages}</body></html>',
        stamp=True,
    )


def page_refs(names: Sequence[str], cover_pages: int, lengths: Sequence[int]) -> dict[str, int]:
    """The first page number of each part, given the cover's and each part's page count."""
    refs: dict[str, int] = {}
    page = cover_pages + 1
    for name, length in zip(names, lengths, strict=True):
        refs[name] = page
        page += length
    return refs
