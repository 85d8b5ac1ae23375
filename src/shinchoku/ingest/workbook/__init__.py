"""The Excel round-trip of a department's entries: download a pre-filled workbook, fill it in
offline, upload it back.

build (:mod:`.source`, :mod:`.instructions`, :mod:`.build`) → parse (:mod:`.parse`) →
preview (:mod:`.preview`, kept between pages by :mod:`.storage`, :mod:`.upload`) →
commit (:mod:`.commit`, all rows or none). :mod:`.layout` is the contract between writing and
reading the file.
"""
