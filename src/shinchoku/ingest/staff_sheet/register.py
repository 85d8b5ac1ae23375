"""The 事務局 registering staff from a sheet: receive (keep the file, preview it), review a kept
file again, and register every new row or none.

The file is kept between the preview and the commit by the department workbook's
:mod:`~shinchoku.ingest.workbook.storage` (named by its SHA-256); the commit reads it again and
checks everything again. Each user is created by :func:`shinchoku.accounts.services.create_user`
(one audit entry each) with a one-time password from
:func:`~shinchoku.accounts.one_time_passwords.new_one_time_password` that its owner must change at
first login. The passwords are returned once, to be printed, and kept nowhere in clear.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.accounts.one_time_passwords import new_one_time_password
from shinchoku.accounts.secretariat_plans import set_secretariat_plans
from shinchoku.accounts.services import create_user
from shinchoku.ingest.staff_sheet.layout import SheetProblem
from shinchoku.ingest.staff_sheet.preview import USERNAME, StaffPreview, preview_staff_sheet
from shinchoku.ingest.workbook.storage import discard_upload, load_upload, store_upload

REFUSAL = "職員の一括登録は、自治体の事務局の職員だけが行えます。"


@dataclass(frozen=True)
class IssuedPassword:
    user: User
    password: str


@dataclass(frozen=True)
class ReceivedStaffSheet:
    token: str  # "" when the file is not kept (nothing in it can be registered)
    preview: StaffPreview


class StaffSheetRejectedError(ValueError):
    """The kept file no longer passes the checks (someone registered a login ID meanwhile …);
    nothing was registered. ``preview`` shows why."""

    def __init__(self, preview: StaffPreview) -> None:
        self.preview = preview
        super().__init__("; ".join(str(problem) for problem in preview.all_problems))


def _municipality_id(actor: User) -> int:
    municipality_id = actor.municipality_id
    if municipality_id is None or not permissions.can_manage_users(actor, municipality_id):
        raise PermissionDenied(REFUSAL)
    return municipality_id


def receive_staff_sheet(actor: User, *, data: bytes, file_name: str) -> ReceivedStaffSheet:
    """Preview ``data`` for ``actor``'s municipality and keep it when it can be registered."""
    preview = preview_staff_sheet(_municipality_id(actor), data=data, file_name=file_name)
    return ReceivedStaffSheet(store_upload(data) if preview.can_commit else "", preview)


def register_staff(actor: User, *, token: str, file_name: str) -> list[IssuedPassword]:
    """Create a user for every new row of the kept file, all or none, and return their one-time
    passwords in the file's order. Raises PermissionDenied,
    :class:`~shinchoku.ingest.workbook.storage.UploadExpiredError` or
    :class:`StaffSheetRejectedError` (nothing registered)."""
    municipality_id = _municipality_id(actor)
    preview = preview_staff_sheet(municipality_id, data=load_upload(token), file_name=file_name)
    if not preview.can_commit:
        raise StaffSheetRejectedError(preview)
    issued: list[IssuedPassword] = []
    try:
        with transaction.atomic():
            for row in preview.new_rows:
                password = new_one_time_password()
                user = create_user(
                    actor,
                    username=row.username,
                    display_name=row.display_name,
                    role=row.role,
                    department_ids=row.department_ids,
                    password=password,
                    must_change_password=True,
                    generated=True,
                    email=row.email,
                    extension=row.extension,
                )
                if row.plan_ids:
                    set_secretariat_plans(actor, user.pk, row.plan_ids)
                issued.append(IssuedPassword(user, password))
    except ValidationError as error:
        # A login ID taken between the check and the commit: say which row, register nobody.
        failed = preview.new_rows[len(issued)]
        messages = " ".join(message for field in error.message_dict.values() for message in field)
        failed.problems.append(SheetProblem(messages, None, failed.row, USERNAME))
        raise StaffSheetRejectedError(preview) from error
    discard_upload(token)
    return issued
