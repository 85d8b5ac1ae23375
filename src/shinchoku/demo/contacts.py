"""Fictional contacts for the demo's departments and users, so that reminders have somewhere to go.

Addresses are under ``example.lg.jp`` (reserved for examples, never delivered on the internet); the
demo writes its mail to files anyway. Only empty fields are filled: an address someone typed in the
demo stays.
"""

from __future__ import annotations

from django.db import transaction

from shinchoku.accounts.models import User
from shinchoku.plans.models import Department, Municipality


def mail_domain(municipality: Municipality) -> str:
    """``city-<code>.example.lg.jp``: one fictional domain per demo municipality."""
    return f"city-{municipality.code}.example.lg.jp"


def give_demo_contacts(municipality_code: str) -> int:
    """Give every department and user of the demo municipality without an address a fictional one
    (and a 内線); return how many records were filled."""
    municipality = Municipality.objects.get(code=municipality_code)
    domain = mail_domain(municipality)
    filled = 0
    with transaction.atomic():
        departments = Department.objects.filter(municipality=municipality).order_by("position", "pk")
        for number, department in enumerate(departments, start=1):
            if department.email:
                continue
            department.email = f"ka{number:02d}@{domain}"
            department.extension = department.extension or f"{2000 + number}"
            department.save(update_fields=["email", "extension"])
            filled += 1
        for number, user in enumerate(User.objects.filter(municipality=municipality).order_by("pk"), start=1):
            if user.email:
                continue
            user.email = f"{user.username}@{domain}"
            user.extension = user.extension or f"{3000 + number}"
            user.save(update_fields=["email", "extension"])
            filled += 1
    return filled
