"""The PDF of the report: Typst typesets the template ``reports/report.typ`` from the content.

- :mod:`.typeset`: the content as the template's input, and one warm Typst compiler per process;
- :mod:`.cache`: finished reports on disk, by content hash.
"""
