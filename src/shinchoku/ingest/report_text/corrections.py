"""Keeping a person's corrections when the same (or a newer) report is imported again.

Each import records what it wrote from the file, field by field, under a key naming the object
(:attr:`shinchoku.ingest.models.ImportRun.written`). The next import compares three values of
every field it is about to write: what the previous import wrote (the baseline), what is stored
now, and what the file says now.

- stored == baseline: nobody changed it since; the file's value is written.
- stored == file: nothing to do.
- file == baseline, stored differs: a person corrected it; the correction is kept (「訂正を保持」).
- all three differ: a conflict; the correction is kept and the file's value is shown, unless the
  person asked to overwrite corrections (``overwrite``), when the file's value is written. A
  conflict left in place keeps the earlier baseline, so that it is shown again by the next
  import of the file instead of turning into a kept correction.

Values are compared in plain JSON form (codes, names, strings), never as model instances. Pure:
no Django import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Place:
    """Where a value comes from: the file line and a Japanese label of the object and field."""

    line: int
    label: str


@dataclass(frozen=True)
class Correction:
    """A field a person changed after the previous import. ``applied`` is True only for a
    conflict overwritten on request."""

    place: Place
    field: str
    stored: Any
    previous: Any
    file: Any
    conflict: bool
    applied: bool = False


@dataclass
class CorrectionGuard:
    """Decides, field by field, what an import may write. ``previous`` is the earlier import's
    ``written`` (empty for a first import)."""

    previous: dict[str, dict[str, Any]]
    overwrite: bool = False
    written: dict[str, dict[str, Any]] = field(default_factory=dict)
    kept: list[Correction] = field(default_factory=list)
    conflicts: list[Correction] = field(default_factory=list)

    def allowed(self, key: str, place: Place, values: dict[str, Any], stored: dict[str, Any]) -> set[str]:
        """The names of ``values`` (the file's, plain) that may be written over ``stored`` (plain).

        Records the file's values as this import's ``written`` and every kept or conflicting
        correction."""
        self.written[key] = dict(values)
        baseline = self.previous.get(key, {})
        allowed = set()
        for name, value in values.items():
            now = stored.get(name)
            if name not in baseline or now == baseline[name] or now == value:
                allowed.add(name)
                continue
            conflict = value != baseline[name]
            applied = conflict and self.overwrite
            found = Correction(place, name, now, baseline[name], value, conflict, applied)
            (self.conflicts if conflict else self.kept).append(found)
            if applied:
                allowed.add(name)
            elif conflict:
                # Still the earlier baseline: the conflict stays one (shown again, and applied by a
                # later import that asks for it) until someone settles it.
                self.written[key][name] = baseline[name]
        return allowed
