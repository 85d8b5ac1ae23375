"""Peak season: department editors saving and submitting across cities while the public reads.

On the deployment of :func:`bench.cluster.running_cluster` (two ``shinchoku serve`` on one
PostgreSQL, the page cache in Redis, nginx in front), for ``seconds`` at once:

* *writers*: one thread per department editor (signed in beforehand: a password hash per editor
  would measure the hashing), spread over the cities, saving at a steady total rate through the staff
  site's real entry form: open the form (GET), change 進捗状況 to a text of its own, post it back with
  everything else the form showed (CSRF token and version included) as 下書き保存, and every
  :data:`SUBMIT_EVERY`-th save of an entry as 提出 (then the next entry, while the editor has one);
* *readers*: ``wrk`` with :data:`READERS` keep-alive connections at a steady total rate, walking the
  public pages of up to :data:`bench.cluster.READ_PLANS` plans spread over the cities, home and the
  searches.

Then it checks: no lost update (each entry's 進捗状況 in the database is the last text its writer was
told it saved, and its version moved on by exactly the number of saves accepted), no deadlock (the
PostgreSQL log, and no server error), and reports save p50/p99, read p50/p99 and the public pages'
cache hit ratio (``X-Page-Cache``).
"""

from __future__ import annotations

import http.client
import os
import statistics
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode

import psycopg

from bench.cluster import (
    READ_PLANS,
    Cluster,
    WrkResult,
    command_line,
    dataset_size,
    logged_problems,
    running_cluster,
    warm,
    wrk,
)

READERS = 32
SUBMIT_EVERY = 5
TIME_LIMIT = 120.0


class EntryFormReader(HTMLParser):
    """The fields of the entry form (``<form class="entry-form">``) as a browser would post them:
    inputs (not buttons; checkboxes and radios when checked), textareas, and each select's selected
    option (its first one when none is); also the rating codes offered (radios or a select)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self.rating_codes: list[str] = []
        self._in_form = False
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_first: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form" and "entry-form" in attributes.get("class", "").split():
            self._in_form = True
        if not self._in_form or ("name" not in attributes and tag != "option"):
            return
        name = attributes.get("name", "")
        kind = attributes.get("type", "text")
        if tag == "input" and kind not in ("submit", "button", "reset", "image"):
            if kind == "radio" and name == "rating":
                self.rating_codes.append(attributes.get("value", ""))
            if kind not in ("checkbox", "radio") or "checked" in attributes:
                self.fields[name] = attributes.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select":
            self._select, self._select_first = name, None
        elif tag == "option" and self._select is not None:
            value = attributes.get("value", "")
            if self._select == "rating" and value:
                self.rating_codes.append(value)
            if self._select_first is None:
                self._select_first = value
            if "selected" in attributes:
                self.fields[self._select] = value

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None:
            self.fields.setdefault(self._select, self._select_first or "")
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self.fields[self._textarea] += data


def read_entry_form(html: str) -> EntryFormReader:
    reader = EntryFormReader()
    reader.feed(html)
    reader.close()
    return reader


@dataclass
class Writer:
    """One signed-in editor: its cookies, its entries, and what it was told."""

    number: int
    cookies: dict[str, str]
    entries: list[int]
    # entry id → the last 進捗状況 the server accepted, the version first seen, the saves accepted
    believed: dict[int, str] = field(default_factory=dict)
    first_version: dict[int, int] = field(default_factory=dict)
    accepted: dict[int, int] = field(default_factory=dict)
    save_seconds: list[float] = field(default_factory=list)
    open_seconds: list[float] = field(default_factory=list)
    stale: int = 0
    refused: int = 0
    errors: list[str] = field(default_factory=list)
    submitted: int = 0

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def remember(self, response: http.client.HTTPResponse) -> None:
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]


def _request(
    connection: http.client.HTTPConnection, writer: Writer, method: str, path: str, body: str | None = None
) -> tuple[float, int, str]:
    headers = {"Cookie": writer.cookie_header()}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    start = time.perf_counter()
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    text = response.read().decode("utf-8", errors="replace")
    elapsed = time.perf_counter() - start
    writer.remember(response)
    return elapsed, response.status, text


def save_once(connection: http.client.HTTPConnection, writer: Writer, entry_id: int, submit: bool) -> bool:
    """Open the entry's form, change 進捗状況 and post it; True when the entry was submitted."""
    path = f"/staff/entries/{entry_id}/"
    elapsed, status, html = _request(connection, writer, "GET", path)
    writer.open_seconds.append(elapsed)
    if status != 200:
        writer.errors.append(f"GET {path}: HTTP {status}")
        return False
    form = read_entry_form(html)
    if "version" not in form.fields:
        writer.errors.append(f"GET {path}: no entry form (HTTP {status})")
        return False
    version = int(form.fields["version"])
    writer.first_version.setdefault(entry_id, version)
    text = f"ベンチ保存 担当{writer.number} 第{sum(writer.accepted.values()) + 1}回 {time.time():.3f}"
    fields = form.fields | {"progress": text, "action": "submit" if submit else "draft"}
    if submit:
        fields.setdefault("rating", "")
        if not fields["rating"] and form.rating_codes:
            fields["rating"] = form.rating_codes[0]
        # What a submission needs (evaluations.services.entries.submission_errors).
        fields["reason"] = fields.get("reason") or "ベンチマークの提出"
        fields["next_year_goal"] = fields.get("next_year_goal") or "ベンチマークの次年度の目標"
    elapsed, status, html = _request(connection, writer, "POST", path, urlencode(fields))
    writer.save_seconds.append(elapsed)
    if status == 302:
        writer.believed[entry_id] = text
        writer.accepted[entry_id] = writer.accepted.get(entry_id, 0) + 1
        return submit
    if status == 200:
        again = read_entry_form(html).fields.get("version")
        if again is not None and int(again) != version:
            writer.stale += 1
        else:
            writer.refused += 1
        return False
    writer.errors.append(f"POST {path}: HTTP {status}")
    return False


