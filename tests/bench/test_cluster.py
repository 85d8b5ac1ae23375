"""The load benchmarks' harness works: nginx in front of two servers on PostgreSQL and Redis answers
from both, ``wrk``'s script counts the page cache's answers, and a writer's save through the real
entry form is found in the database (and a changed one is reported as a lost update).

One small cluster (the demo dataset at scale 1, one process per server) is started for the module.
Needs Debian's nginx, redis-server, wrk and PostgreSQL (see .ci/run): missing, the tests fail under
CI and are skipped elsewhere.
"""

from __future__ import annotations

import http.client
import subprocess
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from bench.cluster import FLOOR, Cluster, get, nginx_config, running_cluster, warm, wrk
from bench.peak_season import Writer, lost_updates, read_entry_form, save_once

from tests.test_tls_proxy import tool

ENTRY_FORM = """
<form method="post" action="/elsewhere/"><input name="other" value="x"></form>
<form method="post" class="entry-form" novalidate>
  <input type="hidden" name="csrfmiddlewaretoken" value="token">
  <textarea name="progress">前の進捗</textarea>
  <input type="radio" name="rating" value="A"><input type="radio" name="rating" value="B" checked>
  <select name="kind"><option value="x">X</option><option value="y">Y</option></select>
  <input type="hidden" name="version" value="3">
  <input type="checkbox" name="unchecked" value="on">
  <button type="submit" name="action" value="draft">下書き保存</button>
</form>
"""


def test_the_entry_form_is_read_as_a_browser_would_post_it() -> None:
    form = read_entry_form(ENTRY_FORM)

    assert form.fields == {
        "csrfmiddlewaretoken": "token",
        "progress": "前の進捗",
        "rating": "B",
        "kind": "x",
        "version": "3",
    }
    assert form.rating_codes == ["A", "B"]


def test_the_nginx_config_balances_over_every_server(tmp_path: Path) -> None:
    nginx = tool("nginx")
    (tmp_path / "nginx.conf").write_text(nginx_config(tmp_path, 18080, [18081, 18082]), encoding="utf-8")

    checked = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True
    )

    assert checked.returncode == 0, checked.stderr
    assert "server 127.0.0.1:18081;" in (tmp_path / "nginx.conf").read_text()
    assert "server 127.0.0.1:18082;" in (tmp_path / "nginx.conf").read_text()


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    for name in ("nginx", "redis-server", "wrk"):
        tool(name)
    from tests.postgres_server import PostgresUnavailableError, _binary

    try:
        _binary("initdb")
    except PostgresUnavailableError:
        tool("initdb")  # fails under CI, skips elsewhere, naming the package
    with running_cluster(size=1, editors=1, workers=1) as running:
        yield running


def test_both_servers_answer_through_nginx(cluster: Cluster) -> None:
    upstreams = {get(cluster.port, FLOOR)[1]["X-Upstream"] for _ in range(8)}

    assert upstreams == {f"127.0.0.1:{port}" for port in cluster.upstreams}


def test_wrk_counts_how_the_page_cache_served_each_response(cluster: Cluster) -> None:
    plan_page = dict(cluster.info["pages"])["plan"]
    warm(cluster, [plan_page])  # a request still being rendered when wrk stops is not counted

    result = wrk(cluster, [plan_page], seconds=2, connections=4, rate=200)

    assert result.requests > 0
    assert result.errors == 0
    assert sum(result.served[name] for name in ("hit", "stale", "miss")) == result.requests


def test_writers_saves_are_found_and_an_entry_changed_behind_them_is_a_lost_update(cluster: Cluster) -> None:
    editor = cluster.info["editors"][0]
    name, value = editor["cookie"].split("=", 1)
    writer = Writer(0, {name: value}, editor["entries"])
    entry_id = editor["entries"][0]
    connection = http.client.HTTPConnection("127.0.0.1", cluster.port, timeout=60)

    drafted = save_once(connection, writer, entry_id, submit=False)
    submitted = save_once(connection, writer, entry_id, submit=True)
    connection.close()

    assert (drafted, submitted) == (False, True)
    assert writer.accepted == {entry_id: 2}, writer.errors
    assert lost_updates(cluster, [writer])[:2] == (1, 0)
    url = cluster.database_url.replace("postgres://", "postgresql://", 1)
    with psycopg.connect(url) as database:
        database.execute("UPDATE evaluations_entry SET progress = 'ほかの内容' WHERE id = %s", [entry_id])
    assert lost_updates(cluster, [writer])[:2] == (1, 1)
