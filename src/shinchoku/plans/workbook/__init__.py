"""The plan workbook (計画の体系ファイル): one Excel file holding a whole plan.

read (cells → :class:`~.document.PlanDocument`) → validate (pure cross-checks) → diff (the plan in
the database against the document) → apply (one service, all or nothing) ; export writes the
document of a plan, the blank template and the filled example back to a file.
"""
