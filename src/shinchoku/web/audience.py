"""The two audiences of the same pages: the public site and the staff site.

Both render the same templates from the same selectors; an :class:`Audience` given by the URL map
says which URL namespace the pages link within and which rounds the reader may see.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from shinchoku.accounts.models import User
from shinchoku.accounts.permissions import visible_entries, visible_rounds
from shinchoku.evaluations.models import Round
from shinchoku.plans.models import Plan


@dataclass(frozen=True)
class Audience:
    namespace: str  # URL namespace of the pages: "public" or "web"
    is_staff: bool

    def reader(self, user: User | AnonymousUser) -> User | AnonymousUser:
        """Who the page is for: the public site reads as a visitor even when someone is signed in."""
        return user if self.is_staff else AnonymousUser()

    def rounds(self, user: User | AnonymousUser, plan: Plan) -> QuerySet[Round]:
        """The rounds shown on this site, newest first.

        The public site shows what an anonymous visitor may see (published rounds only) even to
        someone signed in; the staff site shows what :func:`visible_rounds` grants the user.
        """
        return visible_rounds(self.reader(user), plan)

    def entries(self, user: User | AnonymousUser) -> Q:
        """The entries shown on this site: on the staff site, drafts of the reader's own
        departments but never another department's (see :func:`visible_entries`)."""
        return visible_entries(self.reader(user))


PUBLIC = Audience("public", is_staff=False)
STAFF = Audience("web", is_staff=True)
