"""Which part of the audit log a cached page depends on: its :data:`~shinchoku.web.data_version.Scope`.

A page's scope must hold every change that can alter it, and as few others as possible: a change
outside the scope leaves the stored page current. :func:`~shinchoku.web.page_cache.cached_page` asks
a resolver, given the page's audience, its request and its URL's keyword arguments:

* :func:`every_city` (the default): the pages that span every municipality (home, search, API
  lists). The public site depends on every public change; the staff site also on every change of
  the reader's own municipality (it shows their drafts) and every global one.
* :func:`plan_city`: the pages of one plan (``plan_id`` in the URL). They depend on the changes of
  the plan's *municipality*, not of the plan alone: a 共通事業 page shows another plan's entries
  of the same city, departments are the city's, and the public changes of a city (publication,
  corrections, plan edits) are rare, so the wider scope costs little and cannot miss a change.
  The public site depends on the city's public changes; the staff site also on every change of
  the reader's own municipality (for the city's own staff, that is every change of the plan's
  city, drafts included; others see the plan's published rounds only). The plan's municipality is
  read by the version's own query (:class:`~shinchoku.web.data_version.Lane` ``plan_city``).

Changes recorded without a municipality are in every scope (on the public site, the public ones).
A superuser reads every city's drafts: their pages depend on the whole log.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from shinchoku.accounts.models import User
from shinchoku.web.audience import Audience
from shinchoku.web.data_version import EVERYTHING, GLOBAL, GLOBAL_PUBLIC, PUBLIC, Lane, Scope

ScopeResolver = Callable[[Audience, HttpRequest, Mapping[str, Any]], Scope]


def every_city(audience: Audience, request: HttpRequest, kwargs: Mapping[str, Any]) -> Scope:
    """The scope of a page spanning every municipality (see the module's docstring)."""
    if not audience.is_staff:
        return (PUBLIC,)
    member = _member(request.user)
    if member is None or member.is_superuser or member.municipality_id is None:
        return (EVERYTHING,)
    return (PUBLIC, Lane("city", member.municipality_id), GLOBAL)


def plan_city(audience: Audience, request: HttpRequest, kwargs: Mapping[str, Any]) -> Scope:
    """The scope of a page of the plan ``kwargs["plan_id"]`` (see the module's docstring)."""
    plan_id = int(kwargs["plan_id"])
    if not audience.is_staff:
        return (Lane("plan_city_public", plan_id), GLOBAL_PUBLIC)
    member = _member(request.user)
    if member is None or member.is_superuser or member.municipality_id is None:
        return (EVERYTHING,)
    return (Lane("plan_city_public", plan_id), Lane("city", member.municipality_id), GLOBAL)


def _member(user: User | AnonymousUser) -> User | None:
    return user if isinstance(user, User) and user.is_authenticated and user.is_active else None
