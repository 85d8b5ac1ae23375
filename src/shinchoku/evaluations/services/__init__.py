"""The use cases of the yearly round, one function each (see DESIGN.md §3).

Every function takes the acting user first, checks :mod:`shinchoku.accounts.permissions`, runs in
one transaction and records an audit entry. Views, the Excel upload and the tests all call these.
"""

from shinchoku.evaluations.services.committee import respond_to_opinion, write_opinion
from shinchoku.evaluations.services.entries import (
    EntryDraft,
    IndicatorActual,
    approve_entry,
    approve_entry_for_department,
    reopen_entry,
    return_entry,
    save_entry,
    save_entry_with_actuals,
    submission_errors,
    submit_entry,
)
from shinchoku.evaluations.services.errors import (
    EntryValidationError,
    OtherSave,
    StaleRecordError,
    WorkflowError,
)
from shinchoku.evaluations.services.indicators import record_indicator_value
from shinchoku.evaluations.services.node_evaluations import evaluate_node, suggest_node_rating
from shinchoku.evaluations.services.rounds import (
    close_round,
    open_round,
    publish_round,
    reopen_round,
    set_deadline,
    start_collecting,
    start_review,
)

__all__ = [
    "EntryDraft",
    "EntryValidationError",
    "IndicatorActual",
    "OtherSave",
    "StaleRecordError",
    "WorkflowError",
    "approve_entry",
    "approve_entry_for_department",
    "close_round",
    "evaluate_node",
    "open_round",
    "publish_round",
    "record_indicator_value",
    "reopen_entry",
    "reopen_round",
    "respond_to_opinion",
    "return_entry",
    "save_entry",
    "save_entry_with_actuals",
    "set_deadline",
    "start_collecting",
    "start_review",
    "submission_errors",
    "submit_entry",
    "suggest_node_rating",
    "write_opinion",
]
