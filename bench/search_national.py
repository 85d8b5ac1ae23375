"""Search over about a million entries on PostgreSQL: what keeps a 2-character word bounded.

A throw-away PostgreSQL server (tests/postgres_server.py) gets a table shaped like the search index
(``search_searchdocument``: round, year, project, the normalised key; 1,741 cities of 2 plans with 5
years each) filled with generated Japanese text, words drawn with a skewed frequency so that some
2-character words are in a quarter of the entries and others in a few hundred. The pg_trgm GIN index
of migration 0001 is built on it, the bigram GIN index of migration 0003 (which a 2-character word
searched over every city uses beside its ``LIKE``), and the B-tree on (year, project) of the search
index.

Each row runs one kind of query for several words, each word ``REPEATS`` times, and gives p50/p99 in
milliseconds: the baseline is today's query at national scale (every match, the ``LIKE`` scan of
:func:`~shinchoku.search.query.matching_entries`); beside it what the search does when a city or a
prefecture is chosen (:mod:`shinchoku.search.places`: the scan reads that city's rounds only) and
the search of every city of a national deployment, which reads the first 1,000 matches in the
order of the (year, project) index (``MAX_NATIONAL_MATCHES`` of :mod:`shinchoku.search.views`).
A query slower than a second on its warm-up is run 3 times only. The plan of the slowest word of each row
is printed with ``EXPLAIN (ANALYZE, BUFFERS)`` below the table.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

import psycopg

ENTRIES = 1_000_000
CITIES = 1_741
PLANS_PER_CITY = 2
YEARS = 5
WORDS_PER_KEY = 25
REPEATS = 10
SLOW_MS = 1000  # a query slower than this once is run 3 times only
QUICK_ENTRIES = 100_000
QUICK_REPEATS = 5
CAP = 1000  # shinchoku.search.views.MAX_NATIONAL_MATCHES
TARGET_P99_MS = 100  # the aim

# The vocabulary: common words first (the power law of _SCHEMA favours them).
VOCABULARY = (  # noqa: SIM905 - a paragraph of words reads better than a list of 110
    "福祉 地域 支援 事業 推進 実施 計画 活動 高齢者 障害者 子ども 相談 後見 見守り活動 "
    "介護予防 研修 講座 連携 体制 充実 啓発 参加 住民 団体 協議会 関係機関 情報 発信 周知 "
    "拠点 整備 運営 ボランティア 社会福祉協議会 民生委員 児童委員 生活困窮 就労 自立 居場所 "
    "防災 避難 要配慮者 権利擁護 虐待防止 成年後見制度 認知症 健康づくり 食育 学習 交流 "
    "世代間 移動支援 買い物 配食 訪問 家族 介護者 孤立 孤独 包括 重層的 断らない 伴走 "
    "多文化共生 外国人 通訳 手話 点字 バリアフリー 公共交通 空き家 農福連携 商店街 "
    "子育て 保育 放課後 不登校 ひきこもり 自殺対策 依存症 更生保護 再犯防止 "
    "籍 寄付 基金 共同募金 財源 評価 指標 目標 達成 順調 遅れ 見直し 改善 継続 新規"
).split()

_SCHEMA = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
DROP TABLE IF EXISTS doc;
CREATE TABLE doc (
    id bigint PRIMARY KEY,
    round_id integer NOT NULL,
    municipality_id integer NOT NULL,
    fiscal_year integer NOT NULL,
    project_id integer NOT NULL,
    key text NOT NULL
);
"""
# One row per entry: a round of a plan of a city, and WORDS_PER_KEY words drawn with a power law
# (random()^4 favours the first words of the vocabulary), and in one entry of 2,000 a rare word
# (刑務所). Run without parameters: % is modulo.
_FILL = """
INSERT INTO doc
SELECT g,
       (g % (CITIES * PLANS)) * YEARS + (g / (CITIES * PLANS)) % YEARS,
       (g % (CITIES * PLANS)) / PLANS,
       2019 + (g / (CITIES * PLANS)) % YEARS,
       g / 7,
       (SELECT string_agg(v.w[1 + floor(power(random(), 4) * array_length(v.w, 1))::int + 0 * i], '')
          FROM generate_series(1, WORDS + (g * 0)) AS i)
         || CASE WHEN random() < 0.0005 THEN '刑務所' ELSE '' END
  FROM generate_series(1, ENTRIES) g, vocabulary v
"""
_INDEXES = """
CREATE INDEX doc_round ON doc (round_id);
CREATE INDEX doc_key_trgm ON doc USING gin (key gin_trgm_ops);
CREATE INDEX doc_order ON doc (fiscal_year, project_id);
CREATE FUNCTION search_bigrams(text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
  $$ SELECT ARRAY(SELECT DISTINCT substr($1, i, 2) FROM generate_series(1, length($1) - 1) AS i) $$;
CREATE INDEX doc_key_bigrams ON doc USING gin (search_bigrams(key));
ANALYZE doc;
"""


