"""One-time passwords: handed out on paper or on screen, changed by their owner at first login.

They are drawn with :mod:`secrets` from an alphabet without the characters people misread on
paper (0/O/o, 1/l/I), in groups of four joined by hyphens: 16 characters of 31 symbols, about 79
bits. They are never stored in clear nor written to the audit trail: the services keep the hash,
the page or the command shows the password once.

Their hash takes :data:`ITERATIONS` rounds of PBKDF2 instead of Django's million. The million
rounds slow down guessing a password a person chose; nobody guesses 79 random bits, and the
million rounds cost 0.5–1.5 s a user, a minute for a sheet of 40 people, in one request and one
transaction. Django rehashes with its full count when the owner signs in, and the owner replaces
the password at once anyway.
"""

from __future__ import annotations

import secrets

from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher, make_password

ITERATIONS = 1_000

ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
GROUPS = 4
GROUP_LENGTH = 4


def new_one_time_password() -> str:
    """A fresh password such as ``k7dm-q3xa-9pwe-hn4t``."""
    return "-".join("".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(GROUPS))


def hash_one_time_password(password: str) -> str:
    """The stored form of a password from :func:`new_one_time_password`: PBKDF2 with
    :data:`ITERATIONS` rounds when the configured hasher is PBKDF2 (Django's default), else
    whatever that hasher makes."""
    hasher = get_hasher("default")
    if isinstance(hasher, PBKDF2PasswordHasher):
        return str(hasher.encode(password, hasher.salt(), iterations=ITERATIONS))
    return make_password(password)
