"""Which cleaner each stored text field gets: the one table read by the services, which clean
what a person typed before storing it, and by the data migration that cleans what was stored
before they did.

Multi-line texts (an entry's 進捗状況, an opinion) keep their line breaks and lose their outer
white space; one-line texts (names, labels, codes) become one line (see
:func:`shinchoku.core.text.clean_typed_line`). Both remove the characters that no output can
carry (controls, noncharacters, bidi overrides). Fields are named by Django's lower-case model
label (``app_label.modelname``) so that this module needs no Django import.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from shinchoku.core.text import clean_typed_line, clean_typed_text

Cleaner = Callable[[str], str]


def clean_typed_block(text: str) -> str:
    """A multi-line text as stored: :func:`clean_typed_text` and no outer white space.

    Cleaning comes first, so a control character at either end cannot shield white space from
    the strip. Idempotent."""
    return clean_typed_text(text).strip()


BLOCK: Cleaner = clean_typed_block
LINE: Cleaner = clean_typed_line

TYPED_FIELDS: Mapping[str, Mapping[str, Cleaner]] = {
    "evaluations.entry": {
        "final_target": BLOCK,
        "year_target": BLOCK,
        "progress": BLOCK,
        "reason": BLOCK,
        "next_year_goal": BLOCK,
        "review_comment": BLOCK,
    },
    "evaluations.nodeevaluation": {"comment": BLOCK},
    "evaluations.projecttarget": {"year_target": BLOCK},
    "evaluations.indicatorvalue": {"note": BLOCK},
    "evaluations.committeeopinion": {"opinion": BLOCK, "response": BLOCK},
    "evaluations.qualitydismissal": {"reason": BLOCK},
    "accounts.user": {"username": LINE, "display_name": LINE},
    "plans.municipality": {"name": LINE},
    "plans.department": {"name": LINE, "email": LINE, "extension": LINE},
    "plans.departmentnamechange": {"previous_name": LINE},
    "plans.ratingscale": {"name": LINE},
    "plans.ratingcode": {"code": LINE, "label": LINE, "definition": BLOCK},
    "plans.plan": {"title": LINE},
    "plans.plannode": {"code": LINE, "title": LINE, "description": BLOCK, "final_target": BLOCK},
    "plans.indicator": {"label": LINE, "unit": LINE},
    "ingest.importreviewitem": {"note": BLOCK},
    "editions.correction": {
        "place": LINE,
        "previous_value": BLOCK,
        "corrected_value": BLOCK,
        "reason": BLOCK,
    },
}


def clean_field(model_label: str, field: str, text: str) -> str:
    """``text`` cleaned as field ``field`` of model ``model_label`` stores it.

    Raises KeyError for a field missing from :data:`TYPED_FIELDS`, so that a service cannot
    store a typed text the data migration would not know about."""
    return TYPED_FIELDS[model_label][field](text)
