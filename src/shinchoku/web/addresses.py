"""Page addresses built from one reverse per URL pattern instead of one per link.

A plan page links to hundreds of nodes; Django's ``reverse`` matches the pattern again for every
link. :func:`address` reverses a pattern once with placeholder numbers, keeps the result as a
format string and fills in the ids: the same address, at the cost of a string format.
:func:`addresser` also reads the request's urlconf and script prefix once, for a page that writes
many links to one pattern.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

# Ids no real row reaches, each distinct, so that every one is found exactly once in the address.
_PLACEHOLDERS = tuple(987_654_321_000 + position for position in range(8))


def address(name: str, *args: Any) -> str:
    """``reverse(name, args=args)``; when every argument is a non-negative int (an id), from the
    pattern's format string."""
    return addresser(name, len(args))(*args)


def addresser(name: str, arity: int) -> Callable[..., str]:
    """:func:`address` of ``name`` for ``arity`` arguments, as a function valid for the rest of the
    current request (whose urlconf and script prefix it reads now)."""
    pattern = None
    if 0 < arity <= len(_PLACEHOLDERS):
        pattern = _pattern(name, arity, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)

    def fill(*args: Any) -> str:
        if pattern is None or not all(type(a) is int and a >= 0 for a in args):
            return reverse(name, args=args)
        return pattern.format(*args)

    return fill


@functools.lru_cache(maxsize=512)
def _pattern(name: str, arity: int, script_prefix: str, urlconf: str) -> str | None:
    """The address of ``name`` as a format string with one ``{n}`` per argument; None when the
    pattern does not take the placeholders or they cannot be told apart in its address."""
    try:
        path = reverse(name, args=_PLACEHOLDERS[:arity], urlconf=urlconf)
    except NoReverseMatch:  # a converter narrower than any id: let reverse judge each call
        return None
    path = path.replace("{", "{{").replace("}", "}}")
    for position, placeholder in enumerate(_PLACEHOLDERS[:arity]):
        if path.count(str(placeholder)) != 1:
            return None
        path = path.replace(str(placeholder), f"{{{position}}}")
    return path
