"""Who hears about a department's entries: its editors (入力担当), its 所属長 (approvers) and the
department's own mailbox. Only active users of the department's municipality are counted."""

from __future__ import annotations

from django.db.models import QuerySet

from shinchoku.accounts.models import User
from shinchoku.plans.models import Department


def department_users(department: Department, role: User.Role) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True, role=role, departments=department, municipality_id=department.municipality_id
    ).order_by("username")


def addresses(department: Department | None, users: list[User]) -> tuple[str, ...]:
    """The mail addresses of ``department`` (when given) and of ``users``, once each, in order."""
    found = [department.email] if department is not None else []
    found += [user.email for user in users]
    return tuple(dict.fromkeys(address.strip() for address in found if address.strip()))
