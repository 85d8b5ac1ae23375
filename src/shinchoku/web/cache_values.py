"""How values are written into the caches: pickled, and compressed with zlib when they are big.

Rendered pages are most of what the caches hold, and HTML compresses well: a 280 KB dashboard
becomes about 30 KB at zlib level 1 (a 140 KB plan page about 9 KB), which is ten times as many pages
in the same memory, and a tenth of the bytes each hit moves from Redis. Compressing costs a few
milliseconds once per render (itself a hundred or more); decompressing about a millisecond per hit
of the biggest pages, a tenth of that for the usual ones. Values under ``COMPRESS_FROM`` bytes
(the render claims, small pages) are kept as they are: their compression gains nothing.

A pickle of protocol 2 or later always begins with the PROTO opcode (0x80) and a zlib stream never
does (0x78 with the default window), so the first byte tells them apart.
"""

from __future__ import annotations

import pickle
import zlib
from typing import Any

from django.core.cache.backends.redis import RedisSerializer

COMPRESS_FROM = 1024
LEVEL = 1
_PICKLE = b"\x80"


def dump(value: Any) -> bytes:
    """``value`` as the bytes to store."""
    pickled = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    return zlib.compress(pickled, LEVEL) if len(pickled) >= COMPRESS_FROM else pickled


def load(data: bytes) -> Any:
    """The value that :func:`dump` wrote as ``data``."""
    return pickle.loads(data if data[:1] == _PICKLE else zlib.decompress(data))


class CompressingRedisSerializer(RedisSerializer):
    """Django's Redis serializer (whole numbers stay numbers, for ``incr``), with :func:`dump`."""

    def dumps(self, obj: Any) -> Any:
        return obj if type(obj) is int else dump(obj)

    def loads(self, data: Any) -> Any:
        try:
            return int(data)
        except ValueError:
            return load(data)
