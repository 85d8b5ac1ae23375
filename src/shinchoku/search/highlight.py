"""Finding search terms in displayed text and marking them, safely.

Matching happens on search keys (NFKC, case-folded, no spaces), but the text shown is the
original. The text is cut into clusters (a character with the combining or half-width voicing
marks that follow it, so that ｶﾞ stays one unit), each cluster gets its own key, and a match in
the joined keys maps back to the clusters it covers. Everything is escaped before ``<mark>`` is
added, so the output is safe HTML whatever the text holds.
"""

from __future__ import annotations

import functools
import html
import unicodedata
from dataclasses import dataclass

from shinchoku.core.text import search_key

# Half-width katakana voiced and semi-voiced sound marks: they combine with the preceding kana.
_HALFWIDTH_VOICING = {"\uff9e", "\uff9f"}


def _joins_previous(char: str) -> bool:
    return unicodedata.combining(char) > 0 or char in _HALFWIDTH_VOICING


def _clusters(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for index, char in enumerate(text):
        if spans and _joins_previous(char):
            spans[-1] = (spans[-1][0], index + 1)
        else:
            spans.append((index, index + 1))
    return spans


# Texts repeat a small set of characters: caching each cluster's key makes mapping cheap.
_cluster_key = functools.lru_cache(maxsize=8192)(search_key)


@dataclass(frozen=True)
class _KeyedText:
    """The search key of a text with, for each key character, the cluster it came from."""

    text: str
    clusters: list[tuple[int, int]]
    key: str
    owner: list[int]

    @classmethod
    def of(cls, text: str) -> _KeyedText:
        clusters = _clusters(text)
        pieces: list[str] = []
        owner: list[int] = []
        for number, (start, end) in enumerate(clusters):
            piece = _cluster_key(text[start:end])
            pieces.append(piece)
            owner.extend([number] * len(piece))
        return cls(text, clusters, "".join(pieces), owner)

    def spans(self, term: str) -> list[tuple[int, int]]:
        """Where ``term`` (a search key) occurs, as [start, end) positions in the original text."""
        found = []
        position = self.key.find(term)
        while term and position >= 0:
            last = position + len(term) - 1
            found.append((self.clusters[self.owner[position]][0], self.clusters[self.owner[last]][1]))
            position = self.key.find(term, position + 1)
        return found


def match_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Sorted, merged [start, end) spans of ``text`` where any of ``terms`` (search keys) occurs."""
    whole = search_key(text)
    if not any(term in whole for term in terms):
        return []  # the common case, decided without mapping characters
    keyed = _KeyedText.of(text)
    spans = sorted(span for term in terms for span in keyed.spans(term))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mark(text: str, spans: list[tuple[int, int]], offset: int = 0) -> str:
    """``text`` as escaped HTML with ``<mark>`` around ``spans`` (positions shifted by ``offset``)."""
    parts: list[str] = []
    cursor = 0
    for start, end in spans:
        start, end = max(start - offset, cursor), min(end - offset, len(text))
        if start >= end:
            continue
        parts += [html.escape(text[cursor:start]), "<mark>", html.escape(text[start:end]), "</mark>"]
        cursor = end
    parts.append(html.escape(text[cursor:]))
    return "".join(parts)


def highlight(text: str, terms: list[str]) -> str:
    """The whole of ``text``, escaped, with every occurrence of ``terms`` marked."""
    return mark(text, match_spans(text, terms))


def snippet(text: str, terms: list[str], width: int = 50) -> str | None:
    """About ``width`` characters either side of the first match, escaped and marked, with "…"
    where text was cut; None when no term occurs in ``text``."""
    spans = match_spans(text, terms)
    if not spans:
        return None
    first_start, first_end = spans[0]
    start = max(0, first_start - width)
    end = min(len(text), first_end + width)
    # Line breaks become spaces so the snippet reads as one line; positions are unchanged.
    window = text[start:end].replace("\r", " ").replace("\n", " ")
    body = mark(window, [span for span in spans if span[0] < end], offset=start)
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")
