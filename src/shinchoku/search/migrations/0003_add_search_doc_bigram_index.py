"""PostgreSQL only: a GIN index over the 2-character pieces (bigrams) of each search key.

pg_trgm (migration 0001) serves words of 3 characters or more; a 2-character word (福祉, 後見) over
every city of a national deployment was a scan of every key. ``search_bigrams(key) @> ARRAY[word]``
finds the keys holding a 2-character word through this index (the ``LIKE`` stays as the exact
check), see :func:`shinchoku.search.query.matching_entries` and bench/search_national.py.
"""

from django.db import migrations

BIGRAM_SQL = [
    # IMMUTABLE: the same text always has the same pieces, which an expression index requires.
    "CREATE FUNCTION search_bigrams(text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS "
    "$$ SELECT ARRAY(SELECT DISTINCT substr($1, i, 2) FROM generate_series(1, length($1) - 1) AS i) $$",
    "CREATE INDEX search_doc_key_bigrams ON search_searchdocument USING gin (search_bigrams(key))",
]


def create_bigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BIGRAM_SQL:
            schema_editor.execute(statement)


def drop_bigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_doc_key_bigrams")
        schema_editor.execute("DROP FUNCTION IF EXISTS search_bigrams(text)")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_relabel_search_document_policy")]

    operations = [migrations.RunPython(create_bigram_index, drop_bigram_index)]