def _write(cluster: Cluster, writer: Writer, interval: float, deadline: float) -> None:
    """Save at one save per ``interval`` seconds (on a fixed schedule) until ``deadline``."""
    connection = http.client.HTTPConnection("127.0.0.1", cluster.port, timeout=60)
    position, saves_of_entry = 0, 0
    next_at = time.monotonic() + interval * (writer.number % 10) / 10  # spread the writers' starts
    while True:
        pause = next_at - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        if time.monotonic() > deadline:
            break
        next_at += interval
        entry_id = writer.entries[position]
        saves_of_entry += 1
        submit = saves_of_entry >= SUBMIT_EVERY and position + 1 < len(writer.entries)
        try:
            if save_once(connection, writer, entry_id, submit):
                writer.submitted += 1
                position, saves_of_entry = position + 1, 0
            elif submit:  # refused: drafts again before the next try
                saves_of_entry = 0
        except (OSError, http.client.HTTPException) as error:
            writer.errors.append(f"entry {entry_id}: {error}")
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", cluster.port, timeout=60)
    connection.close()


def lost_updates(cluster: Cluster, writers: list[Writer]) -> tuple[int, int, list[str]]:
    """(entries checked, entries whose database state is not what their writer was told, examples)."""
    believed = {entry: (writer, text) for writer in writers for entry, text in writer.believed.items()}
    lost: list[str] = []
    with psycopg.connect(cluster.database_url.replace("postgres://", "postgresql://", 1)) as connection:
        rows = connection.execute(
            "SELECT id, progress, version FROM evaluations_entry WHERE id = ANY(%s)", [list(believed)]
        ).fetchall()
    for entry_id, progress, version in rows:
        writer, text = believed[entry_id]
        moved = version - writer.first_version[entry_id]
        if progress != text or moved != writer.accepted[entry_id]:
            lost.append(f"entry {entry_id}: {moved} versions for {writer.accepted[entry_id]} saves")
    return len(rows), len(lost), lost[:5]


def _percentiles(seconds: list[float]) -> str:
    if not seconds:
        return "—"
    ordered = sorted(seconds)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    return f"{statistics.median(ordered) * 1000:.0f} / {p99 * 1000:.0f} ms"