def _fill(connection: psycopg.Connection[Any], entries: int) -> dict[str, float]:
    """Create and fill the table, then index it; seconds taken by each step."""
    timings = {}
    started = time.perf_counter()
    connection.execute(_SCHEMA)
    connection.execute("CREATE TEMPORARY TABLE vocabulary AS SELECT %s::text[] AS w", (list(VOCABULARY),))
    sizes = {"CITIES": CITIES, "PLANS": PLANS_PER_CITY, "YEARS": YEARS, "WORDS": WORDS_PER_KEY}
    sql = _FILL.replace("ENTRIES", str(entries))
    for name, value in sizes.items():
        sql = sql.replace(name, str(value))
    connection.execute(sql.encode())
    timings["fill"] = time.perf_counter() - started
    started = time.perf_counter()
    for statement in _INDEXES.strip().split(";\n"):
        connection.execute(statement)
    timings["index"] = time.perf_counter() - started
    return timings


# Each kind of query: label → SQL with %(pattern)s, the rounds and ``{bigram}``, where a
# 2-character word searched over every city gets the condition the search adds on PostgreSQL
# (search migration 0003).
BIGRAM = 2
_BIGRAM = "AND search_bigrams(key) @> ARRAY[%(word)s]::text[] "
QUERIES: dict[str, str] = {
    "every city, every match (today)": (
        "SELECT id, round_id, project_id, fiscal_year FROM doc WHERE key LIKE %(pattern)s "
        "ORDER BY fiscal_year DESC, project_id, id"
    ),
    "one city, every match": (
        "SELECT id, round_id, project_id, fiscal_year FROM doc "
        "WHERE round_id = ANY(%(city_rounds)s) AND key LIKE %(pattern)s "
        "ORDER BY fiscal_year DESC, project_id, id"
    ),
    "one prefecture (38 cities), every match": (
        "SELECT id, round_id, project_id, fiscal_year FROM doc "
        "WHERE round_id = ANY(%(prefecture_rounds)s) AND key LIKE %(pattern)s "
        "ORDER BY fiscal_year DESC, project_id, id"
    ),
    f"every city, the first {CAP:,} matches (the search page)": (
        "SELECT id, round_id, project_id, fiscal_year FROM doc WHERE key LIKE %(pattern)s {bigram}"
        f"ORDER BY fiscal_year DESC, project_id DESC, id DESC LIMIT {CAP + 1}"
    ),
}
WORD_SETS = {
    "2 characters": ["福祉", "後見", "講座", "避難", "新規", "刑務"],
    "5 characters": ["見守り活動", "介護予防研", "社会福祉協", "成年後見制", "再犯防止更"],
}


def _rounds_of(cities: range) -> list[int]:
    per_city = PLANS_PER_CITY * YEARS
    return [round_id for city in cities for round_id in range(city * per_city, (city + 1) * per_city)]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _time(connection: psycopg.Connection[Any], sql: str, params: dict[str, Any], repeats: int) -> list[float]:
    times = []
    started = time.perf_counter()
    connection.execute(sql, params).fetchall()  # warm the cache
    if (time.perf_counter() - started) * 1000 > SLOW_MS:
        repeats = min(repeats, 3)
    for _ in range(repeats):
        started = time.perf_counter()
        connection.execute(sql, params).fetchall()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _explain(connection: psycopg.Connection[Any], sql: str, params: dict[str, Any]) -> list[str]:
    rows = connection.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params).fetchall()
    return [row[0] for row in rows]


