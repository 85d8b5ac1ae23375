"""What the workflow services raise. Every message is Japanese and says what to do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from shinchoku.audit.changes import FieldChange


class WorkflowError(Exception):
    """The operation is not possible in the current state; ``str(error)`` is for the user."""


class EntryValidationError(WorkflowError):
    """The entry cannot be submitted as it is: ``errors`` maps field names to messages."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("入力内容を確認してください: " + " / ".join(errors.values()))


@dataclass(frozen=True)
class OtherSave:
    """One save by somebody else that the reader did not see, with the fields it changed."""

    by: str
    at: datetime
    changes: tuple[FieldChange, ...]


class StaleRecordError(WorkflowError):
    """Optimistic locking refused a save: the record changed after the reader loaded it.

    ``saves`` lists what the other people changed, oldest first, so the page can show it.
    """

    def __init__(self, saves: list[OtherSave], current_version: int) -> None:
        self.saves = saves
        self.current_version = current_version
        names = "、".join(dict.fromkeys(save.by for save in saves)) or "他の利用者"
        super().__init__(
            f"{names}さんがこの内容を先に保存したため、保存できませんでした。"
            "相手の変更を確認し、必要ならあなたの変更を入れ直してから保存してください。"
        )
