"""Open data of one round: the data set (:mod:`.dataset`), its tables (:mod:`.columns`), the
nested JSON document (:mod:`.document`) and stable ids (:mod:`.ids`).

The CSV and JSON report formats and the read API all serialise from here, so the three always
carry the same data. The published data dictionary is ``docs/opendata.md``.
"""
