"""One-time passwords: handed out on paper or on screen, changed by their owner at first login.

They are drawn with :mod:`secrets` from an alphabet without the characters people misread on
paper (0/O/o, 1/l/I), in groups of four joined by hyphens: 16 characters of 31 symbols, about 79
bits. They are never stored in clear nor written to the audit trail: the services keep the hash,
the page or the command shows the password once.
"""

from __future__ import annotations

import secrets

ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
GROUPS = 4
GROUP_LENGTH = 4


def new_one_time_password() -> str:
    """A fresh password such as ``k7dm-q3xa-9pwe-hn4t``."""
    return "-".join("".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(GROUPS))
