"""Who to call about a department's entries: its contact addresses, in one place.

:func:`contact_of` is the single source of a department's contact on the 未提出 list (page and
CSV): the department's own mail address and 内線, then its active editors'.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from shinchoku.accounts.models import User
from shinchoku.plans.models import Department


@dataclass(frozen=True)
class Contact:
    """A department's people in charge (display names) and how to reach them."""

    people: tuple[str, ...]
    emails: tuple[str, ...]
    extensions: tuple[str, ...]


def department_editors(departments: Iterable[Department]) -> dict[int, list[User]]:
    """department id → its active editors (role 担当課(入力)) by name, in one query."""
    ids = [department.pk for department in departments]
    found: dict[int, list[User]] = {pk: [] for pk in ids}
    editors = (
        User.objects.filter(is_active=True, role=User.Role.EDITOR, departments__in=ids)
        .order_by("display_name", "username")
        .prefetch_related("departments")
    )
    for user in editors.distinct():
        for department in user.departments.all():
            if department.pk in found:
                found[department.pk].append(user)
    return found


def contact_of(department: Department, editors: Iterable[User]) -> Contact:
    """The contact of ``department`` from its ``editors`` (see :func:`department_editors`): the
    department's own address first when it has one, then each editor's, without duplicates."""
    people = tuple(str(user) for user in editors)
    emails = [department.email, *(user.email for user in editors)]
    extensions = [department.extension, *(user.extension for user in editors)]
    return Contact(
        people,
        tuple(dict.fromkeys(email.strip() for email in emails if email.strip())),
        tuple(dict.fromkeys(extension.strip() for extension in extensions if extension.strip())),
    )
