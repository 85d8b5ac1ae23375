"""The PDF of the report: WeasyPrint layouts of the shared HTML templates, in parts merged by pikepdf.

- :mod:`.parts`: what the report is cut into (cover and contents, summary, each 施策, the stamp
  with running header and page numbers) and the HTML each part is laid out from;
- :mod:`.layout`: WeasyPrint, for one part or (naively, for comparison) the whole report;
- :mod:`.engine`: which parts to lay out, in worker processes, and the cover's page numbers;
- :mod:`.assemble` and :mod:`.font_subsets`: merging the parts' PDFs into one tagged PDF;
- :mod:`.cache`: finished reports and laid-out parts on disk, by content hash.
"""