def measure_all(connection: psycopg.Connection[Any], repeats: int) -> tuple[list[str], list[str]]:
    """The table rows and the EXPLAIN ANALYZE of the slowest word of each row."""
    rounds = {
        "city_rounds": _rounds_of(range(100, 101)),
        "prefecture_rounds": _rounds_of(range(0, CITIES, 47)),  # as many cities as a prefecture has
    }
    rows, plans = [], []
    for kind, template in QUERIES.items():
        for length, words in WORD_SETS.items():
            samples: list[float] = []
            slowest: tuple[float, str, int] = (0.0, "", 0)
            for word in words:
                sql, params = _query(template, word), rounds | {"word": word, "pattern": f"%{word}%"}
                times = _time(connection, sql, params, repeats)
                samples += times
                found = len(connection.execute(sql, params).fetchall())
                if max(times) > slowest[0]:
                    slowest = (max(times), word, found)
            p50, p99 = statistics.median(samples), _percentile(samples, 0.99)
            met = "yes" if p99 < TARGET_P99_MS else "**no**"
            rows.append(
                f"| {kind} | {length} | {p50:.1f} | {p99:.1f} | {met} | {slowest[1]} ({slowest[2]:,} rows) |"
            )
            word = slowest[1]
            params = rounds | {"word": word, "pattern": f"%{word}%"}
            explained = _explain(connection, _query(template, word), params)
            plans += ["", f"{kind}, 「{word}」:", "", "```", *explained, "```"]
    return rows, plans


def _query(template: str, word: str) -> str:
    """The SQL of ``template`` for ``word``: with the bigram condition for a 2-character word."""
    return template.replace("{bigram}", _BIGRAM if len(word) == BIGRAM else "")


WHY = " ".join(
    (
        "Where the aim is not met, the plans below say why: a word that no index serves is a scan",
        "of every key (LIKE '%…%'): pg_trgm cannot serve 1–2 characters (the bigram index serves 2);",
        "a rare 3+ character word over every city may take the same path when the planner walks the",
        "(year, project) index expecting an early stop that never comes. A search of one city reads",
        "that city's rows (the round index) whatever the word: that is what the search offers first",
        "once there are many cities.",
    )
)


def run(*, quick: bool) -> list[str]:
    from tests.postgres_server import start

    entries, repeats = (QUICK_ENTRIES, QUICK_REPEATS) if quick else (ENTRIES, REPEATS)
    url = start()
    # Client-side binding, as Django's PostgreSQL backend: each query is planned with its word (a
    # prepared generic plan cannot tell a rare word from a common one).
    with psycopg.connect(url, autocommit=True, cursor_factory=psycopg.ClientCursor) as connection:
        connection.execute("SET max_parallel_workers_per_gather = 0")  # two shared cores: one query, one core
        timings = _fill(connection, entries)
        size = connection.execute("SELECT pg_size_pretty(pg_total_relation_size('doc'))").fetchone()
        rows, plans = measure_all(connection, repeats)
    return [
        "## Search over a national index (PostgreSQL, pg_trgm)",
        "",
        f"`python -m bench.run --only search-national`: {entries:,} generated entries of {CITIES:,} cities "
        f"({PLANS_PER_CITY} plans × {YEARS} years each, {WORDS_PER_KEY} words a key), table and indexes "
        f"{size[0] if size else '?'}; filled in {timings['fill']:.0f} s, "
        f"indexed in {timings['index']:.0f} s. "
        f"Each word {repeats} times after one warm-up, one backend, no parallel workers. "
        "Milliseconds; the first row is today's query at national scale (every match), the baseline.",
        "",
        "| Query | Word | p50 ms | p99 ms | p99 < 100 ms | Slowest word (rows returned) |",
        "| --- | --- | ---: | ---: | :---: | --- |",
        *rows,
        "",
        WHY,
        "",
        "<details><summary>EXPLAIN (ANALYZE, BUFFERS) of the slowest word of each row</summary>",
        *plans,
        "",
        "</details>",
    ]
