"""The PDF of the report: WeasyPrint layout of the shared HTML templates, in cached parts.

- :mod:`.engine`: laying out parts (front matter, one part per 施策), numbering pages and
  writing the tagged PDF; a naive one-document render for comparison.
- :mod:`.cache`: rendered parts kept in memory by content hash, whole PDFs on disk.
"""
