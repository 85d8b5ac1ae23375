"""Page addresses built from one reverse per URL pattern instead of one per link.

A plan page links to hundreds of nodes; Django's ``reverse`` matches the pattern again for every
link. :func:`address` reverses a pattern once with placeholder numbers, keeps the result as a
format string and fills in the ids: the same address, at the cost of a string format.
"""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

# Ids no real row reaches, each distinct, so that every one is found exactly once in the address.
_PLACEHOLDERS = tuple(987_654_321_000 + position for position in range(8))


def address(name: str, *args: Any) -> str:
    """``reverse(name, args=args)``; when every argument is a non-negative int (an id), from the
    pattern's format string."""
    if not args or len(args) > len(_PLACEHOLDERS) or not all(type(a) is int and a >= 0 for a in args):
        return reverse(name, args=args)
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    pattern = _pattern(name, len(args), get_script_prefix(), urlconf)
    return reverse(name, args=args) if pattern is None else pattern.format(*args)


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
