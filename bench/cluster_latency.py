"""Public pages at 64 concurrent clients against two servers behind nginx, on PostgreSQL and Redis.

:func:`bench.cluster.running_cluster` starts the deployment; then, page type by page type, ``wrk``
(64 keep-alive connections through nginx) requests one city's public page for ``seconds``, from the
page cache warmed first, and the floor view (``/bench/floor/``: no template, no query) the same way
in the same run, through the same nginx: the figure each page's is read beside. The page types are
read from the public URLconf (:func:`bench.cluster._public_pages`), so the pages other helpers add
(a prefecture's page) are measured without editing this file.
"""

from __future__ import annotations

import os

from bench.cluster import FLOOR, WrkResult, command_line, dataset_size, running_cluster, warm, wrk

CLIENTS = 64
AIM_MS = 100.0  # issue 15: p99 under 100 ms cached, and within 3× the floor


def _cells(result: WrkResult) -> str:
    share = result.cached_share
    cached = "—" if share is None else f"{share:.0%}"
    errors = f"{result.errors}" if result.errors else "0"
    rate = result.requests / result.seconds if result.seconds else 0.0
    return f"{result.p50_ms:.1f} / {result.p99_ms:.1f} ms | {rate:.0f}/s | {cached} | {errors}"


def run(*, quick: bool) -> list[str]:
    size, seconds = dataset_size(quick=quick), 3.0 if quick else 15.0
    load_before = os.getloadavg()[0]
    with running_cluster(size=size) as cluster:
        info = cluster.info
        floor = wrk(cluster, [FLOOR], seconds=seconds, connections=CLIENTS)
        rows: list[tuple[str, str, WrkResult]] = []
        for label, path in info["pages"]:
            warm(cluster, [path])
            rows.append((label, path, wrk(cluster, [path], seconds=seconds, connections=CLIENTS)))
        floor_after = wrk(cluster, [FLOOR], seconds=seconds, connections=CLIENTS)
    floor_p99 = max(floor.p99_ms, floor_after.p99_ms)
    lines = [
        f"## Public pages at {CLIENTS} clients, two servers behind nginx",
        "",
        f"`{command_line('cluster', quick=quick)}`: two `shinchoku serve` "
        f"(default processes of 8 threads each, production settings) on one PostgreSQL, page cache in "
        "Redis (`SHINCHOKU_CACHE_URL`; a build without it keeps one cache per process), nginx in front "
        f"(one upstream of both, keep-alive). Dataset: {info['municipalities']} municipalities, "
        f"{info['plans']} plans, {info['entries']:,} entries (generated in {info['generation_s']:.0f} s). "
        f"`wrk` with {CLIENTS} keep-alive connections for {seconds:.0f} s per page type, on the same "
        f"{os.cpu_count()} CPUs as the servers, PostgreSQL, Redis and nginx; each page warmed first. "
        "Floor: `/bench/floor/` (no template, no query) through the same nginx, before and after the "
        f"pages. Load average (1 min) before: {load_before:.1f}, after: {os.getloadavg()[0]:.1f}.",
        "",
        "| page | path | median / p99 | throughput | from the cache | errors | p99 ÷ floor p99 |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
        f"| floor, before | `{FLOOR}` | {_cells(floor)} | ×1.0 |",
    ]
    for label, path, result in rows:
        lines.append(f"| {label} | `{path}` | {_cells(result)} | ×{result.p99_ms / floor_p99:.1f} |")
    lines.append(f"| floor, after | `{FLOOR}` | {_cells(floor_after)} | ×1.0 |")
    missed = [
        f"{label} ({result.p99_ms:.0f} ms, ×{result.p99_ms / floor_p99:.1f})"
        for label, _, result in rows
        if result.p99_ms > AIM_MS or result.p99_ms > 3 * floor_p99 or result.errors
    ]
    lines += [
        "",
        f"Aim (p99 under {AIM_MS:.0f} ms and within 3× the floor's p99, the larger of the two floor runs: "
        f"{floor_p99:.1f} ms): {'met by every page' if not missed else 'missed by ' + ', '.join(missed)}. "
        "'From the cache' is the share of responses with `X-Page-Cache: hit` among those the page cache "
        "answered (hit, stale, miss).",
        "",
        "Why a page misses the aim, as this run measures it: wrk, nginx, both servers, Redis and "
        f"PostgreSQL share the same {os.cpu_count()} CPUs, and the floor view, which does no work at all, "
        f"already reaches a p99 of {floor_p99:.1f} ms at {CLIENTS} connections. Every page here is served "
        "from the cache, so what a page adds to the floor is the work of a cache hit (the version query, "
        "the Redis read, decompressing the stored page, the visitor's account menu) queued behind "
        f"{CLIENTS - 1} other requests on those CPUs.",
        "",
    ]
    return lines
