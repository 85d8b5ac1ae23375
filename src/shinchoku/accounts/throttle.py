"""Limits on sign-in attempts, counted per (login ID, client address) and per client address.

The rules (numbers below):

* From one address, one login ID gets :data:`PAIR_LIMIT` attempts per :data:`WINDOW`; then the pair is
  refused without the password being checked until the window ends.
* One address gets :data:`ADDRESS_LIMIT` failed attempts per :data:`WINDOW` over all login IDs,
  known or not (guessing one common password for many IDs); then every attempt from it is refused
  until the window ends.
* No account is ever locked as a whole: the right password from any other address still signs in,
  so nobody can lock the 事務局 out by guessing from the outside. A distributed guess is bounded
  by the number of addresses the guesser holds (in a 庁内 network, few), and every failure of a
  known account is in the audit trail.

An attempt is *reserved* before its password is checked, by one conditional UPDATE per counter
(``attempts < limit``): in PostgreSQL the row lock makes concurrent UPDATEs wait and re-read the
condition, in SQLite writers are serialised, so however many sign-ins arrive at once, at most
:data:`PAIR_LIMIT` wrong passwords are ever checked per pair and window. A successful sign-in gives
its attempt back to its pair and its address (a success is not a failure), but leaves the failures
before it counted until their window ends.

Unknown login IDs are counted exactly like known ones, and every refusal has the same message,
so the limits tell nothing about which IDs exist.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import F, Q, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from shinchoku.accounts.models import LoginThrottle

Scope = LoginThrottle.Scope

# Five tries absorb the usual typing slips (caps lock, the wrong keyboard layout); five guesses per
# quarter hour and address make online guessing of a password useless.
PAIR_LIMIT = 5
# Several people may share one address (a NAT, a proxy not declared trusted), so the address limit
# is ten times the pair's: beyond the slips of a whole office, well below a guessing robot.
ADDRESS_LIMIT = 50
WINDOW = timedelta(minutes=15)
USERNAME_LENGTH = 150


@dataclass(frozen=True)
class Limited:
    """A pair that is refused for now: from ``address`` until ``until``."""

    address: str
    until: datetime


def reserve_attempt(username: str, address: str, now: datetime | None = None) -> bool:
    """Count one attempt of ``username`` from ``address``; False when a limit refuses it, in which
    case the password must not be checked. The address is counted first: an attempt refused for
    its pair still counts against its address."""
    now = now or timezone.now()
    username = username[:USERNAME_LENGTH]
    purge(now)
    if not _reserve(Q(scope=Scope.ADDRESS, username="", address=address), ADDRESS_LIMIT, now):
        return False
    return _reserve(Q(scope=Scope.PAIR, username=username, address=address), PAIR_LIMIT, now)


def record_success(username: str, address: str) -> None:
    """The password was right: the attempt is given back to its pair and its address (a success is
    not a failure). The failures before it still count until their window ends: resetting the
    count here would let a burst of guesses racing a successful sign-in past the limit."""
    for key in (
        Q(scope=Scope.PAIR, username=username[:USERNAME_LENGTH], address=address),
        Q(scope=Scope.ADDRESS, username="", address=address),
    ):
        LoginThrottle.objects.filter(key).update(attempts=Greatest(F("attempts") - 1, Value(0)))


def clear(username: str) -> int:
    """Lift every limit on ``username`` (the 事務局's 制限の解除, a password reset); how many
    addresses were limited."""
    limited = len(limited_addresses(username))
    LoginThrottle.objects.filter(scope=Scope.PAIR, username=username).delete()
    return limited


def limited_addresses(username: str, now: datetime | None = None) -> list[Limited]:
    """The addresses from which ``username`` is refused at ``now``, the latest limit first."""
    return limited_addresses_of([username], now).get(username, [])


def limited_addresses_of(usernames: Collection[str], now: datetime | None = None) -> dict[str, list[Limited]]:
    """:func:`limited_addresses` of several login IDs in one query (those without a limit left out)."""
    now = now or timezone.now()
    rows = LoginThrottle.objects.filter(
        scope=Scope.PAIR, username__in=usernames, attempts__gte=PAIR_LIMIT, window_start__gt=now - WINDOW
    ).order_by("-window_start", "address")
    found: dict[str, list[Limited]] = {}
    for row in rows:
        found.setdefault(row.username, []).append(Limited(row.address, row.window_start + WINDOW))
    return found


def _reserve(key: Q, limit: int, now: datetime) -> bool:
    """Take one of the ``limit`` attempts of the window of the counter ``key``. Each statement is
    atomic on its own, so no transaction is needed (and none would make it more so)."""
    fields = {child[0]: child[1] for child in key.children if isinstance(child, tuple)}
    for _ in range(2):  # a second time only if a purge removed the row between the statements
        # Two first attempts at once: the second insert is ignored, both then update the one row.
        LoginThrottle.objects.bulk_create(
            [LoginThrottle(**fields, attempts=0, window_start=now)], ignore_conflicts=True
        )
        LoginThrottle.objects.filter(key, window_start__lte=now - WINDOW).update(attempts=0, window_start=now)
        if LoginThrottle.objects.filter(key, attempts__lt=limit).update(attempts=F("attempts") + 1):
            return True
        if LoginThrottle.objects.filter(key).exists():
            return False
    return False


def purge(now: datetime | None = None) -> int:
    """Delete the counters whose window ended a window ago (they limit nothing any more)."""
    now = now or timezone.now()
    deleted, _ = LoginThrottle.objects.filter(window_start__lt=now - 2 * WINDOW).delete()
    return deleted
