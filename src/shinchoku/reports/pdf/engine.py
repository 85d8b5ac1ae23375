"""Rendering the report PDF from parts, each laid out once and kept on disk.

1. Each part's input (its HTML) is hashed; a part found in the disk cache is not laid out again.
2. Missing parts are laid out by WeasyPrint (:mod:`.layout`): in worker processes, one per CPU,
   when there are several and this process may fork (it runs no other thread); else here. The
   workers are forked once fonts and style sheets are loaded, so they share them.
3. The cover is laid out once the parts' page counts give the contents' page numbers, and the
   stamp (running header, page numbers) once the page count is known.
4. :func:`.assemble.assemble` merges them into the report.

After one entry changes, only its 施策's part is laid out again, with the cover and stamp only if
page counts moved. The result is page for page :func:`.layout.render_single` (tests compare them).
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from importlib.metadata import version
from types import TracebackType

from shinchoku.reports.content import ReportContent
from shinchoku.reports.document import print_css
from shinchoku.reports.fonts import report_font
from shinchoku.reports.pdf import cache
from shinchoku.reports.pdf.parts import (
    PART_CSS,
    Job,
    RenderedPart,
    body_job,
    body_names,
    cover_job,
    page_refs,
    stamp_job,
)

Progress = Callable[[int, int], None]

# The cover's page count decides the contents' numbers, which could in theory change it back.
_COVER_ATTEMPTS = 3


def style_key() -> str:
    """Besides its HTML, what decides how a part looks: WeasyPrint's version and the style sheets."""
    return "\n".join([version("weasyprint"), print_css(report_font().font_face_css()), PART_CSS])


def render_parts(content: ReportContent, progress: Progress | None = None) -> bytes:
    """The report as tagged PDF, from cached parts where they exist."""
    names = body_names(content)
    with _Renderer(style_key(), progress) as renderer:
        # The draft cover (contents without page numbers) tells how many pages the cover takes.
        draft, *body = renderer.render([cover_job(content, {}), *(body_job(content, name) for name in names)])
        cover_pages = draft.page_count
        for _ in range(_COVER_ATTEMPTS):
            refs = page_refs(names, cover_pages, [part.page_count for part in body])
            total = cover_pages + sum(part.page_count for part in body)
            cover, stamp = renderer.render([cover_job(content, refs), stamp_job(content, total)])
            if cover.page_count == cover_pages:
                break
            cover_pages = cover.page_count
        else:
            raise RuntimeError("the contents' page count did not settle")
        from shinchoku.reports.pdf.assemble import assemble  # pikepdf: only when merging

        pdf = assemble(cover, body, stamp)
        renderer.finished()
    return pdf


def _render_job(job: Job) -> RenderedPart:
    """Lay out one part, here or in a worker process."""
    from shinchoku.reports.pdf import layout

    return layout.render(job)


def _worker_count(jobs: int) -> int:
    """Workers for ``jobs`` parts: one per CPU, or none where forking is unsafe (other threads run,
    e.g. in the web server, and a forked child could inherit a lock another thread holds)."""
    if jobs < 2 or threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    return min(jobs, len(os.sched_getaffinity(0)))


class _Renderer:
    """Lays out the parts asked for that the disk cache lacks, and stores them there."""

    def __init__(self, style: str, progress: Progress | None) -> None:
        self._style = style
        self._progress = progress
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        self._done = 0
        self._total = 0

    def __enter__(self) -> _Renderer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
        cache.prune(cache.parts_dir(), "*.part", cache.KEEP_PARTS)

    def render(self, jobs: Sequence[Job]) -> list[RenderedPart]:
        keys = [job.key(self._style) for job in jobs]
        found: dict[str, RenderedPart] = {}
        missing: dict[str, Job] = {}
        for key, job in zip(keys, jobs, strict=True):
            part = self._cached(key)
            if part is not None:
                found[key] = part
            else:
                missing[key] = job
        # The first batch holds all the parts; the second the cover and stamp, then the merge.
        self._total = self._total or len(missing) + 3
        for key, part in self._lay_out(missing):
            cache.write(cache.part_path(key), part.to_bytes())
            found[key] = part
            self._step()
        return [found[key] for key in keys]

    def finished(self) -> None:
        self._done = self._total - 1
        self._step()

    def _cached(self, key: str) -> RenderedPart | None:
        data = cache.read(cache.part_path(key))
        if data is None:
            return None
        try:
            return RenderedPart.from_bytes(data)
        except (ValueError, KeyError, TypeError):  # a damaged file: lay the part out again
            return None

    def _lay_out(self, missing: dict[str, Job]) -> Iterator[tuple[str, RenderedPart]]:
        """``(key, part)`` for each of ``missing``, in the order they are ready."""
        workers = _worker_count(len(missing))
        if self._pool is None and workers:
            from shinchoku.reports.pdf import layout

            layout.prepare()  # once here rather than in every worker
            context = multiprocessing.get_context("fork")
            self._pool = concurrent.futures.ProcessPoolExecutor(workers, mp_context=context)
        if self._pool is None or len(missing) < 2:
            for key, job in missing.items():
                yield key, _render_job(job)
            return
        # Longest first, so that the last part to finish is a short one.
        ordered = sorted(missing.items(), key=lambda item: len(item[1].html), reverse=True)
        futures = {self._pool.submit(_render_job, job): key for key, job in ordered}
        for future in concurrent.futures.as_completed(futures):
            yield futures[future], future.result()

    def _step(self) -> None:
        self._done += 1
        if self._progress:
            self._progress(min(self._done, self._total), self._total)