def measure(
    cluster: Cluster, *, seconds: float, saves_per_second: float, reads_per_second: float
) -> tuple[list[Writer], WrkResult, dict[str, int]]:
    """Writers and readers at once for ``seconds``; the writers, the readers' load, the problems logged."""
    writers = [
        Writer(number, dict([editor["cookie"].split("=", 1)]), editor["entries"])
        for number, editor in enumerate(cluster.info["editors"])
    ]
    if not writers:
        raise RuntimeError("no department editor has an entry to fill in an open round")
    paths = [path for _, path in cluster.info["reader_pages"]]
    warm(cluster, paths)
    interval = len(writers) / saves_per_second
    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=_write, args=(cluster, w, interval, deadline)) for w in writers]
    for thread in threads:
        thread.start()
    try:
        readers = wrk(cluster, paths, seconds=seconds, connections=READERS, rate=reads_per_second)
    finally:
        for thread in threads:
            thread.join()
    return writers, readers, logged_problems(cluster)


def run(*, quick: bool) -> list[str]:
    editors, seconds, rate, read_rate = (8, 10.0, 2.0, 50.0) if quick else (40, 60.0, 4.0, 150.0)
    size = dataset_size(quick=quick)
    seconds = min(seconds, TIME_LIMIT)
    load_before = os.getloadavg()[0]
    with running_cluster(size=size, editors=editors) as cluster:
        info: dict[str, Any] = cluster.info
        writers, readers, problems = measure(
            cluster, seconds=seconds, saves_per_second=rate, reads_per_second=read_rate
        )
        checked, lost, examples = lost_updates(cluster, writers)
    saves = [elapsed for writer in writers for elapsed in writer.save_seconds]
    opens = [elapsed for writer in writers for elapsed in writer.open_seconds]
    accepted = sum(sum(writer.accepted.values()) for writer in writers)
    errors = [error for writer in writers for error in writer.errors]
    cities = len({editor["city"] for editor in info["editors"]})
    share = readers.cached_share
    hit_ratio = "—" if share is None else f"{share:.1%}"
    served = ", ".join(f"{name} {count:,}" for name, count in readers.served.items() if count)
    problem_text = ", ".join(f"{name}: {count}" for name, count in problems.items())
    return [
        "## Peak season: writers and readers at once",
        "",
        f"`{command_line('peak', quick=quick)}`: the deployment of 'Public "
        "pages at 64 clients' (two `shinchoku serve`, PostgreSQL, Redis, nginx); dataset "
        f"{info['municipalities']} municipalities, {info['entries']:,} entries. For {seconds:.0f} s at "
        f"once: {len(writers)} department editors of {cities} cities save through the staff site's entry "
        f"form (GET the form, POST it back with a new 進捗状況; every {SUBMIT_EVERY}th save of an entry is "
        f"a 提出) at a steady {rate:g} saves/s in all, while `wrk` with {READERS} keep-alive connections, "
        f"pausing between requests so as to ask about {read_rate:g} a second in all, "
        f"reads {len(info['reader_pages'])} public pages (those of up to {READ_PLANS} plans spread over the "
        "cities, home, searches) in "
        f"turn. Same {os.cpu_count()} CPUs for everything; load average (1 min) before: "
        f"{load_before:.1f}, after: {os.getloadavg()[0]:.1f}.",
        "",
        "| measured | figure |",
        "| --- | ---: |",
        f"| saves accepted (of them 提出) | {accepted:,} ({sum(w.submitted for w in writers)}) |",
        f"| saves refused: stale form / other | {sum(w.stale for w in writers)} / "
        f"{sum(w.refused for w in writers)} |",
        f"| writer errors (HTTP other than 200/302, connection) | {len(errors)} |",
        f"| lost updates (entries checked) | {lost} ({checked}) |",
        f"| PostgreSQL and server logs | {problem_text} |",
        f"| save (POST) median / p99 | {_percentiles(saves)} |",
        f"| opening the form (GET) median / p99 | {_percentiles(opens)} |",
        f"| public reads median / p99 | {readers.p50_ms:.1f} / {readers.p99_ms:.1f} ms |",
        f"| public reads | {readers.requests:,} ({readers.requests / readers.seconds:.0f}/s), "
        f"{readers.errors} errors |",
        f"| public pages' cache hit ratio (aim ≥ 95 %) | {hit_ratio} ({served}) |",
        "",
        "Lost update: an entry whose 進捗状況 in the database is not the last text its writer was told "
        "it saved, or whose version moved on by other than the saves accepted. Hit ratio: responses "
        "with `X-Page-Cache: hit` among those the page cache answered (hit, stale, miss)."
        + (f" Examples: {'; '.join(examples)}." if examples else "")
        + (f" Writer errors, first: {'; '.join(errors[:3])}." if errors else ""),
        "",
    ]
